/**
 * UDFs in Dynamic Worker Loader isolates: one isolate per code (keyed by its hash, so repeated
 * calls reuse a warm one), started from the harness, the step counter and the instrumented UDF,
 * with no network (globalOutbound null), no bindings and a CPU limit where the platform enforces
 * one. Every call carries a step budget sized by its pixels (instrument.ts).
 */
import { EVALSCRIPT_EXPORTS, EVALSCRIPT_HARNESS_MODULE } from "./evalscript-harness-source";
import { BUDGET_MODULE, FAILURE_MODULE, HARNESS_MODULE } from "./harness-source";
import { instrumentUdf, UdfSyntaxError } from "./instrument";
import { udfFailed, type EvalscriptHook, type PixelBlock, type UdfCube, type UdfSandbox } from "./sandbox";

const COMPATIBILITY_DATE = "2026-11-01";
/** CPU time one call may take in production (a local workerd doesn't enforce it; the step budget does). */
const CPU_MS = 30_000;
/** Steps (loop iterations and function calls) a call may take: a base, and a share per value. */
const BASE_STEPS = 10_000_000;
const STEPS_PER_VALUE = 1_000;
/** Scripts whose instrumented text an isolate keeps (each at most MAX_UDF_CHARS and then some). */
const PREPARED_CODES = 16;

interface HarnessAnswer {
  error?: { name: string; message: string; line?: number };
  values?: Float64Array;
  value?: unknown;
  outputs?: Float32Array[][];
  lanes?: Float64Array[];
  cube?: UdfCube;
}

interface Harness {
  pixels(request: unknown): Promise<HarnessAnswer>;
  lanes(request: unknown): Promise<HarnessAnswer>;
  value(request: unknown): Promise<HarnessAnswer>;
  datacube(request: unknown): Promise<HarnessAnswer>;
}

interface EvalscriptHarness {
  setup(request: unknown): Promise<HarnessAnswer>;
  scenes(request: unknown): Promise<HarnessAnswer>;
  evaluate(request: unknown): Promise<HarnessAnswer>;
  metadata(request: unknown): Promise<HarnessAnswer>;
}

/** The two kinds of user code: openEO UDF modules, and Sentinel Hub evalscripts (functions at top level). */
const KINDS = {
  udf: { main: HARNESS_MODULE, exports: "" },
  evalscript: { main: EVALSCRIPT_HARNESS_MODULE, exports: EVALSCRIPT_EXPORTS },
};

async function sha256(text: string): Promise<string> {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(text)));
  return Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
}

/** How the platform reports an isolate it stopped (its CPU or memory limit, a crash). */
const STOPPED_ISOLATE = /exceeded (its )?(cpu|memory)|(cpu|memory) limit|script will never generate a response|worker (was )?terminated|isolate|network connection lost/i;

/**
 * A harness call's answer, or the user's error it reported. The harness reports every error of the
 * user's code itself, so a call that fails outright because the platform stopped the isolate (in
 * production, its CPU or memory limit) is the user's too, said so; any other failure is ours.
 */
async function answered(call: Promise<HarnessAnswer>): Promise<HarnessAnswer> {
  let answer: HarnessAnswer;
  try {
    answer = await call;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!STOPPED_ISOLATE.test(message)) throw error;
    throw udfFailed(`its isolate stopped (${message}); it may have used more memory or CPU time than a sandbox has`);
  }
  if (answer.error) throw udfFailed(`${answer.error.name}: ${answer.error.message}`, answer.error.line);
  return answer;
}

/** Keeps the last PREPARED_CODES entries (the oldest goes first). */
function remember<V>(map: Map<string, V>, key: string, value: V): V {
  if (map.size >= PREPARED_CODES) map.delete(map.keys().next().value!);
  map.set(key, value);
  return value;
}

/**
 * Per isolate, by kind and code: the loader's id (the code's hash) and the instrumented module. A run
 * asks once per block of pixels and every map tile of a service asks again; the hash and the parse
 * happen once.
 */
const prepared = new Map<string, Promise<{ id: string; module: string }>>();

function preparedCode(code: string, kind: keyof typeof KINDS): Promise<{ id: string; module: string }> {
  const key = `${kind}\n${code}`;
  const known = prepared.get(key);
  if (known) return known;
  const preparing = (async () => {
    try {
      return { id: `${kind}-${await sha256(code)}`, module: instrumentUdf(code) + KINDS[kind].exports };
    } catch (error) {
      if (error instanceof UdfSyntaxError) throw udfFailed(error.message, error.line);
      throw error;
    }
  })();
  // A script that doesn't parse is not kept: its error is cheap to find again.
  preparing.catch(() => prepared.get(key) === preparing && prepared.delete(key));
  return remember(prepared, key, preparing);
}

/** An evalscript's setup() answer per isolate, by its loader id: Sentinel Hub calls setup() once, so it can't change. */
const setups = new Map<string, Promise<{ setup: unknown; hooks: EvalscriptHook[] }>>();

export function workerLoaderSandbox(loader: WorkerLoader): UdfSandbox {
  async function start(code: string, kind: keyof typeof KINDS): Promise<unknown> {
    const { id, module } = await preparedCode(code, kind);
    const worker = loader.get(id, () => ({
      compatibilityDate: COMPATIBILITY_DATE,
      mainModule: "harness.js",
      modules: { "harness.js": KINDS[kind].main, "budget.js": BUDGET_MODULE, "failure.js": FAILURE_MODULE, "udf.js": module },
      env: {},
      globalOutbound: null,
      limits: { cpuMs: CPU_MS },
    }));
    return worker.getEntrypoint();
  }
  const harness = (code: string) => start(code, "udf") as Promise<Harness>;
  const evalscript = (code: string) => start(code, "evalscript") as Promise<EvalscriptHarness>;
  const steps = (values: number) => BASE_STEPS + STEPS_PER_VALUE * values;
  const columnsOf = (block: PixelBlock) => block.columns.map((column) => (column instanceof Float64Array ? column : Float64Array.from(column)));

  return {
    async pixels(code, block) {
      const request = { columns: columnsOf(block), labels: block.labels, scalar: block.scalar, length: block.length, context: block.context, steps: steps(block.length) };
      return (await answered((await harness(code)).pixels(request))).values!;
    },
    async lanes(code, block) {
      const request = { columns: columnsOf(block), labels: block.labels, length: block.length, context: block.context, steps: steps(block.length) };
      return (await answered((await harness(code)).lanes(request))).lanes!;
    },
    async value(code, call) {
      return (await answered((await harness(code)).value({ ...call, steps: steps(1) }))).value;
    },
    async evalscriptSetup(code) {
      const { id } = await preparedCode(code, "evalscript");
      const known = setups.get(id);
      if (known) return known;
      const asking = (async () => (await answered((await evalscript(code)).setup({ steps: BASE_STEPS }))).value as { setup: unknown; hooks: EvalscriptHook[] })();
      asking.catch(() => setups.get(id) === asking && setups.delete(id));
      return remember(setups, id, asking);
    },
    async evalscriptScenes(code, request) {
      return (await answered((await evalscript(code)).scenes({ ...request, steps: steps(request.scenes.length) }))).value as { kept: unknown; outputs: unknown };
    },
    async evalscriptMetadata(code, request) {
      return (await answered((await evalscript(code)).metadata({ ...request, steps: steps(request.scenes.length) }))).value;
    },
    async evaluate(code, request) {
      return (await answered((await evalscript(code)).evaluate({ ...request, steps: steps(request.length) }))).outputs!;
    },
    async datacube(code, cube, context) {
      return (await answered((await harness(code)).datacube({ cube, context, steps: steps(cube.data.length) }))).cube!;
    },
  };
}
