import { describe, expect, it } from "vitest";
import { parseSearchGet, parseSearchPost } from "../../../src/catalog/search";
import { errorOf, expectedIds, getIds, postIds } from "./fixtures";

const get = (params: string, options = {}) => parseSearchGet(new URLSearchParams(params), options);

describe("ids and collections", () => {
  it("select items by id, in GET and POST form", async () => {
    expect(await getIds("ids=grid-03,am-multi,missing")).toEqual(["am-multi", "grid-03"]);
    expect(await postIds({ ids: ["grid-03", "am-multi", "missing"] })).toEqual(["am-multi", "grid-03"]);
  });

  it("select items by collection", async () => {
    const expected = expectedIds((item) => item.collection === "sentinel-1" || item.collection === "aerial");
    expect(expected).toHaveLength(5);
    expect(await getIds("collections=sentinel-1,aerial")).toEqual(expected);
    expect(await postIds({ collections: ["sentinel-1", "aerial"] })).toEqual(expected);
  });

  it("combine with each other and other parameters (all must hold)", async () => {
    expect(await getIds("ids=grid-03,grid-04&collections=landsat-8")).toEqual(["grid-03"]);
    expect(await getIds("ids=grid-03,grid-04&bbox=40,-60,60,-50")).toEqual(["grid-04"]);
  });

  it("are restricted to the path collection for /collections/{id}/items", () => {
    expect(get("collections=aerial", { collection: "sentinel-1" }).collections).toEqual(["sentinel-1"]);
    expect(parseSearchPost({}, { collection: "sentinel-1" }).collections).toEqual(["sentinel-1"]);
  });

  it.each(["ids=a,,b", "ids=", "collections=a,"])("reject empty entries: %s", async (params) => {
    const error = await errorOf(() => get(params));
    expect(error.code).toBe("SearchParameterInvalid");
    expect(error.message).toContain("non-empty");
  });

  it("reject POST values that aren't string arrays", async () => {
    expect((await errorOf(() => parseSearchPost({ ids: "grid-01" }))).message).toContain("'ids'");
    expect((await errorOf(() => parseSearchPost({ collections: [1] }))).message).toContain("'collections'");
  });
});

describe("limit", () => {
  it("defaults to 10 (or the configured default) and clamps to the maximum", () => {
    expect(get("").limit).toBe(10);
    expect(get("", { defaultLimit: 50 }).limit).toBe(50);
    expect(get("limit=20000").limit).toBe(10_000);
    expect(get("limit=500", { maxLimit: 100 }).limit).toBe(100);
    expect(parseSearchPost({ limit: 3 }).limit).toBe(3);
  });

  it.each(["limit=0", "limit=-1", "limit=abc", "limit=1.5", "limit="])("rejects %s", async (params) => {
    const error = await errorOf(() => get(params));
    expect(error.status).toBe(400);
    expect(error.message).toBe("Invalid search parameter 'limit': must be an integer of at least 1");
  });

  it("rejects non-integer POST limits", async () => {
    expect((await errorOf(() => parseSearchPost({ limit: "5" }))).message).toContain("'limit'");
    expect((await errorOf(() => parseSearchPost({ limit: 2.5 }))).message).toContain("'limit'");
  });
});

describe("request forms", () => {
  it("produce the same query from GET and POST", () => {
    const fromGet = get(
      "bbox=-10,-10,10,10&datetime=2021-01-01T00:00:00Z/..&ids=a,b&collections=c&limit=5&sortby=-datetime,id&fields=id,-geometry&filter=gsd=10",
    );
    const fromPost = parseSearchPost({
      bbox: [-10, -10, 10, 10],
      datetime: "2021-01-01T00:00:00Z/..",
      ids: ["a", "b"],
      collections: ["c"],
      limit: 5,
      sortby: [{ field: "datetime", direction: "desc" }, { field: "id", direction: "asc" }],
      fields: { include: ["id"], exclude: ["geometry"] },
      filter: { op: "=", args: [{ property: "gsd" }, 10] },
    });
    expect(fromPost).toEqual(fromGet);
  });

  it("ignores unknown parameters and treats POST nulls as absent", () => {
    expect(get("f=json&foo=bar")).toEqual({ sortby: [], limit: 10 });
    expect(parseSearchPost({ bbox: null, intersects: null, conf: {} })).toEqual({ sortby: [], limit: 10 });
    expect(parseSearchPost(undefined)).toEqual({ sortby: [], limit: 10 });
  });

  it("rejects repeated GET parameters and non-object POST bodies", async () => {
    expect((await errorOf(() => get("limit=1&limit=2"))).message).toContain("must be given only once");
    expect((await errorOf(() => parseSearchPost([]))).message).toContain("'body'");
  });
});
