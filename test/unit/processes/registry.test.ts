import { describe, expect, it } from "vitest";
import { listProcesses, PROCESSES } from "../../../src/processes";

describe("process registry", () => {
  it("is keyed by the process ids", () => {
    for (const [id, implementation] of PROCESSES) expect(implementation.spec.id).toBe(id);
    for (const id of ["add", "array_element", "date_shift", "if", "inspect", "quantiles", "text_concat"]) {
      expect(PROCESSES.has(id), id).toBe(true);
    }
  });

  it("lists every spec once, sorted by id", () => {
    const ids = listProcesses().map((spec) => spec.id);
    expect(ids).toEqual([...PROCESSES.keys()].sort());
    expect(new Set(ids).size).toBe(ids.length);
  });

  it("has complete specs: texts, categories, and default values only for optional parameters", () => {
    for (const spec of listProcesses()) {
      expect(spec.summary.length, spec.id).toBeGreaterThan(0);
      expect(spec.description.length, spec.id).toBeGreaterThan(spec.summary.length);
      expect(spec.categories.length, spec.id).toBeGreaterThan(0);
      expect(spec.returns.description.length, spec.id).toBeGreaterThan(0);
      for (const parameter of spec.parameters) {
        expect(parameter.description.length, `${spec.id}.${parameter.name}`).toBeGreaterThan(0);
        if ("default" in parameter) expect(parameter.optional, `${spec.id}.${parameter.name}`).toBe(true);
      }
    }
  });

  it("serializes to JSON as GET /processes will send it", () => {
    const json = JSON.parse(JSON.stringify(listProcesses()));
    const count = json.find((spec: { id: string }) => spec.id === "count");
    expect(count.parameters.map((p: { name: string }) => p.name)).toEqual(["data", "condition", "context"]);
    expect(count.parameters[1].schema[0].subtype).toBe("process-graph");
  });
});
