/** A value that survives JSON (and Durable Object RPC) unchanged. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
