import { describe, expect, it } from "vitest";
import { RUN_LIMITS, TILE_LIMITS } from "../../src/budget";
import type { Env } from "../../src/env";
import { budgetLimits } from "../../src/execution/limits";
import { hostListSetting, numberSetting } from "../../src/settings";

const settings = (vars: Partial<Env>) => vars as Env;

describe("numeric settings", () => {
  it("default when unset or empty, and take positive numbers (fractions only for seconds)", () => {
    expect(numberSetting(settings({}), "FILE_QUOTA_BYTES", "bytes", 7)).toBe(7);
    expect(numberSetting(settings({ FILE_QUOTA_BYTES: "" }), "FILE_QUOTA_BYTES", "bytes", 7)).toBe(7);
    expect(numberSetting(settings({ FILE_QUOTA_BYTES: "1024" }), "FILE_QUOTA_BYTES", "bytes", 7)).toBe(1024);
    expect(numberSetting(settings({ RUN_SILENCE_SECONDS: "0.5" }), "RUN_SILENCE_SECONDS", "seconds", 300)).toBe(0.5);
  });

  it("refuse anything else, naming the setting", () => {
    for (const value of ["0", "-1", "1.5", "1e3", " 30", "lots"]) {
      expect(() => numberSetting(settings({ LOGIN_PAIR_FAILURES: value }), "LOGIN_PAIR_FAILURES", "count", 5)).toThrow(`LOGIN_PAIR_FAILURES must be a positive whole number, not '${value}'`);
    }
    expect(() => numberSetting(settings({ SYNC_MAX_CUBE_BYTES: "48MiB" }), "SYNC_MAX_CUBE_BYTES", "bytes", 1)).toThrow("SYNC_MAX_CUBE_BYTES must be a positive number of bytes, not '48MiB'");
  });
});

describe("host list settings", () => {
  it("are empty when unset or empty, and hold each listed hostname as URLs write it", () => {
    expect([...hostListSetting(settings({}), "REMOTE_PRIVATE_HOSTS")]).toEqual([]);
    expect([...hostListSetting(settings({ REMOTE_PRIVATE_HOSTS: "" }), "REMOTE_PRIVATE_HOSTS")]).toEqual([]);
    const hosts = hostListSetting(settings({ REMOTE_PRIVATE_HOSTS: " 127.0.0.1, LocalHost ,,::1,[fd00::2],127.1,stac.internal" }), "REMOTE_PRIVATE_HOSTS");
    expect([...hosts]).toEqual(["127.0.0.1", "localhost", "[::1]", "[fd00::2]", "stac.internal"]);
  });

  it("refuse entries that are not bare hostnames, naming the setting", () => {
    for (const entry of ["http://127.0.0.1", "localhost:8080", "[::1]:80", "host/path", "user@host", "[nonsense]", "a b", "*", "*.example.com"]) {
      expect(() => hostListSetting(settings({ REMOTE_PRIVATE_HOSTS: `127.0.0.1,${entry}` }), "REMOTE_PRIVATE_HOSTS")).toThrow(`REMOTE_PRIVATE_HOSTS must list bare hostnames (no scheme, port, path or wildcard), not '${entry}'`);
    }
  });
});

describe("budget limits", () => {
  it("are the defaults without settings, and each setting of its kind replaces one", () => {
    expect(budgetLimits(settings({}), "run")).toEqual(RUN_LIMITS);
    expect(budgetLimits(settings({}), "tile")).toEqual(TILE_LIMITS);
    const vars = settings({ RUN_MAX_OPERATIONS: "1000", TILE_MAX_VALUE_BYTES: "2048", TILE_MAX_SECONDS: "1.5" });
    expect(budgetLimits(vars, "run")).toEqual({ ...RUN_LIMITS, maxOperations: 1000 });
    expect(budgetLimits(vars, "tile")).toEqual({ ...TILE_LIMITS, maxValueBytes: 2048, maxMillis: 1500 });
    expect(() => budgetLimits(settings({ RUN_MAX_VALUE_BYTES: "64M" }), "run")).toThrow("RUN_MAX_VALUE_BYTES must be a positive number of bytes, not '64M'");
  });
});
