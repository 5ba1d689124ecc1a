// npm run bench:callbacks: how long callbacks take over a 1024 x 1024 px plane when the engine
// evaluates them by columns (src/engine/vectorize.ts) and when it calls them per pixel (the
// fallback), for the callbacks users write most: NDVI in reduce_dimension, a max over time,
// a cloud mask with if/or/eq, and a linear stretch in apply.
import { callbackApplier, callbackReducer, reduceLane, applyPixels, type Applier, type Reducer } from "../src/cube/pixels";
import { runProcess } from "../src/engine";
import { PROCESSES } from "../src/processes";
import type { Callback, ProcessImplementation } from "../src/processes/types";

const SIZE = 1024 * 1024;
const SAMPLE = 65_536; // per-pixel runs are timed on a sample and scaled up
const RUNS = Number(process.env.BENCH_RUNS ?? 5);

const node = (process_id: string, args: Record<string, unknown>, result = false) => ({ process_id, arguments: args, ...(result ? { result: true } : {}) });
const data = { from_parameter: "data" };
const element = (index: number) => node("array_element", { data, index });

const capture: ProcessImplementation = {
  spec: {
    id: "capture",
    summary: "",
    description: "",
    categories: [],
    parameters: [{ name: "callback", description: "", schema: { type: "object", subtype: "process-graph", parameters: [{ name: "data", description: "", schema: {}, optional: true, default: null }, { name: "x", description: "", schema: {}, optional: true, default: null }] } }],
    returns: { description: "", schema: {} },
  },
  run: (args) => args.callback,
};

async function compile(graph: Record<string, unknown>): Promise<Callback> {
  const env = { processes: new Map([...PROCESSES, ["capture", capture]]) };
  return (await runProcess({ process_graph: { c: node("capture", { callback: { process_graph: graph } }, true) } }, env, { ctx: { log() {} } })) as Callback;
}

const planes = [0, 1, 2, 3, 4].map((k) => Float32Array.from({ length: SIZE }, (_, i) => ((i * (k + 7)) % 5000) + (i % 97 === 0 ? NaN : 1)));

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)]!;
}

async function time(run: () => Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < RUNS; r++) {
    const start = performance.now();
    await run();
    times.push(performance.now() - start);
  }
  return median(times);
}


const reducers: [string, Record<string, unknown>, number][] = [
  ["NDVI (array_element, subtract, add, divide)", { r: element(0), n: element(1), d: node("subtract", { x: { from_node: "n" }, y: { from_node: "r" } }), s: node("add", { x: { from_node: "n" }, y: { from_node: "r" } }), q: node("divide", { x: { from_node: "d" }, y: { from_node: "s" } }, true) }, 2],
  ["max over 5 dates", { m: node("max", { data }, true) }, 5],
  ["cloud mask (array_element, eq, or, if)", { s: element(2), a: node("eq", { x: { from_node: "s" }, y: 8 }), b: node("eq", { x: { from_node: "s" }, y: 9 }), c: node("or", { x: { from_node: "a" }, y: { from_node: "b" } }), r: element(0), o: node("if", { value: { from_node: "c" }, accept: null, reject: { from_node: "r" } }, true) }, 3],
];

console.log(`| callback over 1024 x 1024 px | by columns (ms) | per pixel (ms, from ${SAMPLE} px) | speed-up |`);
console.log("|---|---|---|---|");
for (const [name, graph, count] of reducers) {
  const reducer = callbackReducer(await compile(graph), null);
  const inputs = planes.slice(0, count);
  const labels = inputs.map((_, i) => `L${i}`);
  const columns = await time(() => reduceLane(inputs, labels, reducer));
  const sample = inputs.map((p) => p.subarray(0, SAMPLE));
  // The same callback without its columns form: the per-pixel path.
  const slowReducer: Reducer = (values, l) => reducer(values, l);
  const slow = (await time(() => reduceLane(sample, labels, slowReducer))) * (SIZE / SAMPLE);
  console.log(`| ${name} | ${columns.toFixed(1)} | ${slow.toFixed(0)} | ${(slow / columns).toFixed(0)}x |`);
}
const stretch = callbackApplier(await compile({ l: node("linear_scale_range", { x: { from_parameter: "x" }, inputMin: 0, inputMax: 5000, outputMin: 0, outputMax: 255 }, true) }), null);
const grid = { crs: "EPSG:32633", bbox: [0, 0, 1024, 1024] as [number, number, number, number], width: 1024, height: 1024 };
const cube = { kind: "raster" as const, grid, axes: { x: "x", y: "y" }, dims: [], planes: [planes[0]!] };
const applied = await time(() => applyPixels(cube, stretch));
const sampleCube = { ...cube, grid: { ...grid, height: SAMPLE / 1024 }, planes: [planes[0]!.subarray(0, SAMPLE)] };
const slowStretch: Applier = (x) => stretch(x);
const appliedSlow = (await time(() => applyPixels(sampleCube, slowStretch))) * (SIZE / SAMPLE);
console.log(`| linear_scale_range in apply (5000 distinct values) | ${applied.toFixed(1)} | ${appliedSlow.toFixed(0)} | ${(appliedSlow / applied).toFixed(0)}x |`);
