/**
 * Checks of openEO subtypes (meta/subtype-schemas.json) that plain JSON Schema keywords in a
 * process definition don't express: date formats, interval order, bounding box order, GeoJSON.
 * Each answers a reason when the literal value doesn't fit, else undefined.
 */
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const DATE_TIME = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|[+-]\d{2}:\d{2})$/;
const TIME = /^(\d{2}):(\d{2}):(\d{2})$/;
const GEOMETRY_TYPES = ["Point", "MultiPoint", "LineString", "MultiLineString", "Polygon", "MultiPolygon"];

function validDate(year?: string, month?: string, day?: string): boolean {
  const date = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  return date.getUTCFullYear() === Number(year) && date.getUTCMonth() === Number(month) - 1 && date.getUTCDate() === Number(day);
}

function validTime(hours?: string, minutes?: string, seconds?: string): boolean {
  // Leap seconds (60) are valid RFC 3339.
  return Number(hours) < 24 && Number(minutes) < 60 && Number(seconds) <= 60;
}

function checkDate(value: unknown): string | undefined {
  const m = typeof value === "string" ? DATE.exec(value) : null;
  return m && validDate(m[1], m[2], m[3]) ? undefined : "expected a date (YYYY-MM-DD)";
}

function checkDateTime(value: unknown): string | undefined {
  const m = typeof value === "string" ? DATE_TIME.exec(value) : null;
  return m && validDate(m[1], m[2], m[3]) && validTime(m[4], m[5], m[6]) ? undefined : "expected an RFC 3339 date-time";
}

function checkTime(value: unknown): string | undefined {
  const m = typeof value === "string" ? TIME.exec(value) : null;
  return m && validTime(m[1], m[2], m[3]) ? undefined : "expected a time (HH:MM:SS)";
}

function checkTemporalInterval(value: unknown): string | undefined {
  if (!Array.isArray(value) || value.length !== 2) return undefined;
  const [start, end] = value;
  // An end before the start is left to the process, which declares its own exception for it
  // (such as filter_temporal's TemporalExtentEmpty).
  if (start === null && end === null) return "a temporal interval can't be open at both ends";
  return undefined;
}

function checkTemporalIntervals(value: unknown): string | undefined {
  if (!Array.isArray(value)) return undefined;
  for (const interval of value) {
    const reason = checkTemporalInterval(interval);
    if (reason) return reason;
  }
  return undefined;
}

function checkBoundingBox(value: unknown): string | undefined {
  const box = value as Record<string, unknown>;
  if (typeof box.south === "number" && typeof box.north === "number" && box.south > box.north) {
    return "the south of a bounding box must not be north of its north";
  }
  return undefined;
}

function checkGeometry(value: Record<string, unknown>): string | undefined {
  if (!GEOMETRY_TYPES.includes(value.type as string)) return `'${String(value.type)}' is not a supported GeoJSON type`;
  return Array.isArray(value.coordinates) ? undefined : "a GeoJSON geometry needs coordinates";
}

function checkGeoJson(value: unknown): string | undefined {
  if (typeof value !== "object" || value === null || Array.isArray(value)) return "expected a GeoJSON object";
  const object = value as Record<string, unknown>;
  if (object.type === "FeatureCollection") {
    if (!Array.isArray(object.features)) return "a FeatureCollection needs features";
    for (const feature of object.features) {
      const reason = checkGeoJson(feature);
      if (reason) return reason;
    }
    return undefined;
  }
  if (object.type === "Feature") {
    if (object.geometry === null) return undefined;
    return typeof object.geometry === "object" ? checkGeometry(object.geometry as Record<string, unknown>) : "a Feature needs a geometry";
  }
  return checkGeometry(object);
}

// ISO 8601 durations as the definitions' pattern has them (which uses a look-ahead our pattern
// engine refuses): years, months, days or weeks, then a time part, at least one number in all.
const DURATION = /^-?P(?:\d+Y)?(?:\d+M)?(?:\d+[DW])?(?:T(?:\d+H)?(?:\d+M)?(?:\d+(?:\.\d+)?S)?)?$/;

function checkDuration(value: unknown): string | undefined {
  if (typeof value !== "string") return undefined;
  // As the definitions' pattern: a number right after P, or after PT.
  const valid = DURATION.test(value) && /^-?P(\d|T\d)/.test(value);
  return valid ? undefined : `'${value}' is not an ISO 8601 duration such as P1D or PT12H`;
}

/** Subtypes checked here in full: a schema's pattern for them is not needed. */
export const SELF_CHECKED_SUBTYPES = new Set(["duration"]);

const CHECKS: Record<string, (value: unknown) => string | undefined> = {
  date: checkDate,
  "date-time": checkDateTime,
  time: checkTime,
  "temporal-interval": checkTemporalInterval,
  "temporal-intervals": checkTemporalIntervals,
  "bounding-box": checkBoundingBox,
  geojson: checkGeoJson,
  duration: checkDuration,
};

/** Subtypes whose values only processes produce: no literal JSON value is one. */
export const PRODUCED_SUBTYPES = new Set(["datacube", "raster-cube", "vector-cube"]);

/** Checks a literal value against a subtype or format name (unknown names pass). */
export function checkSubtype(name: unknown, value: unknown): string | undefined {
  return typeof name === "string" ? CHECKS[name]?.(value) : undefined;
}
