import { beforeAll, describe, expect, it } from "vitest";
import { expectError, loginAs, request } from "../support/http";

let alice: string;
beforeAll(async () => {
  alice = await loginAs("alice");
});

const folder = () => `t-${crypto.randomUUID()}`;
const put = (path: string, body: BodyInit | null, headers: Record<string, string> = {}) =>
  request(`/v1/files/${path}`, { method: "PUT", headers: { Authorization: alice, ...headers }, body, duplex: "half" } as RequestInit);
const get = (path: string, headers: Record<string, string> = {}) => request(`/v1/files/${path}`, { headers: { Authorization: alice, ...headers } });
const free = async (): Promise<number> => {
  const me = (await (await request("/v1/me", { headers: { Authorization: alice } })).json()) as { storage: { free: number; quota: number } };
  return me.storage.free;
};

/** A body without a known length, like a chunked upload. */
function streamOf(bytes: Uint8Array): ReadableStream<Uint8Array> {
  return new ReadableStream({
    start(controller) {
      controller.enqueue(bytes);
      controller.close();
    },
  });
}

describe("range requests", () => {
  const bytes = Uint8Array.from({ length: 1000 }, (_, i) => (i * 7) % 256);
  let path: string;
  beforeAll(async () => {
    path = `${folder()}/ranged.bin`;
    expect((await put(path, bytes)).status).toBe(200);
  });

  it.each([
    ["bytes=0-99", 0, 99],
    ["bytes=500-599", 500, 599],
    ["bytes=900-", 900, 999],
    ["bytes=-100", 900, 999],
    ["bytes=-5000", 0, 999],
    ["bytes=990-2000", 990, 999],
  ])("%s answers 206 with bytes %i-%i", async (range, start, end) => {
    const res = await get(path, { Range: range });
    expect(res.status).toBe(206);
    expect(res.headers.get("Content-Range")).toBe(`bytes ${start}-${end}/1000`);
    expect(res.headers.get("Content-Length")).toBe(String(end - start + 1));
    expect(res.headers.get("Content-Type")).toBe("application/octet-stream");
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes.slice(start, end + 1));
  });

  it.each(["bytes=1000-", "bytes=5000-6000", "bytes=-0"])("%s is not satisfiable: 416 with the size", async (range) => {
    const res = await get(path, { Range: range });
    expect(res.headers.get("Content-Range")).toBe("bytes */1000");
    await expectError(res, 416, "RangeNotSatisfiable");
  });

  it("honours If-Range: a range of the same version, else the whole file", async () => {
    const etag = (await get(path)).headers.get("ETag")!;
    const same = await get(path, { Range: "bytes=0-9", "If-Range": etag });
    expect([same.status, (await same.arrayBuffer()).byteLength]).toEqual([206, 10]);
    const other = await get(path, { Range: "bytes=0-9", "If-Range": '"another-version"' });
    expect([other.status, (await other.arrayBuffer()).byteLength]).toEqual([200, 1000]);
  });

  it.each(["bytes=0-1,5-6", "items=0-5", "bytes=9-3", "bytes=-"])("ignores %s and serves the whole file", async (range) => {
    const res = await get(path, { Range: range });
    expect(res.status).toBe(200);
    expect(new Uint8Array(await res.arrayBuffer())).toEqual(bytes);
  });
});

describe("upload limits", () => {
  it("stores a body of unknown length (chunked, as Node clients send files) in parts, counting its real size", async () => {
    const path = `${folder()}/chunked.bin`;
    const before = await free();
    // 9 MiB in chunks of 1 MiB: more than one 8 MiB part.
    const chunk = (i: number) => Uint8Array.from({ length: 1024 * 1024 }, (_, k) => (k + i) % 251);
    let i = 0;
    const body = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (i === 9) controller.close();
        else controller.enqueue(chunk(i++));
      },
    });
    const res = await put(path, body);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { size: number }).size).toBe(9 * 1024 * 1024);
    expect(await free()).toBe(before - 9 * 1024 * 1024);
    const stored = new Uint8Array(await (await get(path)).arrayBuffer());
    expect(stored.length).toBe(9 * 1024 * 1024);
    expect(stored.subarray(8 * 1024 * 1024, 8 * 1024 * 1024 + 3)).toEqual(chunk(8).subarray(0, 3));
    expect((await request(`/v1/files/${path}`, { method: "DELETE", headers: { Authorization: alice } })).status).toBe(204);
    expect(await free()).toBe(before);
  });

  it("refuses a body of unknown length beyond the free quota and stores nothing", async () => {
    const dir = folder();
    const start = await free();
    expect((await put(`${dir}/fill.bin`, new Uint8Array(start - 100))).status).toBe(200);
    await expectError(await put(`${dir}/chunked.bin`, streamOf(new Uint8Array(101))), 400, "StorageQuotaExceeded");
    await expectError(await get(`${dir}/chunked.bin`), 404, "FileNotFound");
    expect((await put(`${dir}/small.bin`, streamOf(new Uint8Array(100)))).status).toBe(200);
    await expectError(await put(`${dir}/none.bin`, streamOf(new Uint8Array(1))), 400, "StorageQuotaExceeded");
    for (const name of ["fill.bin", "small.bin"]) {
      expect((await request(`/v1/files/${dir}/${name}`, { method: "DELETE", headers: { Authorization: alice } })).status).toBe(204);
    }
    expect(await free()).toBe(start);
  });

  it("rejects a malformed Content-Length and a body that doesn't match it, keeping the quota", async () => {
    const path = `${folder()}/broken.bin`;
    const before = await free();
    await expectError(await put(path, streamOf(new Uint8Array(10)), { "Content-Length": "ten" }), 400, "RequestInvalid");
    await expectError(await put(path, streamOf(new Uint8Array(10)), { "Content-Length": "20" }), 400, "RequestInvalid");
    await expectError(await put(path, streamOf(new Uint8Array(10)), { "Content-Length": "5" }), 400, "RequestInvalid");
    await expectError(await get(path), 404, "FileNotFound");
    expect(await free()).toBe(before);
  });

  it("refuses files over the maximum size before reading them", async () => {
    const res = await put(`${folder()}/huge.bin`, streamOf(new Uint8Array(10)), { "Content-Length": String(3 * 1024 ** 3) });
    await expectError(res, 400, "FileSizeExceeded");
  });

  it("accepts empty files", async () => {
    const path = `${folder()}/empty.txt`;
    const res = await put(path, "");
    expect(await res.json()).toMatchObject({ path, size: 0 });
    expect(await (await get(path)).text()).toBe("");
  });

  it("enforces the storage quota, counting an overwrite as new minus old size", async () => {
    const dir = folder();
    const start = await free();
    expect(start).toBeGreaterThan(4096);
    const fill = start - 1000;
    expect((await put(`${dir}/fill.bin`, new Uint8Array(fill))).status).toBe(200);
    expect(await free()).toBe(1000);

    await expectError(await put(`${dir}/more.bin`, new Uint8Array(1001)), 400, "StorageQuotaExceeded");
    await expectError(await get(`${dir}/more.bin`), 404, "FileNotFound");
    expect((await put(`${dir}/fits.bin`, new Uint8Array(1000))).status).toBe(200);
    expect(await free()).toBe(0);

    // Replacing fill.bin frees its old size first: a file 500 bytes larger doesn't fit, the same size does.
    await expectError(await put(`${dir}/fill.bin`, new Uint8Array(fill + 500)), 400, "StorageQuotaExceeded");
    expect((await put(`${dir}/fill.bin`, new Uint8Array(fill))).status).toBe(200);
    expect((await put(`${dir}/fill.bin`, new Uint8Array(10))).status).toBe(200);
    expect(await free()).toBe(fill - 10);

    for (const name of ["fill.bin", "fits.bin"]) {
      expect((await request(`/v1/files/${dir}/${name}`, { method: "DELETE", headers: { Authorization: alice } })).status).toBe(204);
    }
    expect(await free()).toBe(start);
  });

  it("reports the quota at GET /me", async () => {
    const me = (await (await request("/v1/me", { headers: { Authorization: alice } })).json()) as { storage: { free: number; quota: number } };
    expect(me.storage.quota).toBe(16 * 1024 * 1024);
    expect(me.storage.free).toBeLessThanOrEqual(me.storage.quota);
  });

  it("still applies the JSON body limit to everything but uploads", async () => {
    const big = new Uint8Array(5 * 1024 * 1024);
    const res = await request("/v1/files", { method: "PUT", headers: { Authorization: alice }, body: big });
    expect(res.status).toBe(413);
  });
});
