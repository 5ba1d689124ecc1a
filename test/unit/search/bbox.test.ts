import { describe, expect, it } from "vitest";
import { parseSearchGet, parseSearchPost } from "../../../src/catalog/search";
import { bboxOverlaps, errorOf, expectedIds, getIds, postIds } from "./fixtures";

describe("bbox", () => {
  it("matches items whose footprint intersects the box", async () => {
    const ids = await getIds("bbox=-60,-40,10,0");
    expect(ids).toEqual(expectedIds(bboxOverlaps([-60, -40, 10, 0])));
    expect(ids).toContain("grid-08"); // shares the edge at longitude -40
    expect(await postIds({ bbox: [-60, -40, 10, 0] })).toEqual(ids);
  });

  it("treats west > east as crossing the antimeridian, matching items on both sides", async () => {
    const ids = await getIds("bbox=160,-30,-160,30");
    expect(ids).toEqual(["am-multi", "east-edge", "west-edge"]);
    expect(ids).toEqual(expectedIds(bboxOverlaps([160, -30, -160, 30])));
  });

  it("matches an antimeridian-split item from either side with an ordinary box", async () => {
    expect(await getIds("bbox=175,-5,179,30")).toEqual(["am-multi", "east-edge"]);
    expect(await getIds("bbox=-179,-5,-175,30")).toEqual(["am-multi", "west-edge"]);
  });

  it("uses the geometry, not only its bbox: a box in the corner of a line's bbox misses the line", async () => {
    expect(await getIds("bbox=10,60,20,62")).toEqual([]);
    expect(await getIds("bbox=-1,64,1,66")).toEqual(["line-north"]);
  });

  it("never matches items without geometry or bbox", async () => {
    expect(await getIds("bbox=-180,-90,180,90")).not.toContain("no-geometry");
  });

  it("accepts 6 numbers, taking 2D items to lie at elevation 0", async () => {
    expect(await getIds("bbox=-60,-40,-100,10,0,100")).toEqual(expectedIds(bboxOverlaps([-60, -40, 10, 0])));
    expect(await getIds("bbox=-60,-40,10,10,0,100")).toEqual([]);
  });

  it.each([
    ["1,2,3", "expected 4 numbers"],
    ["a,b,c,d", "'a' is not a number"],
    ["0,0,10,", "'' is not a number"],
    ["10,5,20,-5", "south must not be greater than north"],
    ["0,-95,10,0", "latitudes must be within [-90, 90]"],
    ["0,0,190,10", "longitudes must be within [-180, 180]"],
    ["0,0,10,10,10,5", "minimum elevation must not be greater"],
  ])("rejects bbox=%s", async (bbox, reason) => {
    const error = await errorOf(() => parseSearchGet(new URLSearchParams({ bbox })));
    expect(error.status).toBe(400);
    expect(error.code).toBe("SearchParameterInvalid");
    expect(error.message).toContain("'bbox'");
    expect(error.message).toContain(reason);
  });

  it("rejects non-numeric POST boxes and bbox combined with intersects", async () => {
    expect((await errorOf(() => parseSearchPost({ bbox: ["0", 0, 1, 1] }))).message).toContain("finite number");
    const point = JSON.stringify({ type: "Point", coordinates: [0, 0] });
    const error = await errorOf(() => parseSearchGet(new URLSearchParams({ bbox: "0,0,1,1", intersects: point })));
    expect(error.status).toBe(400);
    expect(error.message).toContain("bbox and intersects can't be used together");
  });
});
