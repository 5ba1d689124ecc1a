import { describe, expect, it } from "vitest";
import { parseSearchGet, parseSearchPost } from "../../../src/catalog/search";
import { bboxOverlaps, errorOf, expectedIds, getIds, postIds } from "./fixtures";

const get = (geometry: unknown) => getIds(`intersects=${encodeURIComponent(JSON.stringify(geometry))}`);
const rectangle = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];

describe("intersects", () => {
  it("excludes items lying wholly inside a polygon's hole", async () => {
    const polygon = { type: "Polygon", coordinates: [rectangle(-55, -65, 15, -5), rectangle(-52, -37, -38, -23)] };
    // grid-08 spans [-50, -35, -40, -25], strictly inside the hole.
    const expected = expectedIds(bboxOverlaps([-55, -65, 15, -5])).filter((id) => id !== "grid-08");
    expect(expected).toEqual(["grid-02", "grid-03", "grid-09", "grid-14", "grid-15"]);
    expect(await get(polygon)).toEqual(expected);
    expect(await postIds({ intersects: polygon })).toEqual(expected);
  });

  it("matches polygons crossing each other with no vertex inside the other", async () => {
    expect(await get({ type: "Polygon", coordinates: [rectangle(4, -70, 6, -40)] })).toEqual(["grid-03"]);
  });

  it("matches the squares a line crosses, and nothing for a line between them", async () => {
    const crossing = { type: "LineString", coordinates: [[-160, -55], [-40, -55]] };
    expect(await get(crossing)).toEqual(expectedIds(bboxOverlaps([-160, -55, -40, -55])));
    expect(await get(crossing)).toEqual(["grid-00", "grid-01", "grid-02"]);
    expect(await get({ type: "LineString", coordinates: [[-135, -70], [-135, 60]] })).toEqual([]);
  });

  it("matches line against line", async () => {
    expect(await get({ type: "LineString", coordinates: [[0, 60], [0, 70]] })).toEqual(["line-north"]);
    expect(await get({ type: "MultiLineString", coordinates: [[[0, 71], [1, 75]], [[-20, 59], [-20, 61]]] })).toEqual(["line-north"]);
  });

  it("matches points inside, on the boundary of, or equal to an item", async () => {
    expect(await get({ type: "Point", coordinates: [5, -55] })).toEqual(["grid-03"]);
    expect(await get({ type: "Point", coordinates: [-40, -50] })).toEqual(["grid-02"]);
    expect(await get({ type: "Point", coordinates: [12.5, 41.9] })).toEqual(["point-rome"]);
    expect(await get({ type: "MultiPoint", coordinates: [[5, -55], [12.5, 41.9]] })).toEqual(["grid-03", "point-rome"]);
  });

  it("handles multipolygons and geometry collections", async () => {
    const multi = { type: "MultiPolygon", coordinates: [[rectangle(175, -5, 180, 5)], [rectangle(4, -70, 6, -40)]] };
    expect(await get(multi)).toEqual(["am-multi", "grid-03"]);
    const collection = { type: "GeometryCollection", geometries: [multi, { type: "Point", coordinates: [12.5, 41.9] }] };
    expect(await get(collection)).toEqual(["am-multi", "grid-03", "point-rome"]);
  });

  it.each([
    ["{not json", "is not valid JSON"],
    [JSON.stringify({ type: "Circle", coordinates: [0, 0] }), "unknown GeoJSON type 'Circle'"],
    [JSON.stringify({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 1]]] }), "is not closed"],
    [JSON.stringify({ type: "Point", coordinates: [0, 100] }), "latitude 100 outside [-90, 90]"],
    [JSON.stringify({ type: "LineString", coordinates: [[0, 0]] }), "at least 2 positions"],
  ])("rejects intersects=%s", async (intersects, reason) => {
    const error = await errorOf(() => parseSearchGet(new URLSearchParams({ intersects })));
    expect(error.status).toBe(400);
    expect(error.message).toContain("'intersects'");
    expect(error.message).toContain(reason);
  });

  it("rejects a POST intersects that isn't a geometry", async () => {
    expect((await errorOf(() => parseSearchPost({ intersects: [0, 0] }))).message).toContain("must be a GeoJSON geometry object");
  });
});
