// The table bench/e2e.ts prints: one row per case, our median beside GDAL's, the ratio and the
// issue's goal, judged for information only (the benchmark never fails).
import { median } from "./memory";

export interface Goal {
  /** The goal as the issue states it, such as "<= 0.8x GDAL". */
  text: string;
  /** The value the goal is about and its limit; the goal holds when value <= limit. */
  value: number | null;
  limit: number;
  /** How `value` is shown beside the verdict when it is not the ratio itself. */
  shown?: string;
}

export interface Row {
  case: string;
  unit: "ms" | "MB";
  /** Every run's value; the median is shown. */
  ours: number[];
  gdal: number[];
  goal?: Goal;
  /** Anything a reader needs to interpret the row (what the Worker said it did). */
  note?: string;
}

export const medianOrNull = (values: number[]): number | null => (values.length ? median(values) : null);

export function ratioOf(row: Row): number | null {
  const [ours, gdal] = [medianOrNull(row.ours), medianOrNull(row.gdal)];
  return ours === null || gdal === null || gdal === 0 ? null : ours / gdal;
}

function value(values: number[], unit: Row["unit"]): string {
  const m = medianOrNull(values);
  if (m === null) return "-";
  return unit === "MB" ? (m / 1e6).toFixed(1) : m.toFixed(m < 100 ? 1 : 0);
}

function verdict(goal: Goal | undefined): string {
  if (!goal) return "-";
  if (goal.value === null || Number.isNaN(goal.value)) return `?${goal.shown ? ` (${goal.shown})` : ""}`;
  return `${goal.value <= goal.limit ? "ok" : "MISS"}${goal.shown ? ` (${goal.shown})` : ""}`;
}

/** The markdown table of the rows, units in the case column. */
export function markdownTable(rows: Row[]): string {
  const lines = ["| case | ours | GDAL | ours ÷ GDAL | goal | ok/MISS |", "|---|---|---|---|---|---|"];
  for (const row of rows) {
    const ratio = ratioOf(row);
    lines.push(`| ${row.case} (${row.unit}) | ${value(row.ours, row.unit)} | ${value(row.gdal, row.unit)} | ${ratio === null ? "-" : ratio.toFixed(2)} | ${row.goal?.text ?? "-"} | ${verdict(row.goal)} |`);
  }
  return lines.join("\n");
}

/** A goal on the row's own ratio. */
export function ratioGoal(row: Row, limit: number): Goal {
  return { text: `≤ ${limit}× GDAL`, value: ratioOf(row), limit };
}

const span = (values: number[], format: (v: number) => string): string => {
  if (values.length === 0) return "-";
  const [low, high] = [Math.min(...values), Math.max(...values)];
  return format(low) === format(high) ? format(low) : `${format(low)}–${format(high)}`;
};

/**
 * The rows of every zoom folded into one per case ("tile z12, warm" and "tile z13, warm" become
 * "tile z12–z13, warm"): the range of the medians and of the ratios; ok only when every zoom is.
 */
export function summaryTable(rows: Row[]): string {
  const groups = new Map<string, { zooms: number[]; rows: Row[] }>();
  for (const row of rows) {
    const zoom = / z(\d+),/.exec(row.case);
    const key = zoom ? row.case.replace(/ z\d+,/, " Z,") : row.case;
    const group = groups.get(key) ?? groups.set(key, { zooms: [], rows: [] }).get(key)!;
    if (zoom) group.zooms.push(Number(zoom[1]));
    group.rows.push(row);
  }
  const lines = ["| case | ours | GDAL | ours ÷ GDAL | goal | ok/MISS |", "|---|---|---|---|---|---|"];
  for (const [key, { zooms, rows: members }] of groups) {
    const unit = members[0]!.unit;
    const scale = unit === "MB" ? 1e-6 : 1;
    const format = (v: number) => (v * scale).toFixed(v * scale < 100 ? 1 : 0);
    const medians = (side: "ours" | "gdal") => members.map((r) => medianOrNull(r[side])).filter((m): m is number => m !== null);
    const ratios = members.map(ratioOf).filter((r): r is number => r !== null);
    // One row: its verdict; several zooms: ok or MISS when all agree (the details are in the full table).
    const verdicts = members.map((r) => verdict(r.goal));
    const words = new Set(verdicts.map((v) => v.split(" ")[0]));
    const shown = members.length === 1 ? verdicts[0]! : words.size === 1 ? [...words][0]! : words.has("MISS") ? "MISS (some zooms)" : "?";
    const name = zooms.length ? key.replace(" Z,", ` z${span(zooms, String)},`) : key;
    lines.push(`| ${name} (${unit}) | ${span(medians("ours"), format)} | ${span(medians("gdal"), format)} | ${span(ratios, (r) => r.toFixed(2))} | ${members[0]!.goal?.text ?? "-"} | ${shown} |`);
  }
  return lines.join("\n");
}
