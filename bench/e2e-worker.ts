// Our side of bench/e2e.ts: what a client of the Worker does, over HTTP, timed from outside.
import type { BBox } from "../src/raster/grid";
import type { TileAddress } from "../src/tiles/tile-grid";

export interface Timing {
  name: string;
  dur?: number;
  desc?: string;
}

export interface Fetched {
  /** From sending the request until the last byte of the body. */
  ms: number;
  /** Until the first byte of the body. */
  firstByteMs: number;
  status: number;
  bytes: number;
  /** Server-Timing metrics, in order. */
  timings: Timing[];
  /** OpenEO-Error-Code of a failed request (a failed tile is still a PNG). */
  error?: string;
}

/** Server-Timing: `name;dur=1.5;desc="..."` metrics separated by commas (RFC: W3C Server Timing). */
export function parseServerTiming(header: string | null): Timing[] {
  if (!header) return [];
  const metrics = header.match(/(?:[^,"]|"[^"]*")+/g) ?? [];
  return metrics.map((metric) => {
    const [name, ...params] = metric.split(";").map((p) => p.trim());
    const timing: Timing = { name: name! };
    for (const param of params) {
      const [key, raw = ""] = param.split(/=(.*)/s, 2);
      const value = raw.startsWith('"') ? raw.slice(1, -1) : raw;
      if (key === "dur") timing.dur = Number(value);
      if (key === "desc") timing.desc = value;
    }
    return timing;
  });
}

async function timedFetch(url: string, init?: RequestInit): Promise<Fetched> {
  const start = performance.now();
  const response = await fetch(url, init);
  const reader = response.body!.getReader();
  let firstByteMs = NaN;
  let bytes = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (bytes === 0) firstByteMs = performance.now() - start;
    bytes += value.length;
  }
  const error = response.headers.get("OpenEO-Error-Code");
  return {
    ms: performance.now() - start,
    firstByteMs,
    status: response.status,
    bytes,
    timings: parseServerTiming(response.headers.get("Server-Timing")),
    ...(error ? { error } : {}),
  };
}

const NDVI_BANDS = ["red", "nir"];

export class WorkerClient {
  private constructor(readonly api: string, private readonly auth: Record<string, string>) {}

  static async login(workerUrl: string): Promise<WorkerClient> {
    const api = `${workerUrl}/v1`;
    const login = await fetch(`${api}/credentials/basic`, { headers: { Authorization: `Basic ${Buffer.from("demo:openeo-demo").toString("base64")}` } });
    if (login.status !== 200) throw new Error(`logging in failed: ${login.status} ${await login.text()}`);
    const token = ((await login.json()) as { access_token: string }).access_token;
    return new WorkerClient(api, { Authorization: `Bearer basic//${token}`, "Content-Type": "application/json" });
  }

  /** An XYZ service drawing the NDVI of the STAC Item at `itemUrl`, with the `ndvi` colour map, resampled bilinearly as GDAL's side is: its tile url template. */
  async createNdviService(itemUrl: string): Promise<string> {
    const load = { process_id: "load_stac", arguments: { url: itemUrl, bands: NDVI_BANDS } };
    const process = { process_graph: { load, ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } } };
    const created = await fetch(`${this.api}/services`, { method: "POST", headers: this.auth, body: JSON.stringify({ type: "XYZ", process, configuration: { colormap: "ndvi", resampling: "bilinear" } }) });
    if (created.status !== 201) throw new Error(`creating a service failed: ${created.status} ${await created.text()}`);
    const described = await fetch(`${this.api}/services/${created.headers.get("OpenEO-Identifier")}`, { headers: this.auth });
    if (described.status !== 200) throw new Error(`reading the service failed: ${described.status} ${await described.text()}`);
    // Its url, as a map gets it (it names the service's version).
    return ((await described.json()) as { url: string }).url;
  }

  /** A path the API doesn't have: what a request costs when the Worker does nothing. */
  nothing(): Promise<Fetched> {
    return timedFetch(`${this.api}/no-such-path`);
  }

  /** A tile of the service whose url template is `template`; `unversioned` drops the version it names. */
  tile(template: string, { z, x, y }: TileAddress, { unversioned = false } = {}): Promise<Fetched> {
    const url = template.replace("{z}", String(z)).replace("{x}", String(x)).replace("{y}", String(y));
    return timedFetch(unversioned ? url.replace(/\?v=\d+$/, "") : url);
  }

  /** POST /result: the NDVI of the Item over `bbox` (in EPSG:`epsg`, the source's grid) as GTiff. */
  ndviGtiff(itemUrl: string, bbox: BBox, epsg: number): Promise<Fetched> {
    const spatial_extent = { west: bbox[0], south: bbox[1], east: bbox[2], north: bbox[3], crs: epsg };
    const process_graph = {
      load: { process_id: "load_stac", arguments: { url: itemUrl, bands: NDVI_BANDS, spatial_extent } },
      ndvi: { process_id: "ndvi", arguments: { data: { from_node: "load" } } },
      save: { process_id: "save_result", arguments: { data: { from_node: "ndvi" }, format: "GTiff" }, result: true },
    };
    return timedFetch(`${this.api}/result`, { method: "POST", headers: this.auth, body: JSON.stringify({ process: { process_graph } }) });
  }
}
