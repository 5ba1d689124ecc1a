/**
 * CSV: a vector data cube as a table (RFC 4180), one row per geometry and label combination of the
 * cube's other dimensions: the feature's index in the cube (from 0), the labels (one column per
 * dimension, named after it), the value (empty for no-data) and the geometry as WKT in WGS 84; a
 * cube without geometries has the labels and the value only.
 */
import { labelValues } from "../cube/dimensions";
import type { LabelDimension } from "../cube/types";
import { hasGeometries, type VectorCube } from "../cube/vector";
import { TextPieces } from "./text-pieces";
import type { OutputFormat } from "./types";
import { finiteOrNull, MAX_VECTOR_FILE_BYTES, NUMBER_CHARS, positionChars, vectorCubeProblem, wgs84Features } from "./vector-features";
import { wkt } from "./wkt";

/** The labels of every combination of `dims`, in value order (row-major, the first dimension outermost). */
function combinations(dims: LabelDimension[]): string[][] {
  let rows: string[][] = [[]];
  for (const dim of dims) {
    const labels = labelValues(dim).map(String);
    rows = rows.flatMap((row) => labels.map((label) => [...row, label]));
  }
  return rows;
}

/** A field as RFC 4180 wants it: quoted (quotes doubled) when it holds a separator, quote or line break. */
const field = (text: string) => (/[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text);

const row = (fields: string[]) => `${fields.map(field).join(",")}\r\n`;

/** A cube without a geometry dimension (reduce_spatial's): one row per label combination, no feature or geometry columns. */
function labelTable(cube: VectorCube): Uint8Array {
  const text = new TextPieces();
  text.add(row([...cube.dims.map((d) => d.name), "value"]));
  combinations(cube.dims).forEach((combination, k) => {
    const value = finiteOrNull(cube.values[k]![0]!);
    text.add(row([...combination, value === null ? "" : String(value)]));
  });
  return text.bytes();
}

function table(cube: VectorCube, withGeometry: boolean): Uint8Array {
  if (!hasGeometries(cube)) return labelTable(cube);
  const header = ["feature_index", ...cube.dims.map((d) => d.name), "value", ...(withGeometry ? ["geometry"] : [])];
  const labels = combinations(cube.dims);
  const text = new TextPieces();
  text.add(row(header));
  wgs84Features(cube).forEach((feature, g) => {
    const geometry = withGeometry ? [wkt(feature.geometry)] : [];
    labels.forEach((combination, k) => {
      // A cube of geometries only has no values: one row per geometry, its value empty.
      const value = finiteOrNull(cube.values[k]?.[g] ?? NaN);
      text.add(row([String(g), ...combination, value === null ? "" : String(value), ...geometry]));
    });
  });
  return text.bytes();
}

/** At most the bytes of the table: labels at 3 bytes a character (UTF-8), quoted; numbers at their longest; WKT by its positions. */
function bytesAtMost(cube: VectorCube, withGeometry: boolean): number {
  const labelChars = combinations(cube.dims).reduce((most, labels) => Math.max(most, labels.reduce((n, l) => n + 3 * l.length + 3, 0)), 0);
  const rowChars = 2 * NUMBER_CHARS + labelChars + 8;
  const header = cube.dims.reduce((n, d) => n + 3 * d.name.length + 3, 64);
  if (!hasGeometries(cube)) return header + cube.values.length * rowChars;
  return wgs84Features(cube).reduce((n, f) => n + Math.max(1, cube.values.length) * (rowChars + (withGeometry ? positionChars(f.geometry) + 32 : 0)), header);
}

export const csv: OutputFormat = {
  name: "CSV",
  title: "Comma-separated values",
  description: `A vector data cube (such as aggregate_spatial's result) as a table (RFC 4180, comma-separated, CRLF line ends, UTF-8) with a header row and one row per geometry and label combination of the other dimensions: \`feature_index\` (the geometry's position in the cube, from 0), one column per dimension named after it holding the label (dates as ISO 8601), \`value\` (empty for no-data) and \`geometry\` (WKT in WGS 84 longitude/latitude, two-dimensional; empty without a geometry). A cube without a geometry dimension (reduce_spatial's result) has one row per label combination and no \`feature_index\` or \`geometry\` column. At most ${MAX_VECTOR_FILE_BYTES / 2 ** 20} MiB.`,
  gisDataTypes: ["vector"],
  extension: "csv",
  storesEmptyCubes: true,
  options: {
    geometry: { description: "Whether to write the `geometry` column (each geometry's WKT is repeated on every row of it).", schema: { type: "boolean" }, default: true },
  },
  unsuitable: (data, options) => vectorCubeProblem(data, "CSV", (cube) => bytesAtMost(cube, options?.geometry !== false)),
  async encode(data, options) {
    return [{ name: `result.${csv.extension}`, mediaType: "text/csv", bytes: table(data as VectorCube, options.geometry !== false), roles: ["data"] }];
  },
};
