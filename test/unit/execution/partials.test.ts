import { describe, expect, it } from "vitest";
import type { PartialAggregation } from "../../../src/cube/partial-aggregation";
import { parseProcessGraph } from "../../../src/engine";
import { reducibleAggregation } from "../../../src/execution/partial-reducer";
import { splittable } from "../../../src/execution/strips";
import { finishedAggregation, mergePartials } from "../../../src/execution/partials";
import { summaryOf } from "../../../src/cube/quantile-summary";
import { PROCESSES } from "../../../src/processes";

const load = { process_id: "load_collection", arguments: { id: "c", spatial_extent: null, temporal_extent: null } };
function graph(reducer: Record<string, unknown>, after: Record<string, unknown> = { process_id: "save_result", arguments: { data: { from_node: "zones" }, format: "JSON" }, result: true }) {
  return parseProcessGraph({
    load,
    zones: { process_id: "aggregate_spatial", arguments: { data: { from_node: "load" }, geometries: { type: "Point", coordinates: [0, 0] }, reducer: { process_graph: { r: { ...reducer, result: true } } } } },
    after,
  }).graph;
}
const dataParam = { data: { from_parameter: "data" } };

describe("zonal statistics from partial ones", () => {
  it("are possible for mean, sum, min, max, count, sd and variance of the pixels, read only by save_result", () => {
    for (const reducer of ["mean", "sum", "min", "max", "count", "sd", "variance"]) expect(reducibleAggregation(graph({ process_id: reducer, arguments: dataParam }), PROCESSES)).toBe(reducer);
    expect(reducibleAggregation(graph({ process_id: "mean", arguments: { ...dataParam, ignore_nodata: true } }), PROCESSES)).toBe("mean");
  });

  it("are possible for median, and for quantiles with literal probabilities or q, which they keep", () => {
    expect(reducibleAggregation(graph({ process_id: "median", arguments: { ...dataParam, ignore_nodata: true } }), PROCESSES)).toEqual({ process: "median" });
    const quantiles = (args: Record<string, unknown>) => reducibleAggregation(graph({ process_id: "quantiles", arguments: { ...dataParam, ...args } }), PROCESSES);
    expect(quantiles({ probabilities: [0.1, 0.5, 1] })).toEqual({ process: "quantiles", probabilities: [0.1, 0.5, 1] });
    expect(quantiles({ probabilities: 4 })).toEqual({ process: "quantiles", probabilities: [0.25, 0.5, 0.75] });
    expect(quantiles({ q: 2 })).toEqual({ process: "quantiles", probabilities: [0.5] });
    // What the process would refuse, or can't be known before the run, is left to one read (which says why).
    for (const args of [{}, { probabilities: [0.5], q: 2 }, { probabilities: [0.5, 0.1] }, { probabilities: { from_parameter: "data" } }, { probabilities: [0.5], ignore_nodata: false }]) expect(quantiles(args)).toBeUndefined();
  });

  it("are not for other reducers, no-data kept, other arguments, or results processed further", () => {
    expect(reducibleAggregation(graph({ process_id: "mode", arguments: dataParam }), PROCESSES)).toBeUndefined();
    expect(reducibleAggregation(graph({ process_id: "median", arguments: { ...dataParam, probabilities: [0.5] } }), PROCESSES)).toBeUndefined();
    expect(reducibleAggregation(graph({ process_id: "mean", arguments: { ...dataParam, ignore_nodata: false } }), PROCESSES)).toBeUndefined();
    const further = { process_id: "apply_dimension", arguments: { data: { from_node: "zones" }, process: { process_graph: { t: { process_id: "constant", arguments: { x: { from_parameter: "data" } }, result: true } } }, dimension: "t" }, result: true };
    expect(reducibleAggregation(graph({ process_id: "mean", arguments: dataParam }, further), PROCESSES)).toBeUndefined();
    expect(reducibleAggregation(graph({ process_id: "median", arguments: dataParam }, further), PROCESSES)).toBeUndefined();
  });

  it("are possible for results taken further by label processes, which work on the merged statistics as on the whole's", () => {
    const kept = { process_id: "filter_labels", arguments: { data: { from_node: "zones" }, condition: { process_graph: { t: { process_id: "constant", arguments: { x: true }, result: true } } }, dimension: "t" }, result: true };
    expect(reducibleAggregation(graph({ process_id: "mean", arguments: dataParam }, kept), PROCESSES)).toBe("mean");
  });

  it("give median and quantiles from merged summaries, quantiles along a dimension `index` before target_dimension's", () => {
    // One plane, three geometries: values 1..5 split over two strips; one geometry all no-data; one covering no pixel.
    const base = { crs: "EPSG:4326", geometries: [], dims: [], target: "stats" };
    const summaries = (lists: number[][]) => [lists.map((values) => summaryOf(Float64Array.from(values)))];
    const a: PartialAggregation = { ...base, sum: [[6, 0, 0]], m2: [[2, 0, 0]], min: [[1, null, null]], max: [[3, null, null]], valid: [[3, 0, 0]], total: [[3, 2, 0]], quantiles: summaries([[3, 1, 2], [], []]) };
    const b: PartialAggregation = { ...base, sum: [[9, 0, 0]], m2: [[0.5, 0, 0]], min: [[4, null, null]], max: [[5, null, null]], valid: [[2, 0, 0]], total: [[2, 1, 0]], quantiles: summaries([[5, 4], [], []]) };
    const merged = mergePartials([b, a]);
    expect(merged.quantiles![0]![0]).toEqual({ negInf: 0, posInf: 0, sorted: [1, 2, 3, 4, 5] });
    const median = finishedAggregation(merged, { process: "median" });
    expect(median.dims).toEqual([{ name: "stats", type: "other", labels: ["value", "total_count", "valid_count"] }]);
    expect(median.values.map((v) => [...v])).toEqual([[3, NaN, NaN], [5, 3, 0], [5, 0, 0]]);
    const quantiles = finishedAggregation(merged, { process: "quantiles", probabilities: [0.1, 0.5] });
    expect(quantiles.dims.map((d) => [d.name, d.labels])).toEqual([["index", [0, 1]], ["stats", ["value", "total_count", "valid_count"]]]);
    // Type 7 over 1..5: h = 4p, so 0.1 -> 1.4 and 0.5 -> 3.
    expect(quantiles.values.map((v) => [...v])).toEqual([[1.4, NaN, NaN], [5, 3, 0], [5, 0, 0], [3, NaN, NaN], [5, 3, 0], [5, 0, 0]]);
  });

  it("merge sums and counts, keep the extremes, and give what the reducer gives over all the pixels", () => {
    // Two geometries, one plane: the second's two pixels in the first strip are no-data, its one in the second has a value.
    const base = { crs: "EPSG:4326", geometries: [], dims: [], target: null };
    // Squared deviations: 1 and 2 about 1.5 give 0.5; a single value none.
    const a: PartialAggregation = { ...base, sum: [[3, 0]], m2: [[0.5, 0]], min: [[1, null]], max: [[2, null]], valid: [[2, 0]], total: [[2, 2]] };
    const b: PartialAggregation = { ...base, sum: [[4, 5]], m2: [[0, 0]], min: [[4, 5]], max: [[4, 5]], valid: [[1, 1]], total: [[1, 1]] };
    const merged = mergePartials([a, b]);
    expect(merged).toMatchObject({ sum: [[7, 5]], min: [[1, 5]], max: [[4, 5]], valid: [[3, 1]], total: [[3, 3]] });
    const value = (reducer: "mean" | "sum" | "min" | "max" | "count" | "sd" | "variance") => [...finishedAggregation(merged, reducer).values[0]!];
    expect(value("mean")).toEqual([7 / 3, 5]);
    expect(value("sum")).toEqual([7, 5]);
    expect(value("min")).toEqual([1, 5]);
    expect(value("max")).toEqual([4, 5]);
    expect(value("count")).toEqual([3, 1]);
    // 1, 2 and 4: mean 7/3, squared deviations 16/9 + 1/9 + 25/9 = 42/9, over n - 1 = 2; 5 alone has no sample variance.
    expect(value("variance")[0]).toBeCloseTo(42 / 9 / 2, 12);
    expect(value("sd")[0]).toBeCloseTo(Math.sqrt(42 / 9 / 2), 12);
    expect([value("variance")[1], value("sd")[1]]).toEqual([NaN, NaN]);
  });

  it("merge partials written before squared deviations were kept: sd and variance unknown, the rest as before", () => {
    const base = { crs: "EPSG:4326", geometries: [], dims: [], target: null };
    const old = { ...base, sum: [[3]], min: [[1]], max: [[2]], valid: [[2]], total: [[2]] } as unknown as PartialAggregation;
    const fresh: PartialAggregation = { ...base, sum: [[4]], m2: [[0]], min: [[4]], max: [[4]], valid: [[1]], total: [[1]] };
    for (const parts of [[old, fresh], [fresh, old]]) {
      const merged = mergePartials(parts);
      expect([...finishedAggregation(merged, "mean").values[0]!]).toEqual([7 / 3]);
      expect([...finishedAggregation(merged, "variance").values[0]!]).toEqual([NaN]);
    }
  });

  it("answer no-data for a geometry without pixels, and sum 0 or mean no-data for one whose pixels are all no-data", () => {
    const base = { crs: "EPSG:4326", geometries: [], dims: [], target: "stats" };
    const stats: PartialAggregation = { ...base, sum: [[0, 0]], m2: [[0, 0]], min: [[null, null]], max: [[null, null]], valid: [[0, 0]], total: [[0, 4]] };
    const mean = finishedAggregation(stats, "mean");
    expect(mean.dims.at(-1)).toEqual({ name: "stats", type: "other", labels: ["value", "total_count", "valid_count"] });
    expect(mean.values.map((v) => [...v])).toEqual([[NaN, NaN], [0, 4], [0, 0]]);
    expect([...finishedAggregation(stats, "sum").values[0]!]).toEqual([NaN, 0]);
  });
});

describe("reduce_spatial in a run too large for one read", () => {
  it("is neither split into strips nor into partial statistics: a strip's reduction is not the whole's", () => {
    const reduce = { process_id: "reduce_spatial", arguments: { data: { from_node: "load" }, reducer: { process_graph: { r: { process_id: "mean", arguments: dataParam, result: true } } } } };
    const { graph: parsed } = parseProcessGraph({ load, reduce, save: { process_id: "save_result", arguments: { data: { from_node: "reduce" }, format: "netCDF" }, result: true } });
    expect(splittable(parsed, PROCESSES)).toBe(false);
    expect(reducibleAggregation(parsed, PROCESSES)).toBeUndefined();
  });
});
