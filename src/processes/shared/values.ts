/** openEO encodes no-data as null; undefined (an omitted optional value) counts as no-data too. */
export function isNodata(value: unknown): value is null | undefined {
  return value === null || value === undefined;
}

/** The text form text_concat uses: JSON-like for scalars (null → "null", booleans lower case). */
export function toText(value: unknown): string {
  return typeof value === "string" ? value : String(value);
}
