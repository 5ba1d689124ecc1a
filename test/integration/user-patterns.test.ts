import { describe, expect, it } from "vitest";
import { expectError, loginAs } from "../support/http";
import { call as callAs } from "../support/jobs";

// One login for the file: each costs a PBKDF2 derivation.
let authorization: Promise<string> | undefined;
async function call(method: string, path: string, options: { body?: unknown } = {}): Promise<Response> {
  authorization ??= loginAs("alice");
  return callAs(method, path, { ...options, headers: { Authorization: await authorization } });
}

const echo = (pattern: string) => ({
  parameters: [{ name: "x", description: "A text.", schema: { type: "string", pattern } }],
  process_graph: { r: { process_id: "constant", arguments: { x: { from_parameter: "x" } }, result: true } },
});
const calling = (process: string, x: string) => ({ process_graph: { c: { process_id: process, arguments: { x }, result: true } } });

async function validationErrors(body: unknown): Promise<{ code: string; message: string }[]> {
  const res = await call("POST", "/validation", { body });
  expect(res.status).toBe(200);
  return ((await res.json()) as { errors: { code: string; message: string }[] }).errors;
}

describe("patterns in the schemas of user-defined processes", () => {
  it("are stored as given when the matcher can run them", async () => {
    expect((await call("PUT", "/process_graphs/digits", { body: echo("^\\d{4}-[a-z]+$") })).status).toBe(200);
    const stored = (await (await call("GET", "/process_graphs/digits")).json()) as { parameters: { schema: { pattern: string } }[] };
    expect(stored.parameters[0]!.schema.pattern).toBe("^\\d{4}-[a-z]+$");
  });

  it("are checked without backtracking: ^(a+)+$ against 40 or 5,000 characters answers at once", async () => {
    expect((await call("PUT", "/process_graphs/nested_plus", { body: echo("^(a+)+$") })).status).toBe(200);
    expect(await validationErrors(calling("nested_plus", "a".repeat(40)))).toEqual([]);
    for (const length of [40, 5000]) {
      const errors = await validationErrors(calling("nested_plus", `${"a".repeat(length)}!`));
      expect(errors.map((e) => e.code)).toEqual(["ProcessParameterInvalid"]);
      expect(errors[0]!.message).toContain("doesn't match the pattern ^(a+)+$");
    }
    const res = await call("POST", "/result", { body: { process: calling("nested_plus", `${"a".repeat(40)}!`) } });
    await expectError(res, 400, "ProcessParameterInvalid");
  });

  it("are refused when they need backtracking, where the process is stored or sent", async () => {
    const stored = await expectError(await call("PUT", "/process_graphs/backref", { body: echo("^(a)\\1$") }), 400, "ProcessGraphInvalid");
    expect(stored.message).toContain(`the schema of parameter 'x' has the pattern "^(a)\\\\1$", which can't be used: back-references are not supported at position 5`);
    await expectError(await call("GET", "/process_graphs/backref"), 404, "ProcessGraphNotFound");

    const inline = await validationErrors(echo("^(?=a)"));
    expect(inline.map((e) => e.code)).toEqual(["ProcessGraphInvalid"]);
    expect(inline[0]!.message).toContain("look-ahead and look-behind are not supported");

    const tooLong = await call("POST", "/result", { body: { process: echo("a".repeat(1001)) } });
    expect((await expectError(tooLong, 400, "ProcessGraphInvalid")).message).toContain("longer than 1000 characters");
  });
});
