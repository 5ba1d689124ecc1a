import { describe, expect, it } from "vitest";
import { labeled } from "../../../src/processes/types";
import { type LogEntry, run } from "./run-process";

describe("inspect", () => {
  it("logs scalars as they are and returns the data unchanged", async () => {
    const log: LogEntry[] = [];
    expect(await run("inspect", { data: 42 }, log)).toBe(42);
    expect(log).toEqual([{ level: "info", message: "", data: { code: "User", data: 42 } }]);
  });

  it("logs an excerpt of long arrays with their length", async () => {
    const log: LogEntry[] = [];
    const data = labeled(
      Array.from({ length: 12 }, (_, i) => i),
      Array.from({ length: 12 }, (_, i) => `t${i}`),
    );
    expect(await run("inspect", { data, message: "values", code: "dbg", level: "debug" }, log)).toBe(data);
    expect(log).toEqual([
      {
        level: "debug",
        message: "values",
        data: {
          code: "dbg",
          data: { data: [0, 1, 2, 3, 4, 5, 6, 7, 8, 9], length: 12, labels: data.labels.slice(0, 10) },
        },
      },
    ]);
  });
});
