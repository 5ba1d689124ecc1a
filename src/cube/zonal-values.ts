/**
 * The vector cube of zonal statistics (aggregate_spatial) from each geometry's answer per plane, built
 * the same way whether the answers were computed in one read or merged from a batch job's chunks.
 */
import { OpenEOError } from "../errors";
import type { Feature } from "./geojson";
import type { LabelDimension } from "./types";
import type { VectorCube } from "./vector";

/** The labels of the dimension target_dimension adds. */
export const STATISTICS = ["value", "total_count", "valid_count"];

/** The dimension added, before target_dimension's, when the reducer answers arrays (quantiles): one label per position, 0, 1, ... */
export const ANSWER_DIMENSION = "index";

/** One plane's answers per geometry: a number, an array (of `arrayLength`) or null for no-data; and its pixel counts. */
export interface ZonalPlane {
  answers: (number | number[] | null)[];
  total: number[];
  valid: number[];
}

export interface ZonalBase {
  crs: string;
  geometries: Feature[];
  /** The raster cube's dimensions other than x and y. */
  dims: LabelDimension[];
  target: string | null;
}

/** `arrayLength`: null when the answers are numbers, else the length of every array answer. */
export function zonalCube(base: ZonalBase, planes: ZonalPlane[], arrayLength: number | null): VectorCube {
  const { crs, geometries, dims, target } = base;
  const added: LabelDimension[] = [];
  if (arrayLength !== null) {
    if ([...dims.map((d) => d.name), target].includes(ANSWER_DIMENSION)) {
      throw new OpenEOError("ProcessParameterInvalid", { process: "aggregate_spatial", parameter: "reducer", reason: `its answers are arrays, which need a dimension '${ANSWER_DIMENSION}', and the result already has one` });
    }
    added.push({ name: ANSWER_DIMENSION, type: "other", labels: Array.from({ length: arrayLength }, (_, k) => k) });
  }
  if (target !== null) added.push({ name: target, type: "other", labels: STATISTICS });
  const values: Float64Array[] = [];
  for (const plane of planes) {
    for (let k = 0; k < (arrayLength ?? 1); k++) {
      values.push(Float64Array.from(plane.answers, (answer) => (answer === null ? NaN : Array.isArray(answer) ? answer[k]! : answer)));
      if (target !== null) values.push(Float64Array.from(plane.total), Float64Array.from(plane.valid));
    }
  }
  return { kind: "vector", crs, geometries, dims: [...dims, ...added], values };
}
