import { OpenEOError } from "../../errors";
import { validateFilePath } from "../../files/path";
import { notPublicHttps } from "../../net/public-host";
import { badRequest } from "../process-request";
import { BYOC_LIMITS } from "./limits";

/** Sentinel Hub's placeholder for the band's file name in a tile's path. */
export const BAND = "(BAND)";
/** The file names (a band's source) that replace (BAND): no separators, no dots. */
export const BAND_SOURCE = /^[A-Za-z0-9_-]{1,64}$/;
/** Band names: JavaScript identifiers, as evalscripts name them (samples.B04). */
export const BAND_NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * Where a tile's files are: a path in the owner's files (`GET /v1/files`), or an https URL; the
 * pattern holds (BAND) once. Without (BAND), the path is a folder of `<band>.tif` files, as
 * Sentinel Hub reads it.
 */
export interface TileLocation {
  kind: "file" | "url";
  pattern: string;
}

export function parseTilePath(path: unknown): TileLocation {
  if (typeof path !== "string" || path === "") throw badRequest("path must be a non-empty string.");
  if (path.length > BYOC_LIMITS.maxPathChars) throw badRequest(`path is longer than ${BYOC_LIMITS.maxPathChars} characters.`);
  const pattern = path.includes(BAND) ? path : `${path.replace(/\/+$/, "")}/${BAND}.tif`;
  if (pattern.split(BAND).length !== 2) throw badRequest(`path must hold ${BAND} at most once.`);
  if (/^[a-z][a-z0-9+.-]*:/i.test(path)) {
    let url: URL;
    try {
      url = new URL(pattern.replace(BAND, "B"));
    } catch {
      throw badRequest("path is not a valid URL.");
    }
    if (url.protocol !== "https:") throw badRequest("path must be a file path or an https URL.");
    // (BAND) is replaced by a band's file name, which could complete a host ("127.0.0.(BAND)"): only the path may hold it.
    const pathStart = pattern.indexOf("/", url.protocol.length + 2);
    if (pathStart < 0 || pattern.indexOf(BAND) < pathStart) throw badRequest(`path: ${BAND} may stand only in the URL's path, after its host.`);
    // Checked here: the URL is stored, and every later read of the tile goes to this host (bandUrl checks each band's again).
    const refused = notPublicHttps(url.href);
    if (refused) throw badRequest(`path: ${refused}.`);
    return { kind: "url", pattern };
  }
  try {
    validateFilePath(pattern.replace(BAND, "B".repeat(64)));
  } catch (error) {
    if (error instanceof OpenEOError) throw badRequest(`path: ${error.message}`);
    throw error;
  }
  return { kind: "file", pattern };
}

export function bandPath(location: TileLocation, source: string): string {
  const path = location.pattern.replace(BAND, source);
  const refused = location.kind === "url" ? notPublicHttps(path) : undefined;
  if (refused) throw badRequest(`path: ${refused}.`);
  return path;
}

/** The folder to list to find a file pattern's bands, and how a file in it names its band. */
export function bandDiscovery(location: TileLocation): { folder: string; bandOf: (path: string) => string | undefined } {
  const [before, after] = location.pattern.split(BAND) as [string, string];
  const folder = before.slice(0, before.lastIndexOf("/") + 1);
  return {
    folder,
    bandOf: (path) => {
      if (!path.startsWith(before) || !path.endsWith(after) || path.length < before.length + after.length) return undefined;
      const name = path.slice(before.length, path.length - after.length);
      // A discovered band is named by its file.
      return BAND_NAME.test(name) ? name : undefined;
    },
  };
}
