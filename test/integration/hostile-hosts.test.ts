/**
 * load_stac and remote COGs on a hostile host (test/support/hostile-host.ts): every read ends
 * within the deadlines of vitest.config.ts (3 s to the headers, 3 s between chunks, 6 s in all) or
 * its size cap, in an openEO error naming the host, and the Worker answers the next request.
 */
import { env } from "cloudflare:workers";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { assetByteSource } from "../../src/catalog/asset-source";
import { writeCog } from "../../src/raster/cog-writer";
import { HOSTILE } from "../support/hostile-host";
import { expectError, loginAs, ORIGIN, request } from "../support/http";
import { band, utmGrid } from "../support/raster-fixtures";
import { BANDS, SCENES } from "../support/stac-scenes";

const API = `${ORIGIN}/v1`;
const HOST = "hostile.example.test";
let auth: string;

beforeAll(async () => {
  auth = await loginAs("alice");
  for (const { key, value } of BANDS) {
    const cog = writeCog([band(utmGrid(32, 32), "uint16", value(SCENES[0]!.day), 0)], { tileSize: 16, compression: "deflate", predictor: 2 });
    const put = await fetch(`${HOSTILE}/files/${key}.tif`, { method: "PUT", body: cog });
    expect(put.status).toBe(201);
  }
  // The first login of a run can take long on a busy machine (the Worker starts, PBKDF2).
}, 60_000);

// The hostile host's endless bodies and unanswered requests would go on after the Worker gave up on them.
afterEach(async () => {
  expect((await fetch(`${HOSTILE}/stop`, { method: "POST" })).status).toBe(204);
});

async function loadStacResult(url: string): Promise<Response> {
  const graph = {
    load: { process_id: "load_stac", arguments: { url, bands: ["B04"] } },
    save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
  };
  return request("/v1/result", { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph: graph } }) });
}

/** The run ended in `code` naming the host and saying `says`; the Worker still answers. */
async function expectFailure(res: Response, status: number, code: string, says: string): Promise<void> {
  const error = await expectError(res, status, code);
  expect(error.message).toContain(HOST);
  expect(error.message).toContain(says);
  expect((await request("/v1/")).status).toBe(200);
}

describe("a hostile host", () => {
  it("a range answer that stalls in the middle: 504 DataSourceTimeout once it is silent for the idle deadline", async () => {
    await expectFailure(await loadStacResult(`${HOSTILE}/items/stalls.json`), 504, "DataSourceTimeout", "stalled for 3 s");
  });

  it("a Range request answered 200 with a 1 GiB body: read up to the range's end only, the result is computed", async () => {
    // Sending the whole body takes the host longer than the test may run (see hostile-host.ts).
    const res = await loadStacResult(`${HOSTILE}/items/ignores-range.json`);
    expect(res.status).toBe(200);
    expect(res.headers.get("Content-Type")).toContain("image/tiff");
    await res.arrayBuffer();
    expect((await request("/v1/")).status).toBe(200);
  });

  it("chunked STAC JSON without Content-Length that goes on past the cap: 502 once 16 MiB are in", async () => {
    await expectFailure(await loadStacResult(`${HOSTILE}/stac/endless.json`), 502, "DataSourceUnavailable", `larger than ${16 * 1024 * 1024} bytes`);
  });

  it("a STAC document that trickles in, each piece in time but never ending: 504 at the total deadline", async () => {
    await expectFailure(await loadStacResult(`${HOSTILE}/stac/trickle.json`), 504, "DataSourceTimeout", "took longer than 6 s");
  });

  it("headers that never come: 504 at the first-byte deadline", async () => {
    await expectFailure(await loadStacResult(`${HOSTILE}/stac/no-headers.json`), 504, "DataSourceTimeout", "no response within 3 s");
  });
});

describe("malformed percent-encoding", () => {
  it("in a load_stac URL of this back-end's files or job results: 400 naming the URL", async () => {
    for (const url of [`${API}/files/a%E0%A4%A.json`, `${API}/jobs/%E0%A4%A/results`]) {
      const error = await expectError(await loadStacResult(url), 400, "ProcessParameterInvalid");
      expect(error.message).toContain(`'${url}' is not validly percent-encoded`);
    }
  });

  it("in an asset href: 400 naming the href", async () => {
    const href = `${API}/files/b%E0%A4%A.tif`;
    const read = assetByteSource({ href }, { data: env.DATA, files: env.FILES, apiBase: API, userId: "basic.alice" });
    await expect(read).rejects.toMatchObject({ code: "ProcessParameterInvalid", status: 400, message: expect.stringContaining(href) });
  });
});
