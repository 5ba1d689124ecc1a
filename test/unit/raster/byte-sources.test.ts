import { env } from "cloudflare:workers";
import { describe, expect, it, vi } from "vitest";
import { CountingByteSource } from "../../../src/raster/counting-byte-source";
import { HttpByteSource, MAX_UNRANGED_READ_BYTES } from "../../../src/raster/http-byte-source";
import { R2ByteSource } from "../../../src/raster/r2-byte-source";
import { MemoryByteSource } from "../../support/memory-byte-source";

const OBJECT = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

const CHUNK = 64 * 1024;

/** An object of `size` bytes (byte i is i % 251) made chunk by chunk as it is read, never whole; counts what was pulled. */
function lazyObject(size: number) {
  let pulled = 0;
  let cancelled = false;
  return {
    pulled: () => pulled,
    cancelled: () => cancelled,
    stream: () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          const length = Math.min(CHUNK, size - pulled);
          if (length <= 0) return controller.close();
          controller.enqueue(Uint8Array.from({ length }, (_, i) => (pulled + i) % 251));
          pulled += length;
        },
        cancel() {
          cancelled = true;
        },
      }, { highWaterMark: 0 }),
  };
}

/** A fake HTTP server for OBJECT that honours Range headers (or ignores them), and records the headers it saw. */
function server(options: { ignoreRange?: boolean; truncate?: boolean } = {}) {
  const seen: Headers[] = [];
  const fetcher: typeof fetch = async (_input, init) => {
    const headers = new Headers(init?.headers);
    seen.push(headers);
    const match = /^bytes=(\d+)-(\d+)$/.exec(headers.get("Range") ?? "");
    if (options.ignoreRange || !match) return new Response(OBJECT, { status: 200, headers: { "Content-Length": String(OBJECT.length) } });
    const start = Number(match[1]);
    if (start >= OBJECT.length) return new Response(null, { status: 416 });
    const end = Math.min(Number(match[2]), OBJECT.length - 1);
    const body = OBJECT.slice(start, options.truncate ? end : end + 1);
    return new Response(body, { status: 206, headers: { "Content-Range": `bytes ${start}-${end}/${OBJECT.length}` } });
  };
  return { seen, fetcher };
}

describe("HttpByteSource", () => {
  it("reads ranges with a Range header, up to the end of the object", async () => {
    const { seen, fetcher } = server();
    const source = new HttpByteSource("https://data.example.com/a.tif", { fetch: fetcher, etag: '"abc"', headers: { Authorization: "Bearer x" } });
    expect(source.key).toBe('https://data.example.com/a.tif#"abc"');
    expect(await source.read(10, 5)).toEqual(OBJECT.slice(10, 15));
    expect(seen[0]!.get("Range")).toBe("bytes=10-14");
    expect(seen[0]!.get("Authorization")).toBe("Bearer x");
    expect(await source.read(990, 100)).toEqual(OBJECT.slice(990));
    expect(await source.read(2000, 100)).toHaveLength(0);
  });

  it("slices a 200 response from a server that ignores ranges", async () => {
    const source = new HttpByteSource("https://data.example.com/a.tif", { fetch: server({ ignoreRange: true }).fetcher });
    expect(await source.read(100, 3)).toEqual(OBJECT.slice(100, 103));
  });

  it("rejects short reads and error statuses, and names the host when the network fails", async () => {
    const short = new HttpByteSource("https://data.example.com/a.tif", { fetch: server({ truncate: true }).fetcher });
    await expect(short.read(0, 100)).rejects.toThrow("The data source data.example.com can't be reached: returned 99 bytes for a 100-byte range");
    const missing = new HttpByteSource("https://data.example.com/b.tif", { fetch: async () => new Response("no", { status: 404 }) });
    await expect(missing.read(0, 100)).rejects.toMatchObject({ code: "DataSourceUnavailable", message: expect.stringContaining("data.example.com can't be reached: answered 404") });
    const down = new HttpByteSource("https://cogs.example.org/c.tif", { fetch: async () => Promise.reject(new TypeError("connection refused")) });
    await expect(down.read(0, 100)).rejects.toThrow("The data source cogs.example.org can't be reached: could not connect: connection refused");
  });

  it("reads no further than the range's end when the server ignores Range with a 1 GiB answer, and refuses ranges far into it", async () => {
    const huge = lazyObject(1024 ** 3);
    const source = new HttpByteSource("https://data.example.com/huge.tif", { fetch: async () => new Response(huge.stream(), { status: 200 }) });
    expect(await source.read(100_000, 5)).toEqual(Uint8Array.from({ length: 5 }, (_, i) => (100_000 + i) % 251));
    expect(huge.pulled()).toBeLessThanOrEqual(100_005 + CHUNK);
    await vi.waitUntil(() => huge.cancelled());
    await expect(source.read(MAX_UNRANGED_READ_BYTES, 10)).rejects.toMatchObject({ code: "DataSourceUnavailable", message: expect.stringContaining("ignores range requests") });
    expect(huge.pulled()).toBeLessThanOrEqual(100_005 + 2 * CHUNK);
  });

  it("cuts a 206 answer longer than the range off at its length", async () => {
    const huge = lazyObject(1024 ** 3);
    const fetcher: typeof fetch = async () => new Response(huge.stream(), { status: 206, headers: { "Content-Range": "bytes 0-9/1073741824" } });
    const source = new HttpByteSource("https://data.example.com/long.tif", { fetch: fetcher });
    expect(await source.read(0, 10)).toEqual(Uint8Array.from({ length: 10 }, (_, i) => i % 251));
    expect(huge.pulled()).toBeLessThanOrEqual(CHUNK);
    await vi.waitUntil(() => huge.cancelled());
  });

  it("stops a stalled read when the run's signal is aborted, and starts none after", async () => {
    const controller = new AbortController();
    let requests = 0;
    const stalled: typeof fetch = async () => {
      requests++;
      return new Response(new ReadableStream({ pull: () => new Promise<void>(() => {}) }), { status: 206 });
    };
    const source = new HttpByteSource("https://data.example.com/stall.tif", { fetch: stalled, signal: controller.signal });
    const read = source.read(0, 10);
    controller.abort();
    await expect(read).rejects.toMatchObject({ code: "DataSourceUnavailable", message: expect.stringContaining("cancelled") });
    await expect(source.read(0, 10)).rejects.toMatchObject({ code: "DataSourceUnavailable" });
    expect(requests).toBe(1);
  });
});

describe("R2ByteSource", () => {
  it("reads ranges of an R2 object, keyed by its ETag", async () => {
    await env.DATA.put("raster-test/object.bin", OBJECT);
    const source = await R2ByteSource.open(env.DATA, "raster-test/object.bin", "openeo-data");
    const head = await env.DATA.head("raster-test/object.bin");
    expect(source!.key).toBe(`r2:openeo-data/raster-test/object.bin#${head!.etag}`);
    expect(await source!.read(500, 10)).toEqual(OBJECT.slice(500, 510));
    expect(await source!.read(995, 100)).toEqual(OBJECT.slice(995));
    expect(await source!.read(1000, 100)).toHaveLength(0);
    expect(await R2ByteSource.open(env.DATA, "raster-test/none.bin")).toBeNull();
    const unknown = new R2ByteSource(env.DATA, "raster-test/none.bin");
    expect(unknown.key).toBe("r2:raster-test/none.bin");
    await expect(unknown.read(0, 10)).rejects.toThrow(/not found/);
  });
});

describe("CountingByteSource", () => {
  it("counts requests, bytes, concurrency and sequential rounds", async () => {
    const source = new CountingByteSource(new MemoryByteSource(OBJECT));
    await Promise.all([source.read(0, 10), source.read(100, 20), source.read(995, 10)]);
    await source.read(0, 1);
    expect(source.stats.requests.map((r) => r.offset)).toEqual([0, 100, 995, 0]);
    expect(source.stats.bytes).toBe(10 + 20 + 5 + 1);
    expect(source.stats.maxInFlight).toBe(3);
    expect(source.stats.rounds).toBe(2);
  });
});
