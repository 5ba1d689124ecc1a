/** A plain-text table: first column left-aligned, the rest right-aligned; `null` cells print "-". */
export function table(header: string[], rows: (string | number | null)[][]): string {
  const cells = [header, ...rows.map((row) => row.map((c) => (c === null ? "-" : String(c))))];
  const widths = header.map((_, i) => Math.max(...cells.map((row) => row[i]!.length)));
  const line = (row: string[]) => row.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd();
  return [line(cells[0]!), widths.map((w) => "-".repeat(w)).join("  "), ...cells.slice(1).map(line)].join("\n");
}

export const kb = (bytes: number): string => (bytes / 1000).toFixed(bytes < 10_000 ? 1 : 0);
export const ms = (value: number): string => value.toFixed(value < 100 ? 1 : 0);
export const ratio = (value: number | null): string | null => (value === null || !Number.isFinite(value) ? null : value.toFixed(2));
