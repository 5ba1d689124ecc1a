/** The output formats, by name (case-insensitive, as save_result's `format`). */
import { csv } from "./csv";
import { geojson } from "./geojson";
import { gtiff } from "./gtiff";
import { json } from "./json";
import { netcdf } from "./netcdf";
import { png } from "./png";
import type { OutputFormat } from "./types";

export { optionsProblem, withDefaults } from "./options";
export { isEmptyCube, type EncodedFile, type FormatOption, type OutputFormat } from "./types";

export const OUTPUT_FORMATS: readonly OutputFormat[] = [gtiff, json, netcdf, png, geojson, csv];

export function findOutputFormat(name: string): OutputFormat | undefined {
  const wanted = name.toLowerCase();
  return OUTPUT_FORMATS.find((f) => f.name.toLowerCase() === wanted);
}
