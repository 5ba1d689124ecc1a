import { describe, expect, it } from "vitest";
import type { Env } from "../../../src/env";
import { runLimits } from "../../../src/jobs/run-limits";

const settings = (vars: Partial<Env>) => vars as Env;

describe("run limits", () => {
  it("default to 300 s of silence, 1 h in the queue and 840 s per invocation, with a beat every tenth of the silence", () => {
    expect(runLimits(settings({}))).toEqual({ silenceMs: 300_000, queuedMs: 3_600_000, invocationMs: 840_000, heartbeatMs: 30_000 });
    expect(runLimits(settings({ RUN_SILENCE_SECONDS: "60", RUN_QUEUED_SECONDS: "", RUN_INVOCATION_SECONDS: "0.5" }))).toEqual({ silenceMs: 60_000, queuedMs: 3_600_000, invocationMs: 500, heartbeatMs: 6_000 });
  });

  it("refuse malformed settings, naming them", () => {
    for (const value of ["0", "-1", "5m", "1e3", " 30"]) {
      expect(() => runLimits(settings({ RUN_SILENCE_SECONDS: value }))).toThrow(`RUN_SILENCE_SECONDS must be a positive number of seconds, not '${value}'`);
    }
    expect(() => runLimits(settings({ RUN_QUEUED_SECONDS: "never" }))).toThrow(/RUN_QUEUED_SECONDS/);
  });
});
