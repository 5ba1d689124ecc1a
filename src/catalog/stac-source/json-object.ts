/** A JSON object (not an array, not null): what STAC documents and most of their fields are. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);
