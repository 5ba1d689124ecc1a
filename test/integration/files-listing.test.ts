import { beforeAll, describe, expect, it } from "vitest";
import { decodePageToken, encodePageToken } from "../../src/files/page-token";
import { expectError, loginAs, request } from "../support/http";

let alice: string;
beforeAll(async () => {
  alice = await loginAs("alice");
});

interface Listing { files: { path: string; size: number; modified: string }[]; links: { rel: string; href: string; type?: string }[] }

const put = (path: string, body: string) => request(`/v1/files/${path}`, { method: "PUT", headers: { Authorization: alice }, body });
const del = (path: string) => request(`/v1/files/${path}`, { method: "DELETE", headers: { Authorization: alice } });
const fetchList = (url: string) => request(url.replace(/^https?:\/\/[^/]+/, ""), { headers: { Authorization: alice } });
async function page(url: string): Promise<Listing> {
  const res = await fetchList(url);
  expect(res.status).toBe(200);
  return (await res.json()) as Listing;
}
const link = (listing: Listing, rel: string) => listing.links.find((l) => l.rel === rel)?.href;

describe("GET /files", () => {
  const dir = `t-${crypto.randomUUID()}`;
  const names = ["a.txt", "b.txt", "c/d.txt", "c/e.txt", "f.txt"].map((name) => `${dir}/${name}`);
  beforeAll(async () => {
    for (const [i, path] of names.entries()) expect((await put(path, "x".repeat(i + 1))).status).toBe(200);
  });

  it("lists every file with path, size and modified, in path order, without links when no limit is given", async () => {
    const all = await page("/v1/files");
    expect(all.links).toEqual([]);
    const mine = all.files.filter((f) => f.path.startsWith(`${dir}/`));
    expect(mine.map((f) => [f.path, f.size])).toEqual(names.map((path, i) => [path, i + 1]));
    for (const file of mine) expect(Date.parse(file.modified)).not.toBeNaN();
    expect(all.files.map((f) => f.path)).toEqual([...all.files.map((f) => f.path)].sort());
  });

  it("pages with limit through next links to everything, and back through prev links", async () => {
    const everything = (await page("/v1/files")).files.map((f) => f.path);
    const pages: string[][] = [];
    let url: string | undefined = "/v1/files?limit=2";
    let current: Listing | undefined;
    while (url) {
      current = await page(url);
      expect(current.files.length).toBeLessThanOrEqual(2);
      pages.push(current.files.map((f) => f.path));
      url = link(current, "next");
    }
    expect(pages.flat()).toEqual(everything);
    expect(pages.length).toBe(Math.ceil(everything.length / 2));
    expect(link(await page("/v1/files?limit=2"), "prev")).toBeUndefined();

    const back: string[][] = [];
    let prev = link(current!, "prev");
    while (prev) {
      const listing = await page(prev);
      back.unshift(listing.files.map((f) => f.path));
      prev = link(listing, "prev");
    }
    expect([...back, pages.at(-1)!]).toEqual(pages);
  });

  it("keeps its place when the files of the previous page are deleted, where an offset would skip files", async () => {
    // '~' sorts after the 't-' folders of the other tests, so nothing follows these files.
    const last = `~${crypto.randomUUID()}`;
    const paths = ["1", "2", "3", "4"].map((n) => `${last}/${n}.txt`);
    for (const path of paths) await put(path, "x");
    const first = await page(`/v1/files?limit=2&page=${encodePageToken({ after: `${last}/` })}`);
    expect(first.files.map((f) => f.path)).toEqual(paths.slice(0, 2));
    for (const path of paths.slice(0, 2)) await del(path);
    const second = await page(link(first, "next")!);
    expect(second.files.map((f) => f.path)).toEqual(paths.slice(2));
    expect(link(second, "next")).toBeUndefined();

    // Emptied by deletions, a page offers only the way back to the first page.
    for (const path of paths.slice(2)) await del(path);
    const emptied = await page(link(first, "next")!);
    expect(emptied.files).toEqual([]);
    const back = new URL(link(emptied, "prev")!);
    expect([back.pathname, back.searchParams.get("limit"), back.searchParams.has("page")]).toEqual(["/v1/files", "2", false]);
  });

  it("keeps other query parameters in its links and marks them JSON", async () => {
    const listing = await page("/v1/files?limit=1&foo=bar");
    expect(listing.links.length).toBeGreaterThan(0);
    const next = new URL(link(listing, "next")!);
    expect(next.searchParams.get("foo")).toBe("bar");
    expect(next.searchParams.get("limit")).toBe("1");
    expect(decodePageToken(next.searchParams.get("page")!)).toEqual({ after: listing.files[0]!.path });
    expect(listing.links.every((l) => l.type === "application/json")).toBe(true);
  });

  it.each(["limit=0", "limit=-1", "limit=1.5", "limit=abc", "page=garbage", `page=${btoa('{"offset":2}')}`])(
    "rejects ?%s as RequestInvalid",
    async (query) => {
      await expectError(await fetchList(`/v1/files?${query}`), 400, "RequestInvalid");
    },
  );
});
