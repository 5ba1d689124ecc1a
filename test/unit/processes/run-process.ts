import { PROCESSES } from "../../../src/processes";
import type { Callback, ProcessContext } from "../../../src/processes/types";

export interface LogEntry {
  level: string;
  message: string;
  data?: unknown;
}

/** Runs a registered process the way the engine will: spec defaults filled in for omitted arguments. */
export async function run(id: string, args: Record<string, unknown> = {}, log: LogEntry[] = []): Promise<unknown> {
  const implementation = PROCESSES.get(id);
  if (!implementation) throw new Error(`process ${id} is not registered`);
  const withDefaults = { ...args };
  for (const parameter of implementation.spec.parameters) {
    if (!(parameter.name in withDefaults) && "default" in parameter) withDefaults[parameter.name] = parameter.default;
  }
  const ctx: ProcessContext = { log: (level, message, data) => log.push({ level, message, data }) };
  return implementation.run(withDefaults, ctx);
}

/** Wraps a function as the callback the engine would compile from a child process graph. */
export function callbackOf(fn: (parameters: Record<string, unknown>) => unknown | Promise<unknown>): Callback {
  return async (parameters) => fn(parameters);
}

export { errorCode } from "../../support/run-process";
