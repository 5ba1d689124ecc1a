import { beforeAll, describe, expect, it } from "vitest";
import { expectError, loginAs, request } from "../support/http";

let alice: string;
let bob: string;
beforeAll(async () => {
  alice = await loginAs("alice");
  bob = await loginAs("bob");
});

const at = (id: string) => `/v1/process_graphs/${id}`;
const put = (auth: string, id: string, body: unknown) =>
  request(at(id), { method: "PUT", headers: { "Content-Type": "application/json", Authorization: auth }, body: JSON.stringify(body) });
const get = (auth: string, id: string) => request(at(id), { headers: { Authorization: auth } });
const remove = (auth: string, id: string) => request(at(id), { method: "DELETE", headers: { Authorization: auth } });
const list = async (auth: string, query = "") => {
  const res = await request(`/v1/process_graphs${query}`, { headers: { Authorization: auth } });
  expect(res.status).toBe(200);
  return (await res.json()) as { processes: Record<string, unknown>[]; links: { rel: string; href: string }[] };
};

const doubled = (summary?: string) => ({
  ...(summary ? { summary } : {}),
  parameters: [{ name: "x", description: "A number.", schema: { type: "number" } }],
  returns: { description: "Twice x.", schema: { type: "number" } },
  process_graph: { m: { process_id: "multiply", arguments: { x: { from_parameter: "x" }, y: 2 }, result: true } },
});

async function stored(auth: string, id: string): Promise<Record<string, unknown>> {
  const res = await get(auth, id);
  expect(res.status).toBe(200);
  return (await res.json()) as Record<string, unknown>;
}

describe("/process_graphs", () => {
  it("stores, replaces, reads and deletes a process", async () => {
    const res = await put(alice, "crud", doubled("First"));
    expect(res.status).toBe(200);
    expect(await res.text()).toBe("");
    expect(await stored(alice, "crud")).toEqual({ id: "crud", ...doubled("First") });

    // PUT replaces the whole process: the summary is gone, not kept from before.
    const { parameters: _p, returns: _r, ...bare } = doubled();
    expect((await put(alice, "crud", { ...bare, categories: ["math"] })).status).toBe(200);
    expect(await stored(alice, "crud")).toEqual({ id: "crud", categories: ["math"], ...bare });

    expect((await remove(alice, "crud")).status).toBe(204);
    await expectError(await get(alice, "crud"), 404, "ProcessGraphNotFound");
    await expectError(await remove(alice, "crud"), 404, "ProcessGraphNotFound");
  });

  it("answers only the properties that are set, never null", async () => {
    const body = { ...doubled(), summary: null, description: null, categories: null, deprecated: null, experimental: false, unknown_property: 1 };
    expect((await put(alice, "sparse", body)).status).toBe(200);
    expect(Object.keys(await stored(alice, "sparse")).sort()).toEqual(["experimental", "id", "parameters", "process_graph", "returns"]);
    const entry = (await list(alice)).processes.find((p) => p.id === "sparse");
    expect(entry).toEqual({ id: "sparse", experimental: false, parameters: doubled().parameters, returns: doubled().returns });
  });

  it("stores the process under the path's id when the body names another", async () => {
    expect((await put(alice, "path_id", { ...doubled(), id: "body_id" })).status).toBe(200);
    expect((await stored(alice, "path_id")).id).toBe("path_id");
    await expectError(await get(alice, "body_id"), 404, "ProcessGraphNotFound");
  });

  it("lists the user's processes by id, all or in pages", async () => {
    for (const { id } of (await list(alice)).processes) expect((await remove(alice, String(id))).status).toBe(204);
    for (const id of ["c_three", "a_one", "b_two"]) expect((await put(alice, id, { ...doubled(id), exceptions: { Oops: { message: "Oops." } } })).status).toBe(200);

    const all = await list(alice);
    expect(all.processes.map((p) => p.id)).toEqual(["a_one", "b_two", "c_three"]);
    expect(all.links).toEqual([]);
    // Listings leave out the process graph and the larger metadata, as the spec recommends.
    const { process_graph: _g, ...metadata } = doubled("a_one");
    expect(all.processes[0]).toEqual({ id: "a_one", ...metadata });

    const first = await list(alice, "?limit=2");
    expect(first.processes.map((p) => p.id)).toEqual(["a_one", "b_two"]);
    const next = first.links.find((l) => l.rel === "next")!;
    const second = await list(alice, new URL(next.href).search);
    expect(second.processes.map((p) => p.id)).toEqual(["c_three"]);
    expect(second.links.map((l) => l.rel)).toEqual(["prev"]);
  });

  it("refuses the id of a predefined process", async () => {
    await expectError(await put(alice, "multiply", doubled()), 400, "PredefinedProcessExists");
  });

  it("refuses ids outside ^\\w+$ with 400 (and finds nothing by them)", async () => {
    const { message } = await expectError(await put(alice, "bad-id", doubled()), 400, "RequestInvalid");
    expect(message).toContain("bad-id");
    await expectError(await get(alice, "bad-id"), 404, "ProcessGraphNotFound");
  });

  it("requires a process graph", async () => {
    await expectError(await put(alice, "no_graph", { summary: "Nothing to do" }), 400, "ProcessGraphMissing");
    await expectError(await put(alice, "no_graph", { process_graph: null }), 400, "ProcessGraphMissing");
  });

  it("refuses invalid processes with the first problem's code, storing nothing", async () => {
    const unknown = { process_graph: { a: { process_id: "no_such_process", arguments: {}, result: true } } };
    const { message } = await expectError(await put(alice, "invalid", unknown), 400, "ProcessUnsupported");
    expect(message).toContain("no_such_process");
    await expectError(await put(alice, "invalid", { process_graph: [1, 2] }), 400, "ProcessGraphInvalid");
    await expectError(await put(alice, "invalid", { ...doubled(), parameters: [{ name: "x" }] }), 400, "RequestInvalid");
    await expectError(await put(alice, "invalid", { ...doubled(), summary: 42 }), 400, "RequestInvalid");
    await expectError(await get(alice, "invalid"), 404, "ProcessGraphNotFound");
  });

  it("checks calls of the user's other processes and lets a process call itself", async () => {
    expect((await put(alice, "twice", doubled())).status).toBe(200);
    const calls = (args: Record<string, unknown>) => ({ process_graph: { t: { process_id: "twice", arguments: args, result: true } } });
    expect((await put(alice, "caller", calls({ x: 4 }))).status).toBe(200);
    await expectError(await put(alice, "caller", calls({ x: 4, y: 4 })), 400, "ProcessParameterUnsupported");
    await expectError(await put(alice, "caller", calls({})), 400, "ProcessParameterRequired");
    await expectError(await put(bob, "caller", calls({ x: 4 })), 400, "ProcessUnsupported");

    const self = { ...doubled(), process_graph: { r: { process_id: "itself", arguments: { x: { from_parameter: "x" } }, result: true } } };
    expect((await put(alice, "itself", self)).status).toBe(200);
    await expectError(await put(alice, "itself", { ...self, parameters: [] }), 400, "ProcessParameterUnsupported");
  });

  it("refuses processes too large to store with 413", async () => {
    await expectError(await put(alice, "huge", { ...doubled(), description: "x".repeat(1_000_000) }), 413, "PayloadTooLarge");
    await expectError(await get(alice, "huge"), 404, "ProcessGraphNotFound");
  });

  it("keeps each user's processes to themselves", async () => {
    expect((await put(alice, "private", doubled())).status).toBe(200);
    await expectError(await get(bob, "private"), 404, "ProcessGraphNotFound");
    await expectError(await remove(bob, "private"), 404, "ProcessGraphNotFound");
    expect((await list(bob)).processes.map((p) => p.id)).not.toContain("private");
    expect((await stored(alice, "private")).id).toBe("private");
  });

  it("requires authentication", async () => {
    const body = JSON.stringify(doubled());
    await expectError(await request("/v1/process_graphs"), 401, "AuthenticationRequired");
    await expectError(await request(at("any")), 401, "AuthenticationRequired");
    await expectError(await request(at("any"), { method: "PUT", headers: { "Content-Type": "application/json" }, body }), 401, "AuthenticationRequired");
    await expectError(await request(at("any"), { method: "DELETE" }), 401, "AuthenticationRequired");
  });
});
