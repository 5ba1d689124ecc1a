// What the fuzzer builds from: the back-end's own process specs, collections and formats, read
// from the running Worker, so every registered process and parameter schema is covered.

export type Schema = Record<string, unknown> | Schema[];

export interface ParameterSpec {
  name: string;
  schema: Schema;
  optional?: boolean;
}

export interface ProcessSpec {
  id: string;
  parameters: ParameterSpec[];
  returns: { schema: Schema };
}

export interface CollectionInfo {
  id: string;
  bbox: [number, number, number, number];
  interval: [string, string | null];
  bands: string[];
}

export interface Catalog {
  processes: ProcessSpec[];
  /** Only collections whose data is local: remote ones would leave the machine. */
  collections: CollectionInfo[];
  outputFormats: string[];
  endpoints: { path: string; methods: string[] }[];
  /** The Worker's own URL, for load_stac to read back over loopback. */
  base: string;
}

const getJson = async (url: string): Promise<any> => {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return res.json();
};

export async function readCatalog(base: string, localCollections: string[]): Promise<Catalog> {
  const api = `${base}/v1`;
  const [capabilities, processes, formats] = await Promise.all([getJson(`${api}/`), getJson(`${api}/processes`), getJson(`${api}/file_formats`)]);
  const collections: CollectionInfo[] = [];
  for (const id of localCollections) {
    const c = await getJson(`${api}/collections/${id}`);
    collections.push({
      id,
      bbox: c.extent.spatial.bbox[0],
      interval: c.extent.temporal.interval[0],
      bands: (c.summaries?.["eo:bands"] ?? []).map((b: { name: string }) => b.name),
    });
  }
  return { processes: processes.processes, collections, outputFormats: Object.keys(formats.output), endpoints: capabilities.endpoints, base };
}

/** The alternatives of a schema: a list, anyOf or oneOf, else the schema itself. */
export function alternatives(schema: Schema): Record<string, unknown>[] {
  if (Array.isArray(schema)) return schema.flatMap(alternatives);
  const nested = (schema.anyOf ?? schema.oneOf) as Schema[] | undefined;
  return nested ? nested.flatMap(alternatives) : [schema];
}

export const acceptsCube = (schema: Schema) => alternatives(schema).some((s) => s.subtype === "datacube");
export const returnsCube = (spec: ProcessSpec) => acceptsCube(spec.returns.schema);
