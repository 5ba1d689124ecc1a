/**
 * A hostile remote host for the tests, served through miniflare's outbound fetch interception
 * (this module runs in Node, in the vitest config). Bodies are made lazily, chunk by chunk, so
 * "1 GiB" or "endless" never exists in memory. miniflare writes an outbound answer to workerd
 * without backpressure and keeps pulling after workerd hangs up, so every body paces itself (one
 * chunk per timer tick) and POST /stop ends every body and request still open (the tests call it
 * after each case).
 * - PUT /files/<name>: stores a GeoTIFF the tests wrote; the modes below serve it:
 *   /ignores-range/<name>: answers Range requests 200 with the file padded with zeros to 1 GiB,
 *   which takes far longer than a test may run to send whole;
 *   /stalls/<name>: answers Range requests 206 with their first bytes, then goes silent;
 * - /items/<mode>.json: a STAC Item whose assets are /<mode>/B04.tif and /<mode>/B08.tif;
 * - /stac/endless.json: chunked JSON without Content-Length that never ends;
 * - /stac/trickle.json: JSON a few bytes at a time, each well within the idle deadline, never ending;
 * - /stac/no-headers.json: a request that is never answered.
 */
import { SCENES, sceneItem } from "./stac-scenes.ts";

export const HOSTILE = "https://hostile.example.test";

const GIB = 1024 ** 3;
const CHUNK = 64 * 1024;
/** 1 GiB at one 64 KiB chunk per 2 ms takes 32 s at best: longer than a test's timeout. */
const CHUNK_PAUSE_MS = 2;
/** How often the trickle sends its next few bytes; well inside the tests' idle deadline. */
const TRICKLE_MS = 300;
const JSON_START = new TextEncoder().encode('{"type": "Feature", "padding": "');

const files = new Map<string, Uint8Array>();
/** Ends what is still open: bodies close, pending requests get a 503. */
const stoppers = new Set<() => void>();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A body of `size` bytes (Infinity: endless) made of `chunk(offset, length)`, one chunk of `chunkBytes` per `everyMs`, until stopped. */
function pacedBody(size: number, pace: { everyMs: number; chunkBytes: number }, chunk: (offset: number, length: number) => Uint8Array): ReadableStream<Uint8Array> {
  let offset = 0;
  let stopped = false;
  const stop = () => {
    stopped = true;
  };
  stoppers.add(stop);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (offset > 0) await pause(pace.everyMs);
      const length = Math.min(pace.chunkBytes, size - offset);
      if (stopped || length <= 0) {
        stoppers.delete(stop);
        return controller.close();
      }
      controller.enqueue(chunk(offset, length));
      offset += length;
    },
  }, { highWaterMark: 0 });
}

/** The file, then zeros. */
function padded(file: Uint8Array, offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  if (offset < file.length) bytes.set(file.subarray(offset, offset + length));
  return bytes;
}

/** A JSON document whose string never closes: its start, then 'x' after 'x'. */
function endlessJson(offset: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length).fill(0x78);
  if (offset === 0) bytes.set(JSON_START.subarray(0, length));
  return bytes;
}

function stallingBody(first: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
      // Closing fails harmlessly when workerd has hung up already.
      stoppers.add(() => {
        try {
          controller.close();
        } catch {}
      });
    },
  });
}

function neverAnswered(): Promise<Response> {
  return new Promise((resolve) => stoppers.add(() => resolve(new Response("stopped", { status: 503 }))));
}

function range(request: Request): { start: number; end: number } | undefined {
  const match = /^bytes=(\d+)-(\d+)$/.exec(request.headers.get("Range") ?? "");
  return match ? { start: Number(match[1]), end: Number(match[2]) } : undefined;
}

export async function hostileHost(request: Request): Promise<Response | undefined> {
  if (!request.url.startsWith(HOSTILE)) return undefined;
  const path = new URL(request.url).pathname;
  const [, mode, name = ""] = path.split("/");
  if (path === "/stop" && request.method === "POST") {
    for (const stop of stoppers) stop();
    stoppers.clear();
    return new Response(null, { status: 204 });
  }
  if (mode === "files" && request.method === "PUT") {
    files.set(name, new Uint8Array(await request.arrayBuffer()));
    return new Response(null, { status: 201 });
  }
  const file = files.get(name);
  const wanted = range(request);
  if (mode === "ignores-range" && file) {
    return new Response(pacedBody(GIB, { everyMs: CHUNK_PAUSE_MS, chunkBytes: CHUNK }, (offset, length) => padded(file, offset, length)), { headers: { "Content-Type": "image/tiff" } });
  }
  if (mode === "stalls" && file && wanted) {
    const first = file.slice(wanted.start, Math.min(wanted.start + 100, wanted.end));
    return new Response(stallingBody(first), { status: 206, headers: { "Content-Range": `bytes ${wanted.start}-${wanted.end}/${file.length}` } });
  }
  if (mode === "items" && name.endsWith(".json")) {
    const itemMode = name.slice(0, -".json".length);
    return Response.json(sceneItem(SCENES[0]!, (key) => `${HOSTILE}/${itemMode}/${key}.tif`));
  }
  if (path === "/stac/endless.json") return new Response(pacedBody(Infinity, { everyMs: 1, chunkBytes: 1024 * 1024 }, endlessJson), { headers: { "Content-Type": "application/json" } });
  if (path === "/stac/trickle.json") return new Response(pacedBody(Infinity, { everyMs: TRICKLE_MS, chunkBytes: 4 }, endlessJson), { headers: { "Content-Type": "application/json" } });
  if (path === "/stac/no-headers.json") return neverAnswered();
  return new Response("not found", { status: 404 });
}
