import { describe, expect, it } from "vitest";
import { expectError, loginAs, request } from "../support/http";

const JSON_HEADERS = { "Content-Type": "application/json" };

function validate(body: unknown, headers: Record<string, string> = {}): Promise<Response> {
  return request("/v1/validation", { method: "POST", headers: { ...JSON_HEADERS, ...headers }, body: typeof body === "string" ? body : JSON.stringify(body) });
}

async function errorsOf(body: unknown): Promise<{ code: string; message: string }[]> {
  const res = await validate(body);
  expect(res.status).toBe(200);
  return ((await res.json()) as { errors: { code: string; message: string }[] }).errors;
}

const VALID = {
  id: "doubled",
  parameters: [{ name: "values", description: "Numbers.", schema: { type: "array" }, default: [1, 2] }],
  process_graph: {
    apply: {
      process_id: "array_apply",
      arguments: {
        data: { from_parameter: "values" },
        process: { process_graph: { m: { process_id: "multiply", arguments: { x: { from_parameter: "x" }, y: 2 }, result: true } } },
      },
    },
    total: { process_id: "sum", arguments: { data: { from_node: "apply" } }, result: true },
  },
};

describe("POST /validation", () => {
  it("answers an empty error list for a valid process", async () => {
    expect(await errorsOf(VALID)).toEqual([]);
  });

  it("answers 200 with every problem found, with codes from the openEO catalogue", async () => {
    const errors = await errorsOf({
      process_graph: {
        a: { process_id: "no_such_process", arguments: {} },
        b: { process_id: "multiply", arguments: { x: "two", z: 1 } },
        c: { process_id: "add", arguments: { x: { from_node: "ghost" }, y: 1 }, result: true },
        d: { process_id: "add", arguments: { x: 1, y: 1 }, result: true },
      },
    });
    expect(errors.map((e) => e.code).sort()).toEqual(
      ["ProcessGraphInvalid", "ProcessGraphInvalid", "ProcessUnsupported", "ProcessParameterInvalid", "ProcessParameterRequired", "ProcessParameterUnsupported"].sort(),
    );
    expect(errors.find((e) => e.code === "ProcessUnsupported")?.message).toBe(
      "Process with identifier 'no_such_process' is not available in namespace 'backend or user'. (at a)",
    );
    for (const error of errors) expect(Object.keys(error).sort()).toEqual(["code", "message"]);
  });

  it("checks collection ids against the catalog", async () => {
    const load = (id: string) => ({
      process_graph: { load: { process_id: "load_collection", arguments: { id, spatial_extent: null, temporal_extent: null }, result: true } },
    });
    expect(await errorsOf(load("sentinel-2-l2a"))).toEqual([]);
    const errors = await errorsOf(load("no-such-collection"));
    expect(errors.map((e) => e.code)).toEqual(["CollectionNotFound"]);
    expect(errors[0]!.message).toContain("no-such-collection");
  });

  it("reports problems inside callbacks with the path to the node", async () => {
    const errors = await errorsOf({
      process_graph: {
        apply: { process_id: "array_apply", arguments: { data: [1], process: { process_graph: { m: { process_id: "multiply", arguments: { x: { from_parameter: "x" } }, result: true } } } }, result: true },
      },
    });
    expect(errors).toEqual([{ code: "ProcessParameterRequired", message: "Process 'multiply' parameter 'y' is required. (at apply > process > m)" }]);
  });

  it("answers 4xx only for malformed requests", async () => {
    await expectError(await validate({ id: "no graph" }), 400, "ProcessGraphMissing");
    await expectError(await validate({ process_graph: "a string" }), 400, "ProcessGraphInvalid");
    await expectError(await validate('{"process_graph": '), 400, "JsonInvalid");
    await expectError(await validate([VALID]), 400, "RequestInvalid");
    await expectError(await request("/v1/validation", { method: "GET" }), 405, "MethodNotAllowed");
  });

  it("accepts authenticated and anonymous requests, but no invalid token", async () => {
    const res = await validate(VALID, { Authorization: await loginAs("bob") });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ errors: [] });
    await expectError(await validate(VALID, { Authorization: "Bearer basic//nonsense" }), 403, "TokenInvalid");
  });
});
