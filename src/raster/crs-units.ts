import proj4 from "proj4";
import { crsDefinition } from "./crs-definition";

/** Whether the coordinates of a CRS are metres (UTM, Web Mercator, ...), as distances in metres need; degrees and feet are not. */
export function metricCrs(crs: string): boolean {
  const { proj, geographic } = crsDefinition(crs);
  if (geographic) return false;
  if (proj.startsWith("+")) return /\+units=m(\s|$)/.test(proj);
  const known: unknown = proj4.defs(proj);
  return typeof known === "object" && known !== null && (known as { units?: unknown }).units === "m";
}
