/**
 * The label dimensions of a raster cube (all but the bands, which become variables) as netCDF
 * dimensions: dates and date-times as a CF time coordinate, numbers as a numeric coordinate, and
 * any other labels (period labels such as "2023-djf", names) as a CF string-valued auxiliary
 * coordinate: a char variable `<dim>_label(<dim>, <dim>_strlen)` that data variables list in
 * their `coordinates` attribute (classic netCDF has no string type).
 */
import { labelValues } from "../cube/dimensions";
import type { LabelDimension } from "../cube/types";
import type { NcDimension, NcVariable } from "./netcdf-classic";

/** What CF recommends: a letter, then letters, digits and underscores. */
const CF_NAME = /^[A-Za-z][A-Za-z0-9_]*$/;

/** `label` with every character outside CF names replaced by "_", and `prefix` in front unless it starts with a letter. */
export function cfName(label: string, prefix: string): string {
  const cleaned = label.replace(/[^A-Za-z0-9_]/g, "_");
  return /^[A-Za-z]/.test(cleaned) ? cleaned : `${prefix}${cleaned}`;
}

/** Hands out names once: a taken name gets "_2", "_3", ... (dimensions and variables share them, as coordinate variables must). */
export class NetcdfNames {
  private readonly taken: Set<string>;

  constructor(reserved: string[]) {
    this.taken = new Set(reserved);
  }

  claim(candidate: string): string {
    let name = candidate;
    for (let k = 2; this.taken.has(name); k++) name = `${candidate}_${k}`;
    this.taken.add(name);
    return name;
  }
}

/** An ISO 8601 date or date-time; period labels (2023-05, 2023-djf) are not instants and stay text. */
const INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d+)?)?(Z|[+-]\d{2}:\d{2})?)?$/;
const DAY_MS = 86_400_000;

/** Milliseconds since the epoch of every label, or undefined unless all are instants; a date-time without offset is UTC. */
function instants(labels: string[]): number[] | undefined {
  const ms = labels.map((label) => (INSTANT.test(label) ? Date.parse(/T[\d:.]+$/.test(label) ? `${label}Z` : label) : NaN));
  return ms.some(Number.isNaN) ? undefined : ms;
}

/** Whole days when every time step is midnight (exact in a double), else seconds. */
function timeValues(ms: number[]): { units: string; values: number[] } {
  if (ms.every((m) => m % DAY_MS === 0)) return { units: "days since 1970-01-01 00:00:00", values: ms.map((m) => m / DAY_MS) };
  return { units: "seconds since 1970-01-01 00:00:00", values: ms.map((m) => m / 1000) };
}

function textLabels(name: string, labels: string[], longName: string, names: NetcdfNames): { dimensions: NcDimension[]; variable: NcVariable } {
  const utf8 = labels.map((label) => new TextEncoder().encode(label));
  const length = Math.max(1, ...utf8.map((bytes) => bytes.length));
  const strlen = names.claim(`${name}_strlen`);
  // Each label padded with NUL bytes to the common length, the C-string convention ncdump and CF readers expect.
  const data = utf8.map((bytes) => {
    const padded = new Uint8Array(length);
    padded.set(bytes);
    return padded;
  });
  return {
    dimensions: [{ name: strlen, length }],
    variable: { name: names.claim(`${name}_label`), dimensions: [name, strlen], type: "char", attributes: { long_name: longName }, data },
  };
}

export interface NetcdfLabelDimension {
  /** The dimension along the labels, then any the label variable needs. */
  dimensions: NcDimension[];
  variable: NcVariable;
  /** Whether `variable` is an auxiliary coordinate, which data variables name in `coordinates`. */
  auxiliary: boolean;
}

/**
 * One label dimension in netCDF terms. A temporal dimension keeps its name if it is a CF name,
 * else becomes "t"; `timeAxis` marks the cube's first temporal dimension (CF allows one axis T).
 */
export function netcdfLabelDimension(dim: LabelDimension, names: NetcdfNames, timeAxis: boolean): NetcdfLabelDimension {
  const labels = labelValues(dim);
  const temporal = dim.type === "temporal";
  const name = names.claim(temporal ? (CF_NAME.test(dim.name) ? dim.name : "t") : cfName(dim.name, "dim_"));
  const dimension = { name, length: labels.length };
  const ms = dim.type === "temporal" ? instants(dim.labels) : undefined;
  if (ms) {
    const { units, values } = timeValues(ms);
    const attributes = { standard_name: "time", long_name: "time", units, calendar: "standard", ...(timeAxis ? { axis: "T" } : {}) };
    return { dimensions: [dimension], variable: { name, dimensions: [name], type: "double", attributes, data: [values] }, auxiliary: false };
  }
  if (!temporal && labels.every((label): label is number => typeof label === "number")) {
    return { dimensions: [dimension], variable: { name, dimensions: [name], type: "double", attributes: { long_name: dim.name }, data: [labels] }, auxiliary: false };
  }
  const text = textLabels(name, labels.map(String), dim.name, names);
  return { dimensions: [dimension, ...text.dimensions], variable: text.variable, auxiliary: true };
}
