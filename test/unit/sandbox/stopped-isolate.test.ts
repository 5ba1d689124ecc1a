/**
 * A sandbox call whose isolate the platform stops (its memory or CPU limit: the RPC itself
 * rejects) is the user's error, 400 UdfFailed, not the server's.
 */
import { describe, expect, it } from "vitest";
import { workerLoaderSandbox } from "../../../src/sandbox/worker-loader-sandbox";

/** A loader whose isolates fail every call as a stopped isolate does. */
function stoppingLoader(message: string): WorkerLoader {
  // Not a thenable: the sandbox awaits the entrypoint itself.
  const entrypoint = new Proxy({}, { get: (_, name) => (name === "then" ? undefined : () => Promise.reject(new Error(message))) });
  return { get: () => ({ getEntrypoint: () => entrypoint }) } as unknown as WorkerLoader;
}

describe("a stopped UDF isolate", () => {
  it("fails the call with UdfFailed naming the cause", async () => {
    const sandbox = workerLoaderSandbox(stoppingLoader("Worker exceeded memory limit."));
    const block = { columns: [Float64Array.from([1])], labels: [], length: 1, context: null, scalar: true };
    await expect(sandbox.pixels("export const udf = (x) =>\n  x;\n", block)).rejects.toMatchObject({ code: "UdfFailed", status: 400, message: expect.stringContaining("its isolate stopped (Worker exceeded memory limit.)") });
    await expect(sandbox.evalscriptSetup("//VERSION=3\nfunction setup() {}\n")).rejects.toMatchObject({ code: "UdfFailed", status: 400 });
  });

  it("leaves other failures of a call as they are (ours, not the user's)", async () => {
    const sandbox = workerLoaderSandbox(stoppingLoader("DataCloneError: could not be cloned"));
    const block = { columns: [Float64Array.from([1])], labels: [], length: 1, context: null, scalar: true };
    const failure = await sandbox.pixels("export const udf = (x) =>\n  x;\n", block).catch((error: unknown) => error);
    expect(failure).toBeInstanceOf(Error);
    expect(failure).not.toHaveProperty("code", "UdfFailed");
  });
});
