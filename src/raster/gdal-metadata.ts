/**
 * What a GeoTIFF says about itself besides its pixels: the band descriptions GDAL keeps in its
 * GDAL_METADATA tag (`<Item name="DESCRIPTION" sample="0" role="description">red</Item>`), and its
 * observation date from a dataset item of GDAL_METADATA (DATETIME, ACQUISITIONDATETIME).
 */

import { parseDateTime, parseFullDate } from "../catalog/search/datetime";

interface Item {
  name: string;
  sample?: number;
  role?: string;
  value: string;
}

const ENTITIES: Record<string, string> = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

/** A character reference's character; the reference itself, as text, when it names no code point (String.fromCodePoint would throw). */
function character(code: number, whole: string): string {
  return Number.isInteger(code) && code >= 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
}

function unescapeXml(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, name: string) => {
    if (name.startsWith("#x")) return character(Number.parseInt(name.slice(2), 16), whole);
    if (name.startsWith("#")) return character(Number(name.slice(1)), whole);
    return ENTITIES[name] ?? whole;
  });
}

/** Bytes as the parser read them (a byte a character), decoded as the UTF-8 GDAL writes. */
function utf8(latin1: string): string {
  const bytes = new Uint8Array(latin1.length);
  for (let i = 0; i < latin1.length; i++) bytes[i] = latin1.charCodeAt(i) & 0xff;
  return new TextDecoder().decode(bytes);
}

/** Attributes longer than this are not GDAL's: their item is skipped. */
const MAX_ATTRIBUTES = 1024;

/** The part of a tag that is parsed: GDAL's band descriptions and dates come first and are short; the rest of a larger tag is ignored. */
export const MAX_METADATA_CHARS = 2 ** 20;

/** Items whose values are read: band descriptions and the observation date. */
const WANTED = new Set(["DESCRIPTION", "DATETIME", "ACQUISITIONDATETIME"]);

const isNameChar = (c: number) => (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95;

/**
 * `key="value"` pairs separated by white space, keys lowercased, values still encoded; undefined
 * if the text is anything else. Each character is looked at once.
 */
function attributesOf(text: string): Map<string, string> | undefined {
  const attrs = new Map<string, string>();
  let at = 0;
  for (;;) {
    const from = at;
    while (at < text.length && /\s/.test(text[at]!)) at++;
    if (at === text.length) return attrs;
    if (at === from) return undefined;
    const keyAt = at;
    while (at < text.length && isNameChar(text.charCodeAt(at))) at++;
    if (at === keyAt || text[at] !== "=" || text[at + 1] !== '"') return undefined;
    const end = text.indexOf('"', at + 2);
    if (end < 0) return undefined;
    attrs.set(text.slice(keyAt, at).toLowerCase(), text.slice(at + 2, end));
    at = end + 1;
  }
}

/**
 * The items of a GDAL_METADATA text that name band descriptions or dates (anything else in it is
 * ignored), found by plain searches in one pass over its first MAX_METADATA_CHARS.
 */
export function metadataItems(text: string): Item[] {
  const xml = text.length > MAX_METADATA_CHARS ? text.slice(0, MAX_METADATA_CHARS) : text;
  const items: Item[] = [];
  for (let at = xml.indexOf("<Item"); at >= 0; at = xml.indexOf("<Item", at)) {
    const open = xml.indexOf(">", at);
    const close = open < 0 ? -1 : xml.indexOf("</Item>", open);
    if (close < 0) break;
    const attributes = xml.slice(at + 5, open);
    at = close + 7;
    const attrs = attributes.length > MAX_ATTRIBUTES ? undefined : attributesOf(attributes);
    const name = attrs?.get("name");
    if (name === undefined) continue;
    const decoded = unescapeXml(utf8(name));
    const role = attrs!.has("role") ? unescapeXml(utf8(attrs!.get("role")!)) : undefined;
    if (!WANTED.has(decoded.toUpperCase()) && role !== "description") continue;
    const sample = attrs!.has("sample") ? Number(attrs!.get("sample")) : undefined;
    items.push({ name: decoded, ...(sample !== undefined && Number.isInteger(sample) && sample >= 0 ? { sample } : {}), ...(role !== undefined ? { role } : {}), value: unescapeXml(utf8(xml.slice(open + 1, close))).trim() });
  }
  return items;
}

/** Longer descriptions are prose, not band names (which label every band of a result and its metadata). */
export const MAX_DESCRIPTION_CHARS = 256;

/** Per sample, its description, or "" where there is none (or only one longer than MAX_DESCRIPTION_CHARS). */
export function bandDescriptions(items: Item[], samples: number): string[] {
  const descriptions = new Array<string>(samples).fill("");
  for (const item of items) {
    if (item.sample === undefined || item.sample >= samples || item.value.length > MAX_DESCRIPTION_CHARS) continue;
    if (item.role === "description" || (item.role === undefined && item.name.toUpperCase() === "DESCRIPTION")) descriptions[item.sample] = item.value;
  }
  return descriptions;
}

/**
 * "2024:06:01 10:30:00" (TIFF's DateTime form) or an ISO 8601 date or date-time, as RFC 3339 in
 * UTC; undefined if it is neither or names no real day or time (2024-02-30).
 */
export function fileDate(text: string): string | undefined {
  const tiff = /^(\d{4}):(\d{2}):(\d{2})[ T](\d{2}):(\d{2}):(\d{2})$/.exec(text.trim());
  const iso = tiff ? `${tiff[1]}-${tiff[2]}-${tiff[3]}T${tiff[4]}:${tiff[5]}:${tiff[6]}` : text.trim();
  const parts = /^(\d{4}-\d{2}-\d{2})(?:[T ](\d{2}:\d{2})(:\d{2}(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(iso);
  if (!parts) return undefined;
  const [, day, time, seconds = ":00", zone = "Z"] = parts;
  // A date-time without a zone is taken as UTC, as TIFF's has none; the RFC 3339 parser checks the calendar.
  const ms = time === undefined ? parseFullDate(day!) : parseDateTime(`${day}T${time}${seconds}${zone.length === 5 ? `${zone.slice(0, 3)}:${zone.slice(3)}` : zone}`);
  return ms === undefined ? undefined : new Date(ms).toISOString();
}

/**
 * The file's observation date: a DATETIME or ACQUISITIONDATETIME item of the dataset. Not TIFF's
 * DateTime tag (nor GDAL's TIFFTAG_DATETIME, its copy): that is when the file was written.
 */
export function datasetDate(items: Item[]): string | undefined {
  for (const name of ["DATETIME", "ACQUISITIONDATETIME"]) {
    const item = items.find((i) => i.sample === undefined && i.name.toUpperCase() === name);
    const date = item && fileDate(item.value);
    if (date) return date;
  }
  return undefined;
}
