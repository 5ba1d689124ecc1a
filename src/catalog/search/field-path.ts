/**
 * Dotted field paths as used by `sortby` and `fields`. Names that aren't top-level Item members
 * are taken as item properties, so `eo:cloud_cover` and `properties.eo:cloud_cover` are equal.
 */
const TOP_LEVEL = new Set([
  "type",
  "stac_version",
  "stac_extensions",
  "id",
  "geometry",
  "bbox",
  "properties",
  "links",
  "assets",
  "collection",
]);

export function normaliseFieldPath(path: string): string {
  const head = path.split(".", 1)[0]!;
  return TOP_LEVEL.has(head) ? path : `properties.${path}`;
}

/**
 * The value at a normalised path. A property name containing dots is tried whole first, then
 * as nested members.
 */
export function valueAtPath(item: object, path: string): unknown {
  if (path.startsWith("properties.")) {
    const properties = (item as { properties?: Record<string, unknown> }).properties ?? {};
    const name = path.slice("properties.".length);
    if (name in properties) return properties[name];
  }
  let value: unknown = item;
  for (const segment of path.split(".")) {
    if (typeof value !== "object" || value === null) return undefined;
    value = (value as Record<string, unknown>)[segment];
  }
  return value;
}
