import { describe, expect, it } from "vitest";
import { expectError, loginAs } from "../support/http";
import { call as callAs } from "../support/jobs";
import { STATIC_STAC } from "../support/stac-scenes";

/** `leaf` wrapped in `levels` arrays. */
const nestedArrays = (levels: number, leaf: unknown): unknown => {
  let value = leaf;
  for (let i = 0; i < levels; i++) value = [value];
  return value;
};
const nestedObjects = (levels: number): unknown => {
  let value: unknown = 1;
  for (let i = 0; i < levels; i++) value = { k: value };
  return value;
};
// One login for the file: each costs a PBKDF2 derivation.
let authorization: Promise<string> | undefined;
async function call(method: string, path: string, body: unknown): Promise<Response> {
  authorization ??= loginAs("alice");
  return callAs(method, path, { body, headers: { Authorization: await authorization } });
}

const CONSTANT = { process_graph: { one: { process_id: "constant", arguments: { x: 42 }, result: true } } };

describe("nesting budgets on the JSON users send", () => {
  it("a batch job with an extra property nested 5,000 deep: 400 naming the limit, not 500", async () => {
    const res = await call("POST", "/jobs", { process: CONSTANT, "edge:deep": nestedObjects(5000) });
    const body = await expectError(res, 400, "RequestInvalid");
    expect(body.message).toContain("nested more than 500 levels deep");
    const shallow = await call("POST", "/jobs", { process: CONSTANT, "edge:deep": nestedObjects(50) });
    expect(shallow.status).toBe(201);
  });

  it("a geometry nested 20,000 deep given to aggregate_spatial: 400, as one just past the engine's nesting limit", async () => {
    const graph = (coordinates: unknown) => ({
      process: {
        process_graph: {
          agg: { process_id: "aggregate_spatial", arguments: { data: { from_parameter: "cube" }, geometries: { type: "Point", coordinates }, reducer: "mean" }, result: true },
        },
      },
    });
    const deep = await expectError(await call("POST", "/result", graph(nestedArrays(20_000, 1))), 400, "RequestInvalid");
    expect(deep.message).toContain("500 levels");
    const past = await expectError(await call("POST", "/result", graph(nestedArrays(150, 1))), 400, "ProcessGraphInvalid");
    expect(past.message).toContain("nested too deeply");
  });

  it("a STAC Item whose geometry nests 20,000 deep, read by load_stac: 400 naming the document and the limit", async () => {
    const url = `${STATIC_STAC}/deep/item.json`;
    const item = { type: "Feature", stac_version: "1.0.0", id: "deep", geometry: { type: "Polygon", coordinates: nestedArrays(20_000, [15, 45]) }, properties: { datetime: "2024-01-01T00:00:00Z" }, assets: {}, links: [] };
    expect((await fetch(url, { method: "PUT", body: JSON.stringify(item) })).status).toBe(201);
    const graph = { process_graph: { load: { process_id: "load_stac", arguments: { url }, result: true } } };
    const body = await expectError(await call("POST", "/result", { process: graph }), 400, "ProcessParameterInvalid");
    expect(body.message).toContain(`the document at ${url} nests arrays and objects more than 100 levels deep`);
  });
});
