/**
 * Where a batch request's tiles go: `output.defaultTilePath` (s3://<bucket>/<path with
 * placeholders>) or `bucketName` (the same as s3://<bucketName>/<requestId>/<tileName>/<outputId>.<format>),
 * mapped onto the caller's files. Placeholders: <requestId>, <tileName>, <outputId>, <format> (the
 * file's extension). The tiles' STAC collection goes beside them, into <folder>/<requestId>/.
 */
import { validateFilePath } from "../../files/path";
import { badRequest } from "../process-request";
import { checkDeliveryPath, SAMPLE_REQUEST_ID, underFolder } from "../s3-folder";
import { COLLECTION_FILE } from "./tiles-stac";

export interface TilePathParts {
  requestId: string;
  tileName: string;
  outputId: string;
  format: string;
}

const PLACEHOLDERS = /<(requestId|tileName|outputId|format)>/g;
/** A name that stands for any placeholder's value, to check a template's paths before they exist. */
const SAMPLE = "x";

export function tilePath(template: string, parts: TilePathParts): string {
  return validateFilePath(template.replace(PLACEHOLDERS, (_, name: keyof TilePathParts) => parts[name]));
}

/** The template, in the files area, of `output.defaultTilePath` or `bucketName`; every tile and response must get a path of its own. */
export function tilePathTemplate(output: Record<string, unknown> | undefined, bucketName: unknown, responses: number): string {
  if ((output?.defaultTilePath === undefined) === (bucketName === undefined)) throw badRequest("Give either output.defaultTilePath or bucketName, to say where the tiles go.");
  const url = bucketName === undefined ? output!.defaultTilePath : typeof bucketName === "string" ? `s3://${bucketName}/<requestId>/<tileName>/<outputId>.<format>` : null;
  if (typeof url !== "string" || url.length > 1000) throw badRequest("output.defaultTilePath (or bucketName) must be a string of at most 1000 characters.");
  const match = /^(s3:\/\/[^/]+)(\/.*)?$/.exec(url);
  if (!match) throw badRequest("output.defaultTilePath must be an S3 URL, s3://<bucket>/<path>, with <tileName> (and <outputId> for several responses) in the path.");
  const template = (match[2] ?? "").replace(/^\/+/, "");
  if (!template.includes("<tileName>")) throw badRequest("output.defaultTilePath must contain <tileName>, so that each tile gets a file of its own.");
  if (responses > 1 && !template.includes("<outputId>")) throw badRequest("output.defaultTilePath must contain <outputId>: the request has several responses.");
  // The fixed parts of the path are checked as a file path now (a trailing '/' included), rather than when the tiles are written.
  checkDeliveryPath(template.replace(PLACEHOLDERS, SAMPLE), "output.defaultTilePath");
  return template;
}

/** The folder of the request's STAC collection: the template's fixed folders, then the request's id. */
export function collectionFolder(template: string, requestId: string): string {
  const fixed = template.slice(0, template.search(PLACEHOLDERS));
  return underFolder(fixed.slice(0, fixed.lastIndexOf("/") + 1).replace(/\/+$/, ""), requestId);
}

/**
 * Checks, at POST, every path the request's tiles will be written to, with its real identifiers and
 * its longest tile name: each a valid path in the caller's files, none where the request's STAC
 * Collection and Items go (collection.json, items/ in the collection's folder).
 */
export function checkTilePaths(template: string, outputIds: string[], tileNames: string[]): void {
  const tileName = tileNames.reduce((longest, name) => (name.length > longest.length ? name : longest), "");
  const folder = collectionFolder(template, SAMPLE_REQUEST_ID);
  for (const outputId of outputIds) {
    const path = template.replace(PLACEHOLDERS, (_, name: keyof TilePathParts) => ({ requestId: SAMPLE_REQUEST_ID, tileName, outputId, format: "tif" })[name]);
    checkDeliveryPath(path, `output.defaultTilePath (for the response '${outputId}')`);
    if (path === underFolder(folder, COLLECTION_FILE) || path.startsWith(underFolder(folder, "items/"))) {
      throw badRequest(`output.defaultTilePath puts the tiles where the request's STAC Collection goes (${underFolder(folder, COLLECTION_FILE)}, ${underFolder(folder, "items/")}); choose another path.`);
    }
  }
}
