/**
 * Hand-made stand-ins for the data cube processes the spec's examples call (load_collection,
 * reduce_dimension, apply, save_result), with the official ids and parameter names, on a toy
 * cube: nested arrays, one level per dimension, bands as labeled arrays. They replace any real
 * ones; everything else comes from the real registry.
 */
import { PROCESSES } from "../../../src/processes";
import { labeled, type Callback, type ParameterSpec, type ProcessImplementation } from "../../../src/processes/types";

/** A toy data cube: `values` nests one array level per dimension, in order. */
export interface ToyCube {
  dimensions: string[];
  values: unknown[];
}

/** Band values per pixel and time step, keyed by band name. */
export type Scene = Record<string, number>[][];

const CUBE = { type: "object", subtype: "datacube" };
const NULLABLE = (schema: Record<string, unknown>) => [schema, { type: "null" }];

function param(name: string, schema: ParameterSpec["schema"], extra: Partial<ParameterSpec> = {}): ParameterSpec {
  return { name, description: name, schema, ...extra };
}

function callback(names: string[]) {
  return { type: "object", subtype: "process-graph", parameters: names.map((n) => param(n, {}, n === "context" ? { optional: true, default: null } : {})) };
}

function fake(id: string, parameters: ParameterSpec[], returns: ParameterSpec["schema"], run: ProcessImplementation["run"]): ProcessImplementation {
  return { spec: { id, summary: id, description: id, categories: ["test"], parameters, returns: { description: id, schema: returns } }, run };
}

/** Applies `f` to every innermost value of a nested array (the apply process). */
async function mapValues(value: unknown, f: (x: unknown) => Promise<unknown>): Promise<unknown> {
  return Array.isArray(value) ? Promise.all(value.map((v) => mapValues(v, f))) : f(value);
}

/**
 * The real registry plus the fakes; `saved` collects what save_result received and `loaded`
 * what load_collection was called with.
 */
export function specRegistry(scene: Scene) {
  const saved: { data: ToyCube; format: unknown }[] = [];
  const loaded: Record<string, unknown>[] = [];
  const fakes = [
    fake(
      "load_collection",
      [
        param("id", { type: "string", subtype: "collection-id", pattern: "^[\\w\\-\\.~/]+$" }),
        param("spatial_extent", NULLABLE({ type: "object", subtype: "bounding-box", required: ["west", "south", "east", "north"] })),
        param("temporal_extent", NULLABLE({ type: "array", subtype: "temporal-interval", minItems: 2, maxItems: 2 })),
        param("bands", NULLABLE({ type: "array", items: { type: "string", subtype: "band-name" } }), { optional: true, default: null }),
      ],
      CUBE,
      (args) => {
        loaded.push(args);
        const bands = (args.bands as string[] | null) ?? Object.keys(scene[0]![0]!);
        // Bands in the requested order: the reducer picks them by index.
        return { dimensions: ["x", "t", "bands"], values: scene.map((pixel) => pixel.map((step) => labeled(bands.map((b) => step[b]!), bands))) };
      },
    ),
    fake(
      "reduce_dimension",
      [param("data", CUBE), param("reducer", callback(["data", "context"])), param("dimension", { type: "string" }), param("context", {}, { optional: true, default: null })],
      CUBE,
      async (args) => {
        const cube = args.data as ToyCube;
        // The toy only reduces the innermost dimension, which is all the examples need.
        if (cube.dimensions.at(-1) !== args.dimension) throw new Error(`toy reduce_dimension can't reduce '${String(args.dimension)}'`);
        const reducer = args.reducer as Callback;
        const reduce = (value: unknown, level: number): Promise<unknown> =>
          level === cube.dimensions.length - 1 ? reducer({ data: value, context: args.context }) : Promise.all((value as unknown[]).map((v) => reduce(v, level + 1)));
        return { dimensions: cube.dimensions.slice(0, -1), values: await reduce(cube.values, 0) };
      },
    ),
    fake("apply", [param("data", CUBE), param("process", callback(["x", "context"])), param("context", {}, { optional: true, default: null })], CUBE, async (args) => {
      const cube = args.data as ToyCube;
      const process = args.process as Callback;
      return { dimensions: cube.dimensions, values: await mapValues(cube.values, (x) => process({ x, context: args.context })) };
    }),
    fake(
      "save_result",
      [param("data", CUBE), param("format", { type: "string", subtype: "output-format" }), param("options", { type: "object" }, { optional: true, default: {} })],
      { type: "boolean" },
      (args) => {
        saved.push({ data: args.data as ToyCube, format: args.format });
        return true;
      },
    ),
  ];
  const processes = new Map(PROCESSES);
  for (const f of fakes) processes.set(f.spec.id, f);
  return { processes, saved, loaded };
}
