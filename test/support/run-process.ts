/** Running one process directly, as the engine would after validation (defaults filled in), for unit tests of cube processes. */
import type { DataAccess } from "../../src/cube";
import { PROCESSES } from "../../src/processes";
import type { ProcessContext } from "../../src/processes/types";

/** For inputs that never need reading: a lazy cube that gets read fails loudly. */
export const noData: DataAccess = {
  collection: () => Promise.reject(new Error("read")),
  items: () => Promise.reject(new Error("read")),
  openAsset: () => Promise.reject(new Error("read")),
};

export async function runCubeProcess(id: string, args: Record<string, unknown>, data: DataAccess = noData): Promise<unknown> {
  const implementation = PROCESSES.get(id)!;
  const withDefaults = { ...args };
  for (const p of implementation.spec.parameters) if (!(p.name in withDefaults) && "default" in p) withDefaults[p.name] = p.default;
  return implementation.run(withDefaults, { log: () => {}, data } as ProcessContext);
}

/** The openEO error code a call fails with, or undefined when it succeeds. */
export async function errorCode(promise: Promise<unknown>): Promise<string | undefined> {
  try {
    await promise;
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}
