import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { ingestFixture, type FixtureScene } from "../support/catalog-fixture";
import { expectError, request } from "../support/http";

// Ids as long as Sentinel-2 datastrip ids, where a backtracking LIKE took seconds per item.
const DATASTRIPS = ["S2B_OPER_MSI_L2A_DS_2BPS_20230810T120000_S20230810T100559_N05.09", "S2A_OPER_MSI_L2A_DS_2APS_20230815T110000_S20230815T100601_N05.09"];
const SCENES: FixtureScene[] = DATASTRIPS.map((id, i) => ({ id, datetime: `2023-08-1${i}T10:00:00Z`, origin: [500000, 5000000], cloud: 5, platform: "sentinel-2b" }));

type ItemCollection = { features: { id: string }[] };

const getIds = async (query: string) => {
  const res = await request(`/v1/search?collections=strips&${query}`);
  expect(res.status, await res.clone().text()).toBe(200);
  return ((await res.json()) as ItemCollection).features.map((f) => f.id).sort();
};
const filterIds = (text: string) => getIds(`filter=${encodeURIComponent(text)}`);
const post = (body: unknown) => request("/v1/search", { method: "POST", headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) });

async function refused(res: Response, code: string, says: string): Promise<void> {
  expect((await expectError(res, 400, code)).message).toContain(says);
}

const equalsId = { op: "=", args: [{ property: "id" }, "x"] };
/** `inner` wrapped in `levels` NOTs. */
const negated = (levels: number, inner: unknown = equalsId): unknown => {
  let value = inner;
  for (let i = 0; i < levels; i++) value = { op: "not", args: [value] };
  return value;
};
const collections = (levels: number): unknown => {
  let value: unknown = { type: "Point", coordinates: [15.005, 45.15] };
  for (let i = 0; i < levels; i++) value = { type: "GeometryCollection", geometries: [value] };
  return value;
};
/** A closed ring of `count` positions around (15, 45.1), around the scenes. */
const ring = (count: number) => {
  const positions = Array.from({ length: count - 1 }, (_, i) => [15 + 0.1 * Math.cos((2 * Math.PI * i) / (count - 1)), 45.1 + 0.1 * Math.sin((2 * Math.PI * i) / (count - 1))]);
  return [...positions, positions[0]!];
};

beforeAll(async () => {
  await ingestFixture(env.DATA, "strips", SCENES);
});

describe("LIKE on the public search", () => {
  it("finds the items by their ids without LIKE", async () => {
    expect(await filterIds(`id = '${DATASTRIPS[0]}'`)).toEqual([DATASTRIPS[0]]);
  });

  it("answers chains of % and _ at once, with the right items", async () => {
    // Both patterns end in a character no id has; before, the first took seconds and the second forever.
    expect(await filterIds(`id LIKE '%_%_%_%_%_%_%_!'`)).toEqual([]);
    expect(await filterIds(`id LIKE '${"%_".repeat(40)}!'`)).toEqual([]);
    expect(await filterIds(`id LIKE '${"%_".repeat(40)}9'`)).toEqual([...DATASTRIPS].sort());
    expect(await filterIds(`id LIKE '%_%_%2APS%_%_%9'`)).toEqual([DATASTRIPS[1]!]);
    expect(await filterIds(`id NOT LIKE '%_%_%2APS%_%_%!'`)).toEqual([...DATASTRIPS].sort());
  });
});

describe("budgets of the public search", () => {
  it("bounds the filter's length, nesting and size, in cql2-text and cql2-json alike", async () => {
    await refused(await request(`/v1/search?filter=${encodeURIComponent(`id = '${"x".repeat(10_000)}'`)}`), "FilterInvalid", "longer than 10000 characters");
    await refused(await request(`/v1/search?filter=${encodeURIComponent(`${"NOT ".repeat(21)}id = 'x'`)}`), "FilterInvalid", "nest more than 20 levels deep");
    await refused(await request(`/v1/search?filter=${encodeURIComponent(`${"(".repeat(21)}id = 'x'${")".repeat(21)}`)}`), "FilterInvalid", "nest more than 20 levels deep");
    expect(await filterIds(`${"NOT ".repeat(20)}id <> 'x'`)).toEqual([...DATASTRIPS].sort());
    await refused(await post({ filter: negated(21) }), "FilterInvalid", "nests operations more than 20 levels deep");
    expect(((await (await post({ collections: ["strips"], filter: negated(20, { ...equalsId, op: "<>" }) })).json()) as ItemCollection).features).toHaveLength(2);
    await refused(await post({ filter: negated(20_000) }), "RequestInvalid", "nested more than 500 levels deep");
    await refused(await post({ filter: { op: "or", args: Array(400).fill(equalsId) } }), "FilterInvalid", "more than 1000 operations and operands");
    const list = (n: number) => ({ op: "in", args: [{ property: "id" }, Array.from({ length: n }, (_, i) => `id-${i}`)] });
    await refused(await post({ filter: list(501) }), "FilterInvalid", "an IN list has 501 values, more than the 500 allowed");
    expect(((await (await post({ collections: ["strips"], filter: list(500) })).json()) as ItemCollection).features).toEqual([]);
    const polygon = (count: number) => ({ op: "s_intersects", args: [{ property: "geometry" }, { type: "Polygon", coordinates: [ring(count)] }] });
    await refused(await post({ filter: polygon(10_001) }), "FilterInvalid", "more than 10000 positions");
  });

  it("bounds intersects by positions and nested collections", async () => {
    await refused(await post({ intersects: { type: "Polygon", coordinates: [ring(10_001)] } }), "SearchParameterInvalid", "has 10001 positions, more than the 10000 allowed");
    const inside = await post({ collections: ["strips"], intersects: { type: "Polygon", coordinates: [ring(10_000)] } });
    expect(((await inside.json()) as ItemCollection).features).toHaveLength(2);
    await refused(await post({ intersects: collections(9) }), "SearchParameterInvalid", "nests GeometryCollections more than 8 deep");
    await refused(await request(`/v1/search?intersects=${encodeURIComponent(JSON.stringify(collections(9)))}`), "SearchParameterInvalid", "more than 8 deep");
    await refused(await post({ intersects: collections(20_000) }), "RequestInvalid", "nested more than 500 levels deep");
    expect(((await (await post({ collections: ["strips"], intersects: collections(8) })).json()) as ItemCollection).features).toHaveLength(2);
  });

  it("bounds the counts of ids, fields and sort keys", async () => {
    const names = (n: number) => Array.from({ length: n }, (_, i) => `n${i}`);
    await refused(await request(`/v1/search?ids=${names(1001).join(",")}`), "SearchParameterInvalid", "has 1001 entries, more than the 1000 allowed");
    await refused(await post({ ids: names(1001) }), "SearchParameterInvalid", "more than the 1000 allowed");
    expect(((await (await post({ ids: names(1000) })).json()) as ItemCollection).features).toEqual([]);
    await refused(await request(`/v1/search?fields=${names(101).join(",")}`), "SearchParameterInvalid", "names 101 fields, more than the 100 allowed");
    await refused(await post({ fields: { include: names(60), exclude: names(41) } }), "SearchParameterInvalid", "names 101 fields");
    await refused(await request(`/v1/search?sortby=${names(11).join(",")}`), "SearchParameterInvalid", "has 11 sort keys, more than the 10 allowed");
    await refused(await post({ sortby: names(11).map((field) => ({ field, direction: "asc" })) }), "SearchParameterInvalid", "has 11 sort keys");
  });
});
