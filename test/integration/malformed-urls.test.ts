/**
 * Malformed percent-encoding (%E0%A4%A ends in the middle of a UTF-8 sequence) in the URLs a caller
 * sends, as route parameters or as load_stac URLs and asset hrefs, is the caller's mistake: an
 * openEO error, never a 500 URIError.
 */
import { beforeAll, describe, expect, it } from "vitest";
import { sceneItem, SCENES } from "../support/stac-scenes";
import { expectError, loginAs, ORIGIN, request } from "../support/http";

const BAD = "%E0%A4%A";
let auth: string;

beforeAll(async () => {
  auth = await loginAs("alice");
  const item = JSON.stringify(sceneItem(SCENES[0]!, () => `${ORIGIN}/v1/files/${BAD}.tif`));
  const res = await request("/v1/files/malformed/item.json", { method: "PUT", headers: { Authorization: auth }, body: item });
  expect(res.status).toBe(200);
});

/** POST /result of load_stac(url), as alice. */
function loadStac(url: string): Promise<Response> {
  const process_graph = {
    load: { process_id: "load_stac", arguments: { url } },
    save: { process_id: "save_result", arguments: { data: { from_node: "load" }, format: "GTiff" }, result: true },
  };
  return request("/v1/result", { method: "POST", headers: { Authorization: auth, "Content-Type": "application/json" }, body: JSON.stringify({ process: { process_graph } }) });
}

describe("malformed percent-encoding", () => {
  it("in route parameters names nothing that exists", async () => {
    const get = (path: string) => request(path, { headers: { Authorization: auth } });
    await expectError(await request(`/v1/jobs/x/results/assets/${BAD}?token=x.y.z`), 403, "PermissionsInsufficient");
    await expectError(await get(`/v1/files/${BAD}`), 404, "FileNotFound");
    await expectError(await get(`/v1/jobs/${BAD}`), 404, "JobNotFound");
    await expectError(await get(`/v1/process_graphs/${BAD}`), 404, "ProcessGraphNotFound");
    await expectError(await get(`/v1/collections/${BAD}/items`), 404, "NotFound");
  });

  it("in a load_stac URL of this back-end's job results or collections is a bad request", async () => {
    for (const url of [`${ORIGIN}/v1/jobs/x/results/assets/${BAD}?token=x.y.z`, `${ORIGIN}/v1/jobs/${BAD}/results/signed?token=x.y.z`, `${ORIGIN}/v1/jobs/${BAD}/results`, `${ORIGIN}/v1/collections/${BAD}`]) {
      const body = await expectError(await loadStac(url), 400, "ProcessParameterInvalid");
      expect(body.message).toContain(BAD);
    }
  });

  it("in the href of an asset of the user's own files is a bad request", async () => {
    const body = await expectError(await loadStac(`${ORIGIN}/v1/files/malformed/item.json`), 400, "ProcessParameterInvalid");
    expect(body.message).toContain(BAD);
  });
});
