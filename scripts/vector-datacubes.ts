// Data cubes in the official process test vectors (tests/README.md "Datacubes"): resolving
// `$ref`s to fixture files, turning datacube fixtures into RasterCubes for arguments, and
// comparing a process's resulting cube with an expected fixture. Used by process-vectors.ts.
import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import JSON5 from "json5";
import { isDataCube, labelValues, type LabelDimension, type RasterCube } from "../src/cube";
import { axisCentres } from "../src/cube/dimensions";
import { sameCrs } from "../src/raster/crs";
import type { BBox } from "../src/raster/grid";

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** A `$ref` to a file the test suite doesn't contain (the vector reports it as failing, with this reason). */
export class MissingFixture extends Error {}

/** Replaces every `{"$ref": path}` by the file's content: JSON5 parsed, anything else (WKT2) as text. */
export function resolveRefs(value: unknown, testsDir: string): unknown {
  if (Array.isArray(value)) return value.map((v) => resolveRefs(v, testsDir));
  if (!isObject(value)) return value;
  if (typeof value.$ref === "string" && Object.keys(value).length === 1) {
    const path = resolve(testsDir, value.$ref);
    if (!existsSync(path)) throw new MissingFixture(`${value.$ref} is not in the test suite`);
    const text = readFileSync(path, "utf8");
    return /\.json5?$/.test(path) ? resolveRefs(JSON5.parse(text), testsDir) : text.trim();
  }
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, resolveRefs(v, testsDir)]));
}

interface FixtureDimension {
  type: string;
  axis?: string;
  values: (string | number)[];
  reference_system?: string | number;
}

export interface FixtureCube {
  type: "datacube";
  order: string[];
  dimensions: Record<string, FixtureDimension>;
  data: unknown;
  nodata?: unknown;
}

export function isFixtureCube(value: unknown): value is FixtureCube {
  return isObject(value) && value.type === "datacube";
}

/** A fixture our raster model can't hold (the vector reports it as failing, with this reason). */
export class UnsupportedFixture extends Error {}

const LABEL_TYPES = ["temporal", "bands", "other"];

/** The names of the x and y dimensions; every other dimension must have labels our cubes can hold. */
function checkModel(fixture: FixtureCube): { x: string; y: string } {
  // rename_dimension#5 misspells the key as "order: "; the dimensions' own order stands in.
  if (!Array.isArray(fixture.order)) fixture.order = Object.keys(fixture.dimensions);
  const spatial = Object.entries(fixture.dimensions).filter(([, d]) => d.type === "spatial");
  const x = spatial.find(([name, d]) => (d.axis ?? name) === "x")?.[0];
  const y = spatial.find(([name, d]) => (d.axis ?? name) === "y")?.[0];
  if (!x || !y || spatial.length !== 2) throw new UnsupportedFixture("cubes hold exactly two spatial dimensions, x and y");
  for (const [name, dim] of Object.entries(fixture.dimensions)) {
    if (dim.type !== "spatial" && !LABEL_TYPES.includes(dim.type)) throw new UnsupportedFixture(`dimension '${name}' of type '${dim.type}'`);
  }
  const names = Object.keys(fixture.dimensions).sort();
  if (JSON.stringify([...fixture.order].sort()) !== JSON.stringify(names)) throw new UnsupportedFixture(`order ${JSON.stringify(fixture.order)} doesn't list the dimensions ${JSON.stringify(names)}`);
  return { x, y };
}

function crsName(crs: string | number | undefined): string {
  return typeof crs === "number" ? `EPSG:${crs}` : crs ?? "EPSG:4326";
}

/** Pixel-centre coordinates (evenly spaced; x ascending, y descending: a north-up grid). */
function axisEdges(values: number[], descending: boolean, name: string): [number, number, number] {
  if (values.length < 2) throw new UnsupportedFixture(`the ${name} dimension has ${values.length} value(s): its pixel size is unknown`);
  const step = values[1]! - values[0]!;
  if (descending ? step >= 0 : step <= 0) throw new UnsupportedFixture(`${name} values must be ${descending ? "descending" : "ascending"} (north-up grid)`);
  values.forEach((v, i) => {
    if (Math.abs(v - (values[0]! + i * step)) > 1e-9 * Math.max(1, Math.abs(v))) throw new UnsupportedFixture(`${name} values are not evenly spaced`);
  });
  const half = Math.abs(step) / 2;
  const min = Math.min(values[0]!, values.at(-1)!) - half;
  const max = Math.max(values[0]!, values.at(-1)!) + half;
  return [min, max, Math.abs(step)];
}

function isNodata(value: unknown, nodata: unknown): boolean {
  if (value === null || (typeof value === "number" && Number.isNaN(value))) return true;
  const marks = Array.isArray(nodata) ? nodata : [nodata];
  return marks.some((m) => m === value || (typeof m === "number" && Number.isNaN(m) && typeof value === "number" && Number.isNaN(value)));
}

/** The cell of nested `data` at `index` (one entry per dimension of `order`). */
function cell(data: unknown, index: number[]): unknown {
  let v = data;
  for (const i of index) v = (v as unknown[] | undefined)?.[i];
  return v;
}

/** Every index of `order` over dimensions of the given lengths, last dimension fastest. */
function* indices(lengths: number[]): Generator<number[]> {
  if (lengths.some((n) => n === 0)) return;
  const index = lengths.map(() => 0);
  for (;;) {
    yield [...index];
    let d = lengths.length - 1;
    while (d >= 0 && ++index[d]! === lengths[d]!) index[d--] = 0;
    if (d < 0) return;
  }
}

/** The position of a cell (an index along each of `order`) in a RasterCube: plane and pixel. */
function locate(cube: RasterCube, order: string[], index: number[]): { plane: number; pixel: number } {
  const at = (name: string) => index[order.indexOf(name)]!;
  const plane = cube.dims.reduce((p, d) => p * d.labels.length + at(d.name), 0);
  return { plane, pixel: at(cube.axes.y) * cube.grid.width + at(cube.axes.x) };
}

function labelDimension(name: string, dim: FixtureDimension): LabelDimension {
  if (dim.type === "temporal") return { name, type: "temporal", labels: dim.values.map(String) };
  if (dim.type === "bands") return { name, type: "bands", labels: dim.values.map((v) => ({ name: String(v) })) };
  return { name, type: "other", labels: [...dim.values] };
}

/** A datacube fixture as a RasterCube: x/y pixel centres make the grid, no-data becomes NaN. */
export function toRasterCube(fixture: FixtureCube): RasterCube {
  const axes = checkModel(fixture);
  const x = fixture.dimensions[axes.x]!;
  const y = fixture.dimensions[axes.y]!;
  const crs = crsName(x.reference_system);
  if (!sameCrs(crs, crsName(y.reference_system))) throw new UnsupportedFixture("x and y in different reference systems");
  const [minX, maxX] = axisEdges(x.values as number[], false, "x");
  const [minY, maxY] = axisEdges(y.values as number[], true, "y");
  const bbox: BBox = [minX, minY, maxX, maxY];
  const width = x.values.length;
  const height = y.values.length;
  const dims = fixture.order.filter((name) => name !== axes.x && name !== axes.y).map((name) => labelDimension(name, fixture.dimensions[name]!));
  const count = dims.reduce((n, d) => n * d.labels.length, 1);
  const cube: RasterCube = { kind: "raster", grid: { crs, bbox, width, height }, axes, dims, planes: Array.from({ length: count }, () => new Float32Array(width * height).fill(NaN)) };
  if (fixture.data !== null) {
    const lengths = fixture.order.map((name) => fixture.dimensions[name]!.values.length);
    for (const index of indices(lengths)) {
      const v = cell(fixture.data, index);
      const { plane, pixel } = locate(cube, fixture.order, index);
      if (isNodata(v, fixture.nodata)) continue;
      if (typeof v === "boolean") cube.planes[plane]![pixel] = v ? 1 : 0;
      else if (typeof v === "number") cube.planes[plane]![pixel] = v;
      else throw new UnsupportedFixture(`cell ${JSON.stringify(index)} holds ${JSON.stringify(v)}: cells are numbers`);
    }
  }
  return cube;
}

function labelsDiffer(actual: (string | number)[], expected: (string | number)[], same: (a: string | number, e: string | number) => boolean): boolean {
  return actual.length !== expected.length || expected.some((e, i) => !same(actual[i]!, e));
}

/**
 * Why `actual` (a process's result) differs from the expected fixture, or null: the same
 * dimensions (names and types) with the same labels (coordinates within `delta`, instants equal
 * as instants, the same reference system), and per cell the same value or no-data in both. Cells
 * are float32 in our cubes, so numbers match within `delta` or float32 precision; booleans are 1/0.
 */
export function cubeMismatch(actual: unknown, expected: FixtureCube, delta: number): string | null {
  if (!isDataCube(actual) || actual.kind !== "raster") return `expected a data cube, got ${isDataCube(actual) ? `a ${actual.kind} cube` : JSON.stringify(actual)}`;
  // A cube without any dimension (create_data_cube) is, in our model, one without labels and pixels.
  if (Object.keys(expected.dimensions).length === 0) {
    return actual.dims.length === 0 && actual.grid.width * actual.grid.height === 0 ? null : "expected a cube without dimensions or values";
  }
  let axes: { x: string; y: string };
  try {
    axes = checkModel(expected);
  } catch (error) {
    if (error instanceof UnsupportedFixture) return `unsupported fixture: ${error.message}`;
    throw error;
  }
  const typeOf = (d: LabelDimension) => d.type;
  const have = [`${actual.axes.x}:spatial`, `${actual.axes.y}:spatial`, ...actual.dims.map((d) => `${d.name}:${typeOf(d)}`)].sort();
  const want = Object.entries(expected.dimensions).map(([name, d]) => `${name}:${d.type}`).sort();
  if (JSON.stringify(have) !== JSON.stringify(want)) return `dimensions ${JSON.stringify(have)} vs ${JSON.stringify(want)}`;
  if (actual.axes.x !== axes.x || actual.axes.y !== axes.y) return `spatial axes ${JSON.stringify(actual.axes)} vs ${JSON.stringify(axes)}`;
  for (const axis of ["x", "y"] as const) {
    const dim = expected.dimensions[axes[axis]]!;
    if (!sameCrs(actual.grid.crs, crsName(dim.reference_system))) return `${axis}: reference system ${actual.grid.crs} vs ${dim.reference_system}`;
    const got = axisCentres(actual, axis);
    if (labelsDiffer(got, dim.values, (a, e) => Math.abs((a as number) - (e as number)) <= Math.max(delta, 1e-9 * Math.abs(e as number)))) return `${axis} values ${JSON.stringify(got)} vs ${JSON.stringify(dim.values)}`;
  }
  for (const dim of actual.dims) {
    const got = labelValues(dim);
    const want = expected.dimensions[dim.name]!.values;
    // Period labels (2022-49, 2023-djf) are not instants: they match as text.
    const same = (a: string | number, e: string | number) => String(a) === String(e) || (dim.type === "temporal" && Date.parse(String(a)) === Date.parse(String(e)));
    if (labelsDiffer(got, want, same)) return `${dim.name} values ${JSON.stringify(got)} vs ${JSON.stringify(want)}`;
  }
  if (expected.data === null) return null; // The values don't matter for this vector.
  // Cells are float32: an input of magnitude m carries an error of m * 2^-24, which a difference of
  // nearly equal inputs keeps while the result is small, so the tolerance scales with the cube's largest value.
  let scale = 0;
  for (const index of indices(expected.order.map((name) => expected.dimensions[name]!.values.length))) {
    const e = cell(expected.data, index);
    if (typeof e === "number" && Number.isFinite(e)) scale = Math.max(scale, Math.abs(e));
  }
  const lengths = expected.order.map((name) => expected.dimensions[name]!.values.length);
  for (const index of indices(lengths)) {
    const e = cell(expected.data, index);
    const { plane, pixel } = locate(actual, expected.order, index);
    const a = actual.planes[plane]![pixel]!;
    const where = expected.order.map((name, d) => `${name}=${JSON.stringify(expected.dimensions[name]!.values[index[d]!])}`).join(", ");
    if (isNodata(e, expected.nodata)) {
      if (!Number.isNaN(a)) return `at ${where}: ${a} vs no-data`;
      continue;
    }
    const value = typeof e === "boolean" ? (e ? 1 : 0) : e;
    if (typeof value !== "number") return `at ${where}: expected ${JSON.stringify(e)}, which a cell can't hold`;
    if (!(a === value || Math.abs(a - value) <= Math.max(delta, scale * 2 ** -23))) return `at ${where}: ${a} vs ${JSON.stringify(e)}`;
  }
  return null;
}
