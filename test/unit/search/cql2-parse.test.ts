import { describe, expect, it } from "vitest";
import { parseCql2Text, parseSearchGet, parseSearchPost, validateCql2Json } from "../../../src/catalog/search";
import { errorOf } from "./fixtures";

const eq = (property: string, value: unknown) => ({ op: "=", args: [{ property }, value] });

describe("cql2-text parser", () => {
  it("binds NOT tighter than AND, and AND tighter than OR", () => {
    expect(parseCql2Text("a = 1 OR b = 2 AND NOT c = 3")).toEqual({
      op: "or",
      args: [eq("a", 1), { op: "and", args: [eq("b", 2), { op: "not", args: [eq("c", 3)] }] }],
    });
    expect(parseCql2Text("(a = 1 OR b = 2) AND c = 3")).toEqual({ op: "and", args: [{ op: "or", args: [eq("a", 1), eq("b", 2)] }, eq("c", 3)] });
    expect(parseCql2Text("a = 1 AND b = 2 AND c = 3")).toEqual({ op: "and", args: [eq("a", 1), eq("b", 2), eq("c", 3)] });
  });

  it("reads keywords in any case, signed and exponent numbers, quoted names and escapes", () => {
    expect(parseCql2Text("x = -1.5e2 aNd \"NOT\" is NoT nULL or y = 'it''s\\tok'")).toEqual({
      op: "or",
      args: [
        { op: "and", args: [eq("x", -150), { op: "not", args: [{ op: "isNull", args: [{ property: "NOT" }] }] }] },
        eq("y", "it's\tok"),
      ],
    });
    expect(parseCql2Text("date = DATE('2021-01-01')")).toEqual(eq("date", { date: "2021-01-01" }));
  });

  it("keeps LIKE escapes", () => {
    expect(parseCql2Text("id LIKE '100\\%'")).toEqual({ op: "like", args: [{ property: "id" }, "100\\%"] });
  });

  it.each([
    ["eo:cloud_cover <", "expected a property, literal or function at position 17 but found end of input"],
    ["(gsd = 10", "expected ')' at position 10 but found end of input"],
    ["platform = 'x", "unterminated string starting at position 12"],
    ["gsd == 10", "expected a property, literal or function at position 6 but found '='"],
    ["gsd = 10 gsd = 30", "expected AND, OR or the end of the filter at position 10 but found 'gsd'"],
    ["gsd = 10 AND", "expected a property, literal or function at position 13 but found end of input"],
    ["gsd ! 10", "unexpected character '!' at position 5"],
    ["gsd", "expected a comparison operator, LIKE, BETWEEN, IN or IS NULL after 'gsd' at position 4"],
    ["foo(gsd) = 1", "unsupported function 'foo' at position 1"],
    ["datetime > TIMESTAMP('2021-13-01T00:00:00Z')", "invalid TIMESTAMP '2021-13-01T00:00:00Z' at position 12"],
    [
      "S_INTERSECTS(geometry, POLYGON((0 0, 1 0, 1 1)))",
      "POLYGON.coordinates[0] must be an array of at least 4 positions (POLYGON at position 24)",
    ],
    ["S_INTERSECTS(geometry, 5)", "filter.args[1]: expected a spatial operand"],
    ["S_INTERSECTS(geometry)", "S_INTERSECTS at position 1 takes 2 argument(s), got 1"],
    ["gsd IN ()", "expected a property, literal or function at position 9 but found ')'"],
    ["gsd BETWEEN 1 OR 2", "expected AND at position 15 but found 'OR'"],
    ["", "the filter is empty"],
  ])("reports %j with a position", async (text, reason) => {
    const error = await errorOf(() => parseSearchGet(new URLSearchParams({ filter: text })));
    expect(error.status).toBe(400);
    expect(error.code).toBe("FilterInvalid");
    expect(error.message).toBe(`Invalid CQL2 filter: ${reason}`);
  });
});

describe("cql2-json validator", () => {
  it("normalises operator case and drops unknown members", () => {
    expect(validateCql2Json({ op: "IsNull", args: [{ property: "a", extra: 1 }], note: "x" })).toEqual({
      op: "isNull",
      args: [{ property: "a" }],
    });
  });

  it.each([
    [{ op: "=", args: [1] }, "filter.args: '=' takes 2 argument(s), got 1"],
    [{ op: "nope", args: [] }, 'filter.op: unsupported operator "nope"'],
    [{ op: "and", args: [eq("a", 1)] }, "filter.args: 'and' takes at least 2 argument(s), got 1"],
    [{ op: "=", args: [{ property: "a" }, { timestamp: "yesterday" }] }, "filter.args[1].timestamp: expected an RFC 3339 date or date-time"],
    [{ op: "in", args: [{ property: "a" }, "x"] }, "filter.args[1]: expected an array of values"],
    [{ op: "casei", args: ["a"] }, "filter: 'casei' is not a boolean expression"],
    [{ op: "and", args: [{ property: "a" }, true] }, "filter.args[0]: expected a boolean expression"],
    [{ op: "s_intersects", args: [{ property: "geometry" }, { bbox: [0, 0, 1] }] }, "filter.args[1].bbox: expected 4 numbers (west, south, east, north) or 6 (with minimum and maximum elevation)"],
    [42, "filter: expected a boolean operand"],
  ])("rejects %j", async (json, reason) => {
    const error = await errorOf(() => parseSearchPost({ filter: json }));
    expect(error.code).toBe("FilterInvalid");
    expect(error.message).toBe(`Invalid CQL2 filter: ${reason}`);
  });

  it("rejects unknown languages, other CRSs and broken JSON", async () => {
    const get = (params: Record<string, string>) => errorOf(() => parseSearchGet(new URLSearchParams(params)));
    expect((await get({ filter: "a = 1", "filter-lang": "sql" })).message).toBe(
      "Invalid search parameter 'filter-lang': must be cql2-text or cql2-json",
    );
    expect((await get({ filter: "a = 1", "filter-crs": "EPSG:4326" })).message).toContain("'filter-crs'");
    expect((await get({ filter: "{", "filter-lang": "cql2-json" })).message).toBe("Invalid CQL2 filter: the cql2-json filter is not valid JSON");
    expect((await errorOf(() => parseSearchPost({ filter: {}, "filter-lang": "cql2-text" }))).message).toContain("must be a string");
  });
});
