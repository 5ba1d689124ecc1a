import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import { runProcess } from "../../src/engine";
import { OpenEOError } from "../../src/errors";
import { PROCESSES } from "../../src/processes";
import { userStub } from "../../src/api/user-store";
import { ExpiringCache } from "../../src/expiring-cache";
import type { UserProcess } from "../../src/engine";
import { forgetStoredProcess, storedProcesses, tileUserProcesses } from "../../src/udp/lookup";
import { loginAs, request } from "../support/http";

// Bob's processes: the CRUD tests empty Alice's list.
let bob: string;
let bobId: string;
beforeAll(async () => {
  bob = await loginAs("bob");
  bobId = ((await (await request("/v1/me", { headers: { Authorization: bob } })).json()) as { user_id: string }).user_id;
  const scale = {
    parameters: [
      { name: "x", description: "A number.", schema: { type: "number" } },
      { name: "factor", description: "The factor.", schema: { type: "number" }, default: 10 },
    ],
    returns: { description: "x times factor.", schema: { type: "number" } },
    process_graph: { m: { process_id: "multiply", arguments: { x: { from_parameter: "x" }, y: { from_parameter: "factor" } }, result: true } },
  };
  await store("scale", scale);
  await store("loop", calling("loop"));
  // Mutual recursion can only be stored in steps: each call must resolve when it is stored.
  await store("ping", scale);
  await store("pong", calling("ping"));
  await store("ping", calling("pong"));
});

const X = [{ name: "x", description: "A number.", schema: { type: "number" } }];
const calling = (target: string) => ({ parameters: X, process_graph: { c: { process_id: target, arguments: { x: { from_parameter: "x" } }, result: true } } });

async function store(id: string, process: unknown): Promise<void> {
  const res = await request(`/v1/process_graphs/${id}`, { method: "PUT", headers: { "Content-Type": "application/json", Authorization: bob }, body: JSON.stringify(process) });
  if (res.status !== 200) throw new Error(`storing ${id} failed: ${res.status} ${await res.text()}`);
}

const scaleBy = (factor: number) => ({ parameters: X, process_graph: { m: { process_id: "multiply", arguments: { x: { from_parameter: "x" }, y: factor } , result: true } } });

const main = (args: Record<string, unknown>, processId = "scale") => ({ process_graph: { s: { process_id: processId, arguments: args, result: true } } });

async function validate(body: unknown, auth?: string): Promise<{ code: string; message: string }[]> {
  const headers: Record<string, string> = { "Content-Type": "application/json", ...(auth ? { Authorization: auth } : {}) };
  const res = await request("/v1/validation", { method: "POST", headers, body: JSON.stringify(body) });
  expect(res.status).toBe(200);
  return ((await res.json()) as { errors: { code: string; message: string }[] }).errors;
}

const run = (process: unknown) => runProcess(process, { processes: PROCESSES, userProcesses: storedProcesses(env, bobId) }, { ctx: { log() {} } });

describe("user-defined processes in the engine", () => {
  it("POST /validation resolves the authenticated user's stored processes", async () => {
    expect(await validate(main({ x: 3 }), bob)).toEqual([]);
    expect(await validate(main({ x: 3, factor: 2 }), bob)).toEqual([]);
    expect((await validate(main({ x: 3, scale: 2 }), bob)).map((e) => e.code)).toEqual(["ProcessParameterUnsupported"]);
    expect((await validate(main({ x: "three" }), bob)).map((e) => e.code)).toEqual(["ProcessParameterInvalid"]);
  });

  it("POST /validation without authentication knows no stored processes", async () => {
    expect((await validate(main({ x: 3 }))).map((e) => e.code)).toEqual(["ProcessUnsupported"]);
    expect((await validate(main({ x: 3 }), await loginAs("alice"))).map((e) => e.code)).toEqual(["ProcessUnsupported"]);
  });

  it("evaluates a stored process with its defaults", async () => {
    expect(await run(main({ x: 3 }))).toBe(30);
    expect(await run(main({ x: 3, factor: 2 }))).toBe(6);
  });

  it("fetches each stored process once per lookup", async () => {
    const lookup = storedProcesses(env, bobId);
    expect(lookup("scale")).toBe(lookup("scale"));
    expect(await lookup("nothing_stored")).toBeUndefined();
  });

  it("keeps answers across lookups in a shared cache (tiles), stored processes and absent ones alike", async () => {
    await store("shared_once", calling("scale"));
    const shared = new ExpiringCache<UserProcess | null>({ ttlMs: 60_000, maxSize: 2 ** 20 });
    expect((await storedProcesses(env, bobId, shared)("shared_once"))?.id).toBe("shared_once");
    expect(await storedProcesses(env, bobId, shared)("never_stored")).toBeUndefined();
    // Deleted behind the cache's back: a later lookup with the cache still has it, one without doesn't.
    await userStub(env, bobId).deleteProcess("shared_once");
    expect((await storedProcesses(env, bobId, shared)("shared_once"))?.id).toBe("shared_once");
    expect(await storedProcesses(env, bobId)("shared_once")).toBeUndefined();
    await store("never_stored", scaleBy(2));
    expect(await storedProcesses(env, bobId, shared)("never_stored")).toBeUndefined();
  });

  it("doesn't keep what a lookup found while a process was changed through the isolate (it may be the old one)", async () => {
    const shared = new ExpiringCache<UserProcess | null>({ ttlMs: 60_000, maxSize: 2 ** 20 });
    const pending = storedProcesses(env, bobId, shared)("scale");
    forgetStoredProcess(bobId, "scale");
    expect((await pending)?.id).toBe("scale");
    expect(shared.size).toBe(0);
    await storedProcesses(env, bobId, shared)("scale");
    expect(shared.size).toBeGreaterThan(0);
  });

  it("forgets the tiles' copy of a process stored or deleted through the API", async () => {
    await store("tiled", scaleBy(2));
    const lookup = () => storedProcesses(env, bobId, tileUserProcesses)("tiled");
    expect(await run(main({ x: 3 }, "tiled"))).toBe(6);
    expect((await lookup())?.process_graph).toEqual(scaleBy(2).process_graph);
    await store("tiled", scaleBy(5));
    expect((await lookup())?.process_graph).toEqual(scaleBy(5).process_graph);
    expect((await request("/v1/process_graphs/tiled", { method: "DELETE", headers: { Authorization: bob } })).status).toBe(204);
    expect(await lookup()).toBeUndefined();
    forgetStoredProcess(bobId, "tiled");
  });

  for (const [kind, id] of [["direct", "loop"], ["indirect", "ping"]] as const) {
    it(`stops ${kind} recursion with a clear error in bounded time`, async () => {
      const started = Date.now();
      const error = await run(main({ x: 1 }, id)).then(() => undefined, (e: unknown) => e);
      expect(error).toBeInstanceOf(OpenEOError);
      expect(error).toMatchObject({ code: "ProcessGraphInvalid", status: 400, message: expect.stringMatching(/nested more than \d+ levels deep/) });
      expect(Date.now() - started).toBeLessThan(5_000);
    });
  }
});
