import { describe, expect, it } from "vitest";
import { listProcesses } from "../../src/processes";
import { expectError, loginAs, ORIGIN, request } from "../support/http";

type Listing = { processes: { id: string; description: string; parameters: unknown[]; returns: { schema: unknown } }[]; links: { rel: string; href: string }[] };

async function list(path: string, init?: RequestInit): Promise<Listing> {
  const res = await request(path, init);
  expect(res.status).toBe(200);
  return (await res.json()) as Listing;
}

describe("GET /processes", () => {
  it("lists every process of the registry, sorted, with the fields the spec requires", async () => {
    const body = await list("/v1/processes");
    const ids = listProcesses().map((p) => p.id);
    expect(ids.length).toBeGreaterThan(3);
    expect(body.processes.map((p) => p.id)).toEqual(ids);
    for (const process of body.processes) {
      expect(typeof process.description, process.id).toBe("string");
      expect(Array.isArray(process.parameters), process.id).toBe(true);
      expect(process.returns.schema, process.id).toBeDefined();
    }
    expect(body.links).toEqual([
      { rel: "self", href: `${ORIGIN}/v1/processes`, type: "application/json" },
      { rel: "root", href: `${ORIGIN}/v1/`, type: "application/json" },
    ]);
  });

  it("answers every process whatever limit and page say (js-client asks limit=50 and reads one page)", async () => {
    const ids = listProcesses().map((p) => p.id);
    expect(ids.length).toBeGreaterThan(50);
    for (const query of ["limit=50", "limit=2&page=4"]) {
      const body = await list(`/v1/processes?${query}`);
      expect(body.processes.map((p) => p.id), query).toEqual(ids);
      expect(body.links.map((l) => l.rel), query).toEqual(["self", "root"]);
    }
  });

  it("refuses invalid limits", async () => {
    await expectError(await request("/v1/processes?limit=0"), 400, "RequestInvalid");
    await expectError(await request("/v1/processes?limit=many"), 400, "RequestInvalid");
  });

  it("answers authenticated users the same, and refuses invalid tokens", async () => {
    const body = await list("/v1/processes", { headers: { Authorization: await loginAs("alice") } });
    expect(body.processes.length).toBe(listProcesses().length);
    await expectError(await request("/v1/processes", { headers: { Authorization: "Bearer basic//nonsense" } }), 403, "TokenInvalid");
  });
});
