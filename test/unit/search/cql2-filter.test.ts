import { describe, expect, it } from "vitest";
import { parseCql2Text, validateCql2Json, type StacItem } from "../../../src/catalog/search";
import { bboxOverlaps, expectedIds, getIds, postIds, timeRange } from "./fixtures";

const cloud = (item: StacItem) => item.properties["eo:cloud_cover"] as number | undefined;
const platform = (item: StacItem) => item.properties.platform as string;
const instant = (item: StacItem) => (item.properties.datetime ? Date.parse(item.properties.datetime) : undefined);
const prop = (property: string) => ({ property });
const op = (name: string, ...args: unknown[]) => ({ op: name, args });
const ring = (w: number, s: number, e: number, n: number) => [[w, s], [e, s], [e, n], [w, n], [w, s]];

/** [cql2-text, the same filter in cql2-json, the plain predicate it must select]. */
const CASES: Array<[string, unknown, (item: StacItem) => boolean]> = [
  ["eo:cloud_cover = 37", op("=", prop("eo:cloud_cover"), 37), (i) => cloud(i) === 37],
  ["eo:cloud_cover <> 37", op("<>", prop("eo:cloud_cover"), 37), (i) => cloud(i) !== undefined && cloud(i) !== 37],
  ["eo:cloud_cover < 20", op("<", prop("eo:cloud_cover"), 20), (i) => cloud(i)! < 20],
  ["eo:cloud_cover <= 15", op("<=", prop("eo:cloud_cover"), 15), (i) => cloud(i)! <= 15],
  ["eo:cloud_cover > 80", op(">", prop("eo:cloud_cover"), 80), (i) => cloud(i)! > 80],
  ['"eo:cloud_cover" >= 74', op(">=", prop("eo:cloud_cover"), 74), (i) => cloud(i)! >= 74],
  [
    "platform = 'sentinel-2a' AND eo:cloud_cover < 50",
    op("and", op("=", prop("platform"), "sentinel-2a"), op("<", prop("eo:cloud_cover"), 50)),
    (i) => platform(i) === "sentinel-2a" && cloud(i)! < 50,
  ],
  [
    "platform = 'landsat-8' or collection = 'aerial'",
    op("or", op("=", prop("platform"), "landsat-8"), op("=", prop("collection"), "aerial")),
    (i) => platform(i) === "landsat-8" || i.collection === "aerial",
  ],
  ["NOT platform = 'drone'", op("not", op("=", prop("platform"), "drone")), (i) => platform(i) !== "drone"],
  // Three-valued logic: NOT of an unknown comparison stays unknown, so items without cloud cover stay out.
  ["NOT eo:cloud_cover < 50", op("not", op("<", prop("eo:cloud_cover"), 50)), (i) => cloud(i) !== undefined && cloud(i)! >= 50],
  ["eo:cloud_cover BETWEEN 10 AND 30", op("between", prop("eo:cloud_cover"), 10, 30), (i) => cloud(i)! >= 10 && cloud(i)! <= 30],
  [
    "eo:cloud_cover NOT BETWEEN 10 AND 30",
    op("not", op("between", prop("eo:cloud_cover"), 10, 30)),
    (i) => cloud(i) !== undefined && (cloud(i)! < 10 || cloud(i)! > 30),
  ],
  ["platform IN ('landsat-8', 'drone')", op("in", prop("platform"), ["landsat-8", "drone"]), (i) => ["landsat-8", "drone"].includes(platform(i))],
  [
    "platform NOT IN ('landsat-8','drone')",
    op("not", op("in", prop("platform"), ["landsat-8", "drone"])),
    (i) => !["landsat-8", "drone"].includes(platform(i)),
  ],
  ["platform LIKE 'sentinel-2%'", op("like", prop("platform"), "sentinel-2%"), (i) => platform(i).startsWith("sentinel-2")],
  ["platform LIKE 'sentinel-_b'", op("like", prop("platform"), "sentinel-_b"), (i) => /^sentinel-.b$/.test(platform(i))],
  ["id NOT LIKE 'grid-%'", op("not", op("like", prop("id"), "grid-%")), (i) => !i.id.startsWith("grid-")],
  ["eo:cloud_cover IS NULL", op("isNull", prop("eo:cloud_cover")), (i) => cloud(i) === undefined],
  ["eo:cloud_cover IS NOT NULL", op("not", op("isNull", prop("eo:cloud_cover"))), (i) => cloud(i) !== undefined],
  ["geometry IS NULL", op("isNull", prop("geometry")), (i) => i.geometry === null],
  [
    "S_INTERSECTS(geometry, POLYGON((-55 -65, 15 -65, 15 -5, -55 -5, -55 -65), (-52 -37, -38 -37, -38 -23, -52 -23, -52 -37)))",
    op("s_intersects", prop("geometry"), { type: "Polygon", coordinates: [ring(-55, -65, 15, -5), ring(-52, -37, -38, -23)] }),
    (i) => bboxOverlaps([-55, -65, 15, -5])(i) && i.id !== "grid-08",
  ],
  ["s_intersects(geometry, POINT(5 -55))", op("s_intersects", prop("geometry"), { type: "Point", coordinates: [5, -55] }), (i) => i.id === "grid-03"],
  [
    "S_INTERSECTS(geometry, BBOX(160, -30, -160, 30))",
    op("s_intersects", prop("geometry"), { bbox: [160, -30, -160, 30] }),
    bboxOverlaps([160, -30, -160, 30]),
  ],
  [
    "S_INTERSECTS(geometry, LINESTRING(-160 -55, -40 -55))",
    op("s_intersects", prop("geometry"), { type: "LineString", coordinates: [[-160, -55], [-40, -55]] }),
    bboxOverlaps([-160, -55, -40, -55]),
  ],
  [
    "S_INTERSECTS(geometry, MULTIPOLYGON(((175 -5, 180 -5, 180 5, 175 5, 175 -5)), ((4 -70, 6 -70, 6 -40, 4 -40, 4 -70))))",
    op("s_intersects", prop("geometry"), { type: "MultiPolygon", coordinates: [[ring(175, -5, 180, 5)], [ring(4, -70, 6, -40)]] }),
    (i) => ["am-multi", "grid-03"].includes(i.id),
  ],
  [
    "datetime > TIMESTAMP('2021-06-01T00:00:00Z')",
    op(">", prop("datetime"), { timestamp: "2021-06-01T00:00:00Z" }),
    (i) => instant(i)! > Date.parse("2021-06-01T00:00:00Z"),
  ],
  [
    "datetime <= timestamp('2021-01-21T10:00:00Z')",
    op("<=", prop("datetime"), { timestamp: "2021-01-21T10:00:00Z" }),
    (i) => instant(i)! <= Date.parse("2021-01-21T10:00:00Z"),
  ],
  ["datetime >= DATE('2021-09-01')", op(">=", prop("datetime"), { date: "2021-09-01" }), (i) => instant(i)! >= Date.parse("2021-09-01T00:00:00Z")],
  [
    "start_datetime < TIMESTAMP('2021-01-01T00:00:00Z')",
    op("<", prop("start_datetime"), { timestamp: "2021-01-01T00:00:00Z" }),
    (i) => i.id === "range-winter",
  ],
  [
    "T_INTERSECTS(datetime, INTERVAL('2021-01-01T00:00:00Z', '2021-01-15T00:00:00Z'))",
    op("t_intersects", prop("datetime"), { interval: ["2021-01-01T00:00:00Z", "2021-01-15T00:00:00Z"] }),
    (i) => timeRange(i)![0] <= Date.parse("2021-01-15T00:00:00Z") && timeRange(i)![1] >= Date.parse("2021-01-01T00:00:00Z"),
  ],
  [
    "T_INTERSECTS(datetime, INTERVAL('2021-08-15', '..'))",
    op("t_intersects", prop("datetime"), { interval: ["2021-08-15", ".."] }),
    (i) => timeRange(i)![1] >= Date.parse("2021-08-15T00:00:00Z"),
  ],
  ["title = 'Via dell''Avvento'", op("=", prop("title"), "Via dell'Avvento"), (i) => i.id === "grid-04"],
  ["CASEI(platform) = casei('LANDSAT-8')", op("=", op("casei", prop("platform")), op("casei", "LANDSAT-8")), (i) => platform(i) === "landsat-8"],
  [
    "ACCENTI(CASEI(title)) LIKE ACCENTI(CASEI('%CEVAPI STRASSE'))",
    op("like", op("accenti", op("casei", prop("title"))), op("accenti", op("casei", "%CEVAPI STRASSE"))),
    (i) => i.id === "grid-05",
  ],
  ["id = collection", op("=", prop("id"), prop("collection")), () => false],
  ["TRUE", true, () => true],
  ["FALSE OR gsd = 30", op("or", false, op("=", prop("gsd"), 30)), (i) => i.properties.gsd === 30],
];

describe("CQL2 filters", () => {
  it.each(CASES)("%s", async (text, json, predicate) => {
    const expected = expectedIds(predicate);
    expect(parseCql2Text(text)).toEqual(validateCql2Json(json));
    expect(await getIds(`filter=${encodeURIComponent(text)}`)).toEqual(expected);
    expect(await getIds(`filter-lang=cql2-json&filter=${encodeURIComponent(JSON.stringify(json))}`)).toEqual(expected);
    expect(await postIds({ filter: json })).toEqual(expected);
  });

  it("selects something non-trivial in most cases", () => {
    const sizes = CASES.map(([, , predicate]) => expectedIds(predicate).length);
    expect(sizes.filter((size) => size > 0 && size < 38).length).toBeGreaterThan(30);
  });

  it("accepts cql2-text in POST bodies", async () => {
    expect(await postIds({ "filter-lang": "cql2-text", filter: "gsd = 30" })).toEqual(expectedIds((i) => i.properties.gsd === 30));
    expect(await postIds({ filter: "gsd = 30" })).toEqual(expectedIds((i) => i.properties.gsd === 30));
  });

  it("applies precedence NOT > AND > OR", async () => {
    const drone = (i: StacItem) => platform(i) === "drone";
    const landsatClear = (i: StacItem) => i.properties.gsd === 30 && cloud(i)! < 50;
    const text = "platform = 'drone' OR gsd = 30 AND eo:cloud_cover < 50";
    expect(await getIds(`filter=${encodeURIComponent(text)}`)).toEqual(expectedIds((i) => drone(i) || landsatClear(i)));
    const grouped = "(platform = 'drone' OR gsd = 30) AND eo:cloud_cover < 50";
    expect(await getIds(`filter=${encodeURIComponent(grouped)}`)).toEqual(
      expectedIds((i) => (drone(i) || i.properties.gsd === 30) && cloud(i)! < 50),
    );
    expect(expectedIds((i) => drone(i) || landsatClear(i))).not.toEqual(
      expectedIds((i) => (drone(i) || i.properties.gsd === 30) && cloud(i)! < 50),
    );
    const not = "NOT platform = 'drone' AND gsd = 10";
    expect(await getIds(`filter=${encodeURIComponent(not)}`)).toEqual(expectedIds((i) => !drone(i) && i.properties.gsd === 10));
  });
});
