/**
 * How results too large for one read are cut: 64 rows at a time by default, whole rows of
 * apply_neighborhood's neighbourhoods (with their overlap read around them), whole windows of
 * aggregate_spatial_window on its result's grid; refused when a graph's processes disagree or one
 * unit doesn't fit a read.
 */
import { describe, expect, it } from "vitest";
import { CubeTooLarge } from "../../../src/cube/materialize";
import { parseProcessGraph } from "../../../src/engine";
import { splittable, stripLayout, stripWindows, syncStripShare } from "../../../src/execution/strips";
import { PROCESSES } from "../../../src/processes";
import { utmGrid } from "../../support/raster-fixtures";

// 100 x 1000 px of one band and date: 400 bytes a row, 400,000 bytes in all.
const grid = utmGrid(100, 1000);
const tooLarge = new CubeTooLarge({ grid, bands: [{ name: "B04" }] as never, dates: [{ label: "2024-01-01T00:00:00Z", items: [] }] as never }, 400_000, 100_000);
const load = { process_id: "load_collection", arguments: { id: "c", spatial_extent: null, temporal_extent: null } };

function layoutOf(nodes: Record<string, unknown>) {
  const last = Object.keys(nodes).at(-1)!;
  const { graph, issues } = parseProcessGraph({ load, ...nodes, [last]: { ...(nodes[last] as object), result: true } });
  expect(issues).toEqual([]);
  return stripLayout(tooLarge, graph, PROCESSES);
}

const neighbourhoods = (rows: number, overlap: number) => ({
  n: { process_id: "apply_neighborhood", arguments: { data: { from_node: "load" }, process: { process_graph: { a: { process_id: "absolute", arguments: { x: { from_parameter: "data" } }, result: true } } }, size: [{ dimension: "y", value: rows, unit: "px" }], overlap: [{ dimension: "y", value: overlap, unit: "px" }] } },
});
const windows = (size: unknown, from = "load") => ({
  w: { process_id: "aggregate_spatial_window", arguments: { data: { from_node: from }, size, reducer: { process_graph: { m: { process_id: "mean", arguments: { data: { from_parameter: "data" } }, result: true } } } } },
});

describe("strip layouts", () => {
  it("cut 64 rows at a time without a process that shapes them", () => {
    const layout = layoutOf({ a: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } });
    expect(layout).toEqual({ grid, rowBytes: 400, rows: 64, margin: 0 });
    // An eighth of a read of 1,000,000 bytes is 312 rows: 256 of them.
    expect(stripWindows(layout, 1_000_000, 1 / 8).map((w) => w.height)).toEqual([256, 256, 256, 232]);
    expect(() => stripWindows(layout, 1_000_000, 1 / 512)).toThrow(/too wide to read 64/);
  });

  it("take a sixteenth of a read for a synchronous strip, or an eighth where 64 rows don't fit a sixteenth", () => {
    const layout = layoutOf({ a: { process_id: "ndvi", arguments: { data: { from_node: "load" } }, result: true } });
    // 64 rows of 400 bytes are 25,600 bytes: a sixteenth of 409,600 bytes holds them, of 409,599 not.
    expect(syncStripShare(layout, 409_600)).toBe(1 / 16);
    expect(syncStripShare(layout, 409_599)).toBe(1 / 8);
    expect(stripWindows(layout, 409_600, syncStripShare(layout, 409_600)).map((w) => w.height).slice(0, 2)).toEqual([64, 64]);
  });

  it("cut whole rows of neighbourhoods, the overlap read around them, a whole read when an eighth is too small", () => {
    const layout = layoutOf(neighbourhoods(50, 3));
    expect(layout).toMatchObject({ rows: 50, margin: 3, shapedBy: "apply_neighborhood" });
    // 312 rows in an eighth, less 6 of overlap: 6 rows of neighbourhoods.
    expect(stripWindows(layout, 1_000_000, 1 / 8).map((w) => w.height)).toEqual([300, 300, 300, 100]);
    // 500 rows and 20 around them are 208,000 bytes: more than an eighth, within the read.
    expect(stripWindows(layoutOf(neighbourhoods(500, 10)), 1_000_000, 1 / 8).map((w) => w.height)).toEqual([500, 500]);
    // 1000 rows and 1600 around them are 1,040,000 bytes.
    expect(() => stripWindows(layoutOf(neighbourhoods(1000, 800)), 1_000_000, 1 / 8)).toThrow(/apply_neighborhood needs strips of 1000 rows and 800 more above and below, 1016 KiB of source data, more than the 977 KiB of one read/);
    // Synchronous strips take at most half a read: 1000 rows and 400 around them (560,000 bytes) only in a batch job's chunk.
    expect(stripWindows(layoutOf(neighbourhoods(1000, 200)), 1_000_000, 1 / 4).map((w) => w.height)).toEqual([1000]);
    expect(() => stripWindows(layoutOf(neighbourhoods(1000, 200)), 1_000_000, 1 / 8, 1 / 2)).toThrow(/547 KiB of source data, more than the 489 KiB a synchronous strip may read \(a batch job's chunks may read a whole read\)/);
    expect(stripWindows(layoutOf(neighbourhoods(1000, 100)), 1_000_000, 1 / 8, 1 / 2).map((w) => w.height)).toEqual([1000]);
  });

  it("cut whole windows on aggregate_spatial_window's grid, and refuse two processes that shape strips", () => {
    const layout = layoutOf(windows([4, 3]));
    expect(layout.grid).toEqual({ crs: grid.crs, bbox: [grid.bbox[0], grid.bbox[3] - 10 * 1002, grid.bbox[2], grid.bbox[3]], width: 25, height: 334 });
    // A row of windows reads 3 rows of the cube: 104 of them in an eighth of the read, 22 at a time (66 rows of the cube).
    expect([layout.rowBytes, layout.rows]).toEqual([1200, 22]);
    expect(stripWindows(layout, 1_000_000, 1 / 8).map((w) => w.height)).toEqual([88, 88, 88, 70]);
    // Windows 300 rows tall: one row of them a strip.
    expect(stripWindows(layoutOf(windows([1, 300])), 1_000_000, 1 / 8).map((w) => w.height)).toEqual([1, 1, 1, 1]);
    // Trimming that leaves no window fails as in one read.
    expect(() => layoutOf({ w: { ...windows([200, 10]).w, arguments: { ...windows([200, 10]).w.arguments, boundary: "trim" } } })).toThrow(/windows of 200 x 10 px are larger than the cube \(100 x 1000 px\): trimming leaves nothing/);
    // Sizes that aren't written out can't shape strips: such a graph is not computed in strips at all.
    const { graph } = parseProcessGraph({ load, w: { ...windows({ from_parameter: "size" }).w, result: true } });
    expect(splittable(graph!, PROCESSES)).toBe(false);
    expect(() => layoutOf({ ...neighbourhoods(50, 0), ...windows([2, 2], "n") })).toThrow(/apply_neighborhood and aggregate_spatial_window each need strips cut their own way/);
  });

  it("merge the shapes of processes on the same grid: multiples of each one's rows, the largest margin", () => {
    // Each reads its data straight from load_collection, as strips need; merge_cubes joins them.
    const merged = { both: { process_id: "merge_cubes", arguments: { cube1: { from_node: "n" }, cube2: { from_node: "m" }, overlap_resolver: { process_graph: { a: { process_id: "add", arguments: { x: { from_parameter: "x" }, y: { from_parameter: "y" } }, result: true } } } } } };
    const layout = layoutOf({ ...neighbourhoods(30, 2), m: neighbourhoods(20, 5).n, ...merged });
    // The least common multiple of 30 and 20 rows, 5 rows of overlap (the larger).
    expect(layout).toEqual({ grid, rowBytes: 400, rows: 60, margin: 5, shapedBy: "apply_neighborhood" });
    expect(stripWindows(layout, 1_000_000, 1 / 8).map((w) => w.height)).toEqual([300, 300, 300, 100]);
  });
});
