import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { CountingByteSource } from "../../../src/raster/counting-byte-source";
import { HttpByteSource } from "../../../src/raster/http-byte-source";
import { R2ByteSource } from "../../../src/raster/r2-byte-source";
import { MemoryByteSource } from "../../support/memory-byte-source";

const OBJECT = Uint8Array.from({ length: 1000 }, (_, i) => i % 251);

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
    await expect(short.read(0, 100)).rejects.toThrow(/data.example.com returned 99 bytes for a 100-byte range/);
    const missing = new HttpByteSource("https://data.example.com/b.tif", { fetch: async () => new Response("no", { status: 404 }) });
    await expect(missing.read(0, 100)).rejects.toThrow(/data.example.com answered 404/);
    const down = new HttpByteSource("https://cogs.example.org/c.tif", { fetch: async () => Promise.reject(new TypeError("connection refused")) });
    await expect(down.read(0, 100)).rejects.toThrow("Could not reach cogs.example.org: connection refused");
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
