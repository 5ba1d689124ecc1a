import { OpenEO, type Connection } from "@openeo/js-client";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";

// The documented local demo login (.dev.vars).
const DEMO_USER = "demo";
const DEMO_PASSWORD = "openeo-demo";

describe("the openEO JavaScript client against wrangler dev", () => {
  let worker: LocalWorker;
  let connection: Connection;

  beforeAll(async () => {
    worker = await startLocalWorker();
  });
  afterAll(async () => {
    await worker?.stop();
  });

  it("connects through /.well-known/openeo and reads the capabilities", async () => {
    connection = await OpenEO.connect(worker.url);
    expect(connection.getBaseUrl()).toBe(`${worker.url}/v1`);
    const capabilities = connection.capabilities();
    expect(capabilities.apiVersion()).toBe("1.2.0");
    expect(capabilities.backendVersion()).toMatch(/^\d+\.\d+\.\d+/);
    expect(capabilities.hasFeature("describeAccount")).toBe(true);
    expect(capabilities.hasFeature("authenticateBasic")).toBe(true);
    expect(capabilities.hasFeature("listJobs")).toBe(false);
  });

  it("lists file formats and service types", async () => {
    const formats = await connection.listFileTypes();
    expect(formats.getInputTypes()).toEqual({});
    expect(formats.getOutputTypes()).toEqual({});
    expect(await connection.listServiceTypes()).toEqual({});
  });

  it("authenticates with HTTP Basic and describes the account", async () => {
    await connection.authenticateBasic(DEMO_USER, DEMO_PASSWORD);
    expect(connection.isAuthenticated()).toBe(true);
    const account = await connection.describeAccount();
    expect(account.user_id).toBe("basic.demo");
    expect(account.name).toBe("demo");
  });

  it("reports a wrong password as the back-end's openEO error", async () => {
    const fresh = await OpenEO.connect(worker.url);
    await expect(fresh.authenticateBasic(DEMO_USER, "wrong")).rejects.toMatchObject({ code: "CredentialsInvalid", status: 403 });
  });
});
