import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { MAX_JSON_BODY_BYTES } from "../../src/api/middleware/body-limit";
import { userFileKey } from "../../src/files/keys";
import { expectError, loginAs, request } from "../support/http";

let alice: string;
let bob: string;
beforeAll(async () => {
  alice = await loginAs("alice");
  bob = await loginAs("bob");
});

interface FileEntry { path: string; size: number; modified: string }
interface Listing { files: FileEntry[]; links: { rel: string; href: string }[] }

/** A folder of its own per test, so tests don't see each other's files. */
const folder = () => `t-${crypto.randomUUID()}`;

function randomBytes(size: number): Uint8Array {
  const bytes = new Uint8Array(size);
  for (let at = 0; at < size; at += 65536) crypto.getRandomValues(bytes.subarray(at, at + 65536));
  return bytes;
}

async function sha256(data: ArrayBuffer | Uint8Array): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", data);
  return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
}

const put = (auth: string, path: string, body: BodyInit) => request(`/v1/files/${path}`, { method: "PUT", headers: { Authorization: auth }, body });
const get = (auth: string, path: string, headers: Record<string, string> = {}) =>
  request(`/v1/files/${path}`, { headers: { Authorization: auth, ...headers } });
const del = (auth: string, path: string) => request(`/v1/files/${path}`, { method: "DELETE", headers: { Authorization: auth } });
const list = async (auth: string, query = ""): Promise<Listing> => {
  const res = await request(`/v1/files${query}`, { headers: { Authorization: auth } });
  expect(res.status).toBe(200);
  return (await res.json()) as Listing;
};
const free = async (auth: string): Promise<number> => {
  const me = (await (await request("/v1/me", { headers: { Authorization: auth } })).json()) as { storage: { free: number } };
  return me.storage.free;
};

describe("upload and download", () => {
  it("round-trips random bytes larger than the JSON body limit, with file headers", async () => {
    const path = `${folder()}/scene.tif`;
    const bytes = randomBytes(MAX_JSON_BODY_BYTES + 1024 * 1024);
    const uploaded = await put(alice, path, bytes);
    expect(uploaded.status).toBe(200);
    const file = (await uploaded.json()) as FileEntry;
    expect(file).toEqual({ path, size: bytes.length, modified: expect.stringMatching(/^\d{4}-\d\d-\d\dT/) });

    const res = await get(alice, path);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toBe("image/tiff; application=geotiff");
    expect(res.headers.get("Content-Length")).toBe(String(bytes.length));
    expect(res.headers.get("Accept-Ranges")).toBe("bytes");
    expect(res.headers.get("ETag")).toMatch(/^"\w+"$/);
    expect(new Date(res.headers.get("Last-Modified")!).getTime()).toBe(Math.floor(Date.parse(file.modified) / 1000) * 1000);
    expect(await sha256(await res.arrayBuffer())).toBe(await sha256(bytes));
    // Stored under the user's prefix, where other parts of the back-end find it.
    expect((await env.FILES.head(userFileKey("basic.alice", path)))?.size).toBe(bytes.length);
  });

  it("keeps folders in the path, lists files only and treats folders as no files", async () => {
    const dir = folder();
    expect((await put(alice, `${dir}/a/b/c.json`, '{"x":1}')).status).toBe(200);
    expect((await put(alice, `${dir}/a/d.geojson`, '{"type":"FeatureCollection","features":[]}')).status).toBe(200);
    expect((await put(alice, `${dir}/%C3%B6sterreich/m%C3%BCnster.txt`, "Servus")).status).toBe(200);

    const mine = (await list(alice)).files.filter((f) => f.path.startsWith(`${dir}/`)).map((f) => f.path);
    expect(mine).toEqual([`${dir}/a/b/c.json`, `${dir}/a/d.geojson`, `${dir}/österreich/münster.txt`]);
    expect((await get(alice, `${dir}/a/b/c.json`)).headers.get("Content-Type")).toBe("application/json");
    expect((await get(alice, `${dir}/a/d.geojson`)).headers.get("Content-Type")).toBe("application/geo+json");
    expect(await (await get(alice, `${dir}/%C3%B6sterreich/m%C3%BCnster.txt`)).text()).toBe("Servus");

    await expectError(await get(alice, `${dir}/a`), 400, "FileOperationUnsupported");
    await expectError(await del(alice, `${dir}/a/b`), 400, "FileOperationUnsupported");
    await expectError(await put(alice, `${dir}/a`, "x"), 400, "FilePathInvalid");
    await expectError(await put(alice, `${dir}/a/b/c.json/inside`, "x"), 400, "FilePathInvalid");
  });

  it("overwrites a file, updating its size, content and the storage used", async () => {
    const path = `${folder()}/data.csv`;
    const before = await free(alice);
    expect((await put(alice, path, "a".repeat(100))).status).toBe(200);
    expect(await free(alice)).toBe(before - 100);
    const again = await put(alice, path, "b".repeat(300));
    expect(((await again.json()) as FileEntry).size).toBe(300);
    expect(await free(alice)).toBe(before - 300);
    expect((await list(alice)).files.find((f) => f.path === path)?.size).toBe(300);
    const res = await get(alice, path);
    expect(res.headers.get("Content-Type")).toBe("text/csv");
    expect(await res.text()).toBe("b".repeat(300));
    expect((await del(alice, path)).status).toBe(204);
    expect(await free(alice)).toBe(before);
  });
});

describe("delete", () => {
  it("answers 204, then FileNotFound, and empty folders vanish", async () => {
    const dir = folder();
    await put(alice, `${dir}/only/file.txt`, "x");
    const res = await del(alice, `${dir}/only/file.txt`);
    expect(res.status).toBe(204);
    expect(await res.text()).toBe("");
    await expectError(await get(alice, `${dir}/only/file.txt`), 404, "FileNotFound");
    await expectError(await del(alice, `${dir}/only/file.txt`), 404, "FileNotFound");
    await expectError(await get(alice, `${dir}/only`), 404, "FileNotFound");
    expect((await list(alice)).files.some((f) => f.path.startsWith(dir))).toBe(false);
    expect(await env.FILES.head(userFileKey("basic.alice", `${dir}/only/file.txt`))).toBeNull();
  });
});

describe("users' files are private", () => {
  it("another user can't list, read or delete them, and has their own namespace", async () => {
    const path = `${folder()}/secret.txt`;
    await put(alice, path, "alice's");
    await expectError(await get(bob, path), 404, "FileNotFound");
    await expectError(await del(bob, path), 404, "FileNotFound");
    expect((await list(bob)).files.some((f) => f.path === path)).toBe(false);
    expect((await put(bob, path, "bob's")).status).toBe(200);
    expect(await (await get(alice, path)).text()).toBe("alice's");
    expect(await (await get(bob, path)).text()).toBe("bob's");
  });

  it("requires authentication everywhere", async () => {
    await expectError(await request("/v1/files"), 401, "AuthenticationRequired");
    await expectError(await request("/v1/files/a.txt"), 401, "AuthenticationRequired");
    await expectError(await request("/v1/files/a/b.txt", { method: "PUT", body: "x" }), 401, "AuthenticationRequired");
    await expectError(await request("/v1/files/a.txt", { method: "DELETE" }), 401, "AuthenticationRequired");
  });
});
