/** Small hand-made processes for engine tests, so the engine is tested independently of the real library. */
import type { Callback, ParameterSpec, ProcessImplementation, ProcessSpec } from "../../../src/processes/types";
import type { EngineEnv, UserProcess } from "../../../src/engine";

const NUMBER = { type: ["number", "null"] };
const CUBE = { type: "object", subtype: "datacube" };
const ANY = { description: "Any data type." };

function param(name: string, schema: ParameterSpec["schema"], extra: Partial<ParameterSpec> = {}): ParameterSpec {
  return { name, description: name, schema, ...extra };
}

function define(id: string, parameters: ParameterSpec[], returns: ProcessSpec["returns"]["schema"], run: ProcessImplementation["run"]): ProcessImplementation {
  return { spec: { id, summary: id, description: id, categories: ["test"], parameters, returns: { description: "result", schema: returns } }, run };
}

/** Counts calls per process id, so tests can tell what ran. */
export function createRegistry() {
  const calls = new Map<string, number>();
  const count = (id: string) => calls.set(id, (calls.get(id) ?? 0) + 1);
  // `context` has a default, as in the official definitions, so callbacks may rely on it without being handed one.
  const callbackSchema = (names: string[]) => ({
    type: "object",
    subtype: "process-graph",
    parameters: names.map((n) => param(n, ANY, n === "context" ? { optional: true, default: "fallback" } : {})),
  });
  const list: ProcessImplementation[] = [
    define("add", [param("x", NUMBER), param("y", NUMBER)], NUMBER, ({ x, y }) => (count("add"), (x as number) + (y as number))),
    define("multiply", [param("x", NUMBER), param("y", NUMBER)], NUMBER, ({ x, y }) => (count("multiply"), (x as number) * (y as number))),
    define("constant", [param("x", ANY)], ANY, ({ x }) => (count("constant"), x)),
    define(
      "array_apply",
      [param("data", { type: "array" }), param("process", callbackSchema(["x", "index", "context"])), param("context", ANY, { optional: true, default: null })],
      { type: "array" },
      async ({ data, process, context }) => {
        count("array_apply");
        const apply = process as Callback;
        // Hands over context only when given, to exercise defaults declared by the callback schema.
        return Promise.all((data as unknown[]).map((x, index) => apply(context === null ? { x, index } : { x, index, context })));
      },
    ),
    define("if", [param("value", { type: ["boolean", "null"] }), param("accept", ANY), param("reject", ANY, { optional: true, default: null })], ANY, ({ value, accept, reject }) =>
      value === true ? accept : reject,
    ),
    define("load_cube", [param("id", { type: "string", subtype: "collection-id", pattern: "^[\\w\\-\\.~/]+$" })], CUBE, ({ id }) => ({ cube: id })),
    define("reduce_cube", [param("data", CUBE), param("reducer", callbackSchema(["data", "context"]))], CUBE, ({ data }) => data),
    define(
      "filter",
      [
        param("extent", { type: "object", subtype: "bounding-box", required: ["west", "south", "east", "north"], properties: { west: { type: "number" }, south: { type: "number" }, east: { type: "number" }, north: { type: "number" } } }),
        param("temporal", { type: "array", subtype: "temporal-interval", minItems: 2, maxItems: 2, items: { anyOf: [{ type: "string", subtype: "date-time", format: "date-time" }, { type: "string", subtype: "date", format: "date" }, { type: "null" }] } }),
        param("method", { type: "string", enum: ["near", "bilinear"] }, { optional: true, default: "near" }),
        param("count", { type: "integer", minimum: 1 }, { optional: true, default: 1 }),
      ],
      ANY,
      (args) => args,
    ),
  ];
  const processes = new Map(list.map((p) => [p.spec.id, p]));
  return { processes, calls, callsOf: (id: string) => calls.get(id) ?? 0 };
}

export function envWith(userProcesses: UserProcess[] = []): EngineEnv & ReturnType<typeof createRegistry> {
  const registry = createRegistry();
  const byId = new Map(userProcesses.map((p) => [p.id, p]));
  return { ...registry, userProcesses: async (id) => byId.get(id) };
}

export const silentCtx = { log: () => {} };
