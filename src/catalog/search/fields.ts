/**
 * Fields extension projection (STAC API Fields v1.0.0 semantics):
 * - include missing: every field except the excluded ones;
 * - include empty: the default fields (a valid Item) except the excluded ones;
 * - include given: only those fields;
 * - the most specific path decides, so `properties` + `-properties.datetime` drops datetime and
 *   `-properties` + `properties.datetime` keeps only datetime;
 * - a path both included and excluded is included, as the extension specifies.
 */
import type { FieldsSpec, StacItem } from "./types";

type Rule = "include" | "exclude";

const DEFAULT_FIELDS = [
  "type",
  "stac_version",
  "id",
  "collection",
  "geometry",
  "bbox",
  "links",
  "assets",
  "properties.datetime",
];
const RANGE_FIELDS = ["properties.start_datetime", "properties.end_datetime"];

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

class Projection {
  private readonly rules = new Map<string, Rule>();
  /** Paths with a rule somewhere below them, where the projection has to descend. */
  private readonly ancestors = new Set<string>();

  constructor(include: string[], exclude: string[]) {
    for (const path of exclude) this.rules.set(path, "exclude");
    for (const path of include) this.rules.set(path, "include");
    for (const path of this.rules.keys()) {
      const segments = path.split(".");
      for (let i = 1; i < segments.length; i++) this.ancestors.add(segments.slice(0, i).join("."));
    }
  }

  apply(value: Record<string, unknown>, prefix: string, inherited: Rule): Record<string, unknown> {
    const result: Record<string, unknown> = {};
    for (const [key, member] of Object.entries(value)) {
      const path = prefix === "" ? key : `${prefix}.${key}`;
      const rule = this.rules.get(path) ?? inherited;
      if (this.ancestors.has(path) && isPlainObject(member)) {
        const projected = this.apply(member, path, rule);
        if (rule === "include" || Object.keys(projected).length > 0) result[key] = projected;
      } else if (rule === "include") {
        result[key] = member;
      }
    }
    return result;
  }
}

/** Projects one item; `spec` as parsed from the request (see FieldsSpec). */
export function projectItem<T extends StacItem>(item: T, spec: FieldsSpec): Partial<T> {
  const { include, exclude } = spec;
  const members = item as unknown as Record<string, unknown>;
  if (include === undefined) return new Projection([], exclude).apply(members, "", "include") as Partial<T>;
  let included = include;
  if (include.length === 0) {
    // Default fields minus exact exclusions; ranged items carry start/end instead of a null datetime.
    const hasDatetime = typeof item.properties.datetime === "string";
    const defaults = hasDatetime ? DEFAULT_FIELDS : [...DEFAULT_FIELDS, ...RANGE_FIELDS];
    included = defaults.filter((path) => !exclude.includes(path));
  }
  return new Projection(included, exclude).apply(members, "", "exclude") as Partial<T>;
}
