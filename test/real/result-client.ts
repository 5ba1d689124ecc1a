/** Calling POST /v1/result of a local Worker as a client would, and reading what it answers. */
import { openCog } from "../../src/raster/open-cog";
import { readWindow } from "../../src/raster/read-window";
import type { Cog } from "../../src/raster/cog-header";
import { MemoryByteSource } from "../support/memory-byte-source";

/** The media type of GeoTIFF results (always cloud-optimized). */
export const GTIFF_TYPE = "image/tiff; application=geotiff; profile=cloud-optimized";

/** The demo login of the local Worker (.dev.vars). */
const DEMO_USER = "demo";
const DEMO_PASSWORD = "openeo-demo";

/** Logs the demo user in through GET /v1/credentials/basic and answers the bearer header value. */
export async function demoBearer(baseUrl: string): Promise<string> {
  const basic = `Basic ${Buffer.from(`${DEMO_USER}:${DEMO_PASSWORD}`).toString("base64")}`;
  const res = await fetch(`${baseUrl}/v1/credentials/basic`, { headers: { Authorization: basic } });
  if (res.status !== 200) throw new Error(`demo login failed with HTTP ${res.status}: ${await res.text()}`);
  const { access_token } = (await res.json()) as { access_token: string };
  return `Bearer basic//${access_token}`;
}

export interface ResultResponse {
  status: number;
  contentType: string | null;
  bytes: Uint8Array;
}

/** POST /v1/result with a process graph. */
export async function postResult(baseUrl: string, bearer: string, processGraph: Record<string, unknown>): Promise<ResultResponse> {
  const res = await fetch(`${baseUrl}/v1/result`, {
    method: "POST",
    headers: { Authorization: bearer, "Content-Type": "application/json" },
    body: JSON.stringify({ process: { process_graph: processGraph } }),
  });
  return { status: res.status, contentType: res.headers.get("Content-Type"), bytes: new Uint8Array(await res.arrayBuffer()) };
}

export const responseText = (res: ResultResponse) => new TextDecoder().decode(res.bytes);
export const responseJson = (res: ResultResponse): any => JSON.parse(responseText(res));

/** Fails with the answer's body when the request did not succeed, so a failing test shows the openEO error. */
export function expectSuccess(res: ResultResponse): ResultResponse {
  if (res.status !== 200) throw new Error(`POST /result answered ${res.status}: ${responseText(res).slice(0, 2000)}`);
  return res;
}

/** A result GeoTIFF opened with the project's own COG reader: its header and every band's pixels. */
export async function readResultCog(bytes: Uint8Array): Promise<{ cog: Cog; bands: ArrayLike<number>[] }> {
  const cog = await openCog(new MemoryByteSource(bytes));
  const { width, height } = cog.header.grid;
  const bands: ArrayLike<number>[] = [];
  for (let sample = 0; sample < cog.header.samplesPerPixel; sample++) bands.push(await readWindow(cog, 0, sample, { x: 0, y: 0, width, height }));
  return { cog, bands };
}
