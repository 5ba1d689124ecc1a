import { describe, expect, it } from "vitest";
import { checkArg, parseProcessGraph, type Arg } from "../../../src/engine";
import type { EngineIssue } from "../../../src/engine";
import { parseArgument } from "../../../src/engine/parse-arguments";

const ctx = { returnsOf: (id: string) => (id === "cube" ? { type: "object", subtype: "datacube" } : id === "text" ? { type: "string" } : undefined) };

function arg(raw: unknown): Arg {
  const issues: EngineIssue[] = [];
  const parsed = parseArgument(raw, "v", [], parseProcessGraph, issues);
  if (issues.length) throw new Error(issues[0]?.message);
  return parsed;
}

const check = (value: unknown, schema: Parameters<typeof checkArg>[1]) => checkArg(arg(value), schema, ctx);

describe("checkArg", () => {
  it("checks types, with integers as numbers and arrays of schemas as any-of", () => {
    expect(check(3, { type: "integer" })).toBeUndefined();
    expect(check(3.5, { type: "integer" })).toBe("expected integer, got number");
    expect(check(null, [{ type: "number" }, { type: "null" }])).toBeUndefined();
    expect(check("a", [{ type: "number" }, { type: "null" }])).toBe("none of the allowed forms fits (expected number, got string; expected null, got string)");
    expect(check(true, { description: "Any data type." })).toBeUndefined();
  });

  it("checks numeric bounds, including openEO's minimumExclusive/maximumExclusive", () => {
    expect(check(-1, { type: "number", minimumExclusive: -1 })).toBe("-1 must be greater than -1");
    expect(check(1, { type: "number", maximumExclusive: 1 })).toBe("1 must be less than 1");
    expect(check(0.5, { type: "number", exclusiveMinimum: 0, maximum: 1 })).toBeUndefined();
    expect(check(2, { type: "number", maximum: 1 })).toBe("2 is greater than the maximum 1");
  });

  it("checks ISO 8601 durations itself, whatever the pattern beside the subtype (the definitions' uses a look-ahead)", () => {
    const duration = { type: "string", subtype: "duration", pattern: "^(-?)P(?=\\d|T\\d)(?:(\\d+)Y)?$" };
    for (const ok of ["P1D", "PT12H", "P1Y2M3DT4H5M6.5S", "-P2W", "PT0.5S", "P1DT"]) expect(check(ok, duration), ok).toBeUndefined();
    for (const bad of ["P", "PT", "PT1", "1D", "P1H", "P1.5D", "PT1D"]) expect(check(bad, duration), bad).toBe(`'${bad}' is not an ISO 8601 duration such as P1D or PT12H`);
    // A look-ahead elsewhere is still refused as unsupported.
    expect(check("a", { type: "string", pattern: "^(?=a)a$" })).toMatch(/can't be checked/);
  });

  it("checks const, enum, not and string lengths", () => {
    expect(check("a", { const: "a" })).toBeUndefined();
    expect(check("b", { const: "a" })).toBe('expected "a"');
    expect(check(1, { not: { type: "number" } })).toBe("the value is of a kind that is not allowed");
    expect(check("x", { not: { type: "number" } })).toBeUndefined();
    expect(check("abc", { type: "string", maxLength: 2 })).toBe("'abc' is longer than 2 characters");
  });

  it("checks arrays: bounds, unique items, item schemas and tuples", () => {
    expect(check([1, 1], { type: "array", uniqueItems: true })).toBe("the elements must be unique");
    expect(check([1], { type: "array", minItems: 2 })).toBe("expected at least 2 elements, got 1");
    expect(check([1, 2, 3], { type: "array", maxItems: 2 })).toBe("expected at most 2 elements, got 3");
    expect(check([1, "a"], { type: "array", items: { type: "number" } })).toBe("element 1: expected number, got string");
    expect(check([1, "a"], { type: "array", items: [{ type: "number" }, { type: "string" }] })).toBeUndefined();
  });

  it("checks objects: required, properties and additionalProperties", () => {
    const schema = { type: "object", required: ["a"], properties: { a: { type: "number" } }, additionalProperties: false };
    expect(check({ a: 1 }, schema)).toBeUndefined();
    expect(check({}, schema)).toBe("the property 'a' is required");
    expect(check({ a: 1, b: 2 }, schema)).toBe("the property 'b' is not allowed");
    expect(check({ a: 1, b: "x" }, { type: "object", additionalProperties: { type: "number" } })).toBe("property 'b': expected number, got string");
  });

  it("checks date, date-time and time subtypes", () => {
    const dateTime = { type: "string", subtype: "date-time", format: "date-time" };
    expect(check("2020-02-29T12:00:00Z", dateTime)).toBeUndefined();
    expect(check("2020-02-30T12:00:00Z", dateTime)).toBe("expected an RFC 3339 date-time");
    expect(check("2020-01-01T12:00:00", dateTime)).toBe("expected an RFC 3339 date-time");
    expect(check("2021-02-29", { type: "string", subtype: "date" })).toBe("expected a date (YYYY-MM-DD)");
    expect(check("25:00:00", { type: "string", subtype: "time" })).toBe("expected a time (HH:MM:SS)");
  });

  it("checks temporal intervals and GeoJSON", () => {
    const interval = { type: "array", subtype: "temporal-interval" };
    expect(check([null, null], interval)).toBe("a temporal interval can't be open at both ends");
    expect(check(["2020-01-01", "2020-01-01T00:00:01Z"], interval)).toBeUndefined();
    expect(check([[null, null]], { type: "array", subtype: "temporal-intervals" })).toBe("a temporal interval can't be open at both ends");
    // Reversed intervals pass validation: processes declare their own exception for them.
    expect(check([["2020-01-01", "2019-01-01"]], { type: "array", subtype: "temporal-intervals" })).toBeUndefined();
    const geojson = { type: "object", subtype: "geojson" };
    expect(check({ type: "Polygon", coordinates: [[[0, 0], [1, 0], [1, 1], [0, 0]]] }, geojson)).toBeUndefined();
    expect(check({ type: "FeatureCollection", features: [{ type: "Feature", geometry: { type: "GeometryCollection" } }] }, geojson)).toBe(
      "'GeometryCollection' is not a supported GeoJSON type",
    );
  });

  it("checks references loosely and leaves parameter references alone", () => {
    const cube = { type: "object", subtype: "datacube" };
    expect(check({ from_node: "cube" }, cube)).toBeUndefined();
    expect(check({ from_node: "cube" }, { type: "object" })).toBeUndefined();
    expect(check({ from_node: "text" }, cube)).toBe("the result of node 'text' (string) can't be datacube");
    expect(check({ from_node: "unknown" }, cube)).toBeUndefined();
    expect(check({ from_parameter: "p" }, { type: "number", minimum: 5 })).toBeUndefined();
    expect(check([{ from_parameter: "p" }, 1, 1], { type: "array", uniqueItems: true, items: { type: "number" } })).toBe("the elements must be unique");
  });

  it("accepts child process graphs where a process graph or any value is expected", () => {
    const callback = { process_graph: { a: { process_id: "x", arguments: {}, result: true } } };
    expect(check(callback, { type: "object", subtype: "process-graph" })).toBeUndefined();
    expect(check(callback, [{ type: "null" }, { type: "object", subtype: "process-graph" }])).toBeUndefined();
    expect(check(callback, {})).toBeUndefined();
    expect(check(callback, { type: "object" })).toBe("a child process graph is not allowed here");
  });
});
