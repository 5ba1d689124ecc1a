// npm run fuzz -- --seed 1 --graphs 10000 --bodies 2000: a seeded fuzzer against a local Worker
// (wrangler dev with the seeded collections). Random process graphs from the registered processes'
// own schemas, and random requests to every endpoint; counts per endpoint and status, every 5xx,
// hang and crash with a reproduction, peak memory of workerd, wall time. Not part of CI.
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readCatalog, type Catalog } from "./catalog";
import { send, type Outcome } from "./client";
import { ancestors, type GraphOptions } from "./graphs";
import { MemorySampler } from "./memory";
import { Rng } from "./prng";
import { printReport, type Failure, type Tally } from "./report";
import { endpointRequest, graphRequest, withGraph, type FuzzRequest } from "./requests";
import { healthy, LOCAL_COLLECTIONS, loggedStack, startSession, type Session } from "./session";

const { values: args } = parseArgs({
  options: {
    seed: { type: "string", default: "1" },
    graphs: { type: "string", default: "1000" },
    bodies: { type: "string", default: "200" },
    concurrency: { type: "string", default: "3" },
    timeout: { type: "string", default: "60" },
    "ill-typed": { type: "string", default: "0.1" },
    "max-nodes": { type: "string", default: "8" },
    out: { type: "string", default: "fuzz/out" },
  },
});
const seed = Number(args.seed);
const timeoutMs = Number(args.timeout) * 1000;
const options: GraphOptions = {
  illTyped: Number(args["ill-typed"]),
  maxNodes: Number(args["max-nodes"]),
  maxDepth: 3,
  userProcesses: ["fuzz_fixture", ...Array.from({ length: 20 }, (_, i) => `fuzz_${i}`)],
};

/** Graphs and endpoint requests interleaved evenly, in an order fixed by the counts alone. */
function schedule(graphs: number, bodies: number): { kind: "graph" | "endpoint"; index: number }[] {
  const tasks = [
    ...Array.from({ length: graphs }, (_, index) => ({ kind: "graph" as const, index, at: (index + 0.5) / graphs })),
    ...Array.from({ length: bodies }, (_, index) => ({ kind: "endpoint" as const, index, at: (index + 0.5) / bodies })),
  ];
  return tasks.sort((a, b) => a.at - b.at).map(({ kind, index }) => ({ kind, index }));
}

const tally: Tally = { perEndpoint: new Map(), statuses: new Map(), codes: new Map(), failures: [], restarts: 0, collateral: 0, shrinkRequests: 0, sent: 0 };
const memory = new MemorySampler();
let session: Session = await startSession();
const catalog: Catalog = await readCatalog(session.worker.url, LOCAL_COLLECTIONS);
memory.start();
const started = performance.now();

function count(request: FuzzRequest, outcome: Outcome): void {
  const key = outcome.status !== undefined ? String(outcome.status) : outcome.failure!;
  tally.sent++;
  tally.statuses.set(key, (tally.statuses.get(key) ?? 0) + 1);
  if (outcome.code) tally.codes.set(`${key} ${outcome.code}`, (tally.codes.get(`${key} ${outcome.code}`) ?? 0) + 1);
  const row = tally.perEndpoint.get(request.endpoint) ?? new Map<string, number>();
  row.set(key, (row.get(key) ?? 0) + 1);
  tally.perEndpoint.set(request.endpoint, row);
}

async function restart(): Promise<void> {
  await session.worker.stop();
  session = await startSession();
  memory.sample(true);
  tally.restarts++;
}

/** Status, code and message with ids and numbers blanked; for internal errors, the logged error's own message. */
function signatureOf(o: Outcome, stack: string | undefined): string {
  // The thrown error and where: one cause, whatever the message around it.
  const text = stack ? stack.split("\n").slice(0, 2).join(" ") : (o.message ?? o.detail ?? "");
  return `${o.status ?? o.failure} ${stack ? "" : (o.code ?? "")} ${text.replace(/[0-9a-f]{8}-[0-9a-f-]{27}/g, "<id>").replace(/\d+(\.\d+)?/g, "N")}`.slice(0, 200);
}
const sameFailure = (a: Outcome, b: Outcome) => a.status === b.status && a.failure === b.failure && a.code === b.code;

/** The smallest sub-graph (a node and what it needs) that fails the same way. */
async function shrink(request: FuzzRequest, outcome: Outcome): Promise<FuzzRequest> {
  if (!request.graph || outcome.failure) return request;
  const candidates = Object.keys(request.graph).map((id) => ancestors(request.graph!, id)).sort((a, b) => JSON.stringify(a).length - JSON.stringify(b).length);
  for (const graph of candidates) {
    if (JSON.stringify(graph).length >= JSON.stringify(request.graph).length) break;
    const smaller = withGraph(request, graph);
    tally.shrinkRequests++;
    if (sameFailure(await send(session.worker.url, session.token, smaller, timeoutMs), outcome)) return smaller;
  }
  return request;
}

const seenSignatures = new Set<string>();
async function record(request: FuzzRequest, outcome: Outcome, task: string): Promise<void> {
  count(request, outcome);
  if (outcome.failure || outcome.status! >= 500) {
    const stack = await loggedStack(session, outcome.errorId);
    const signature = signatureOf(outcome, stack);
    const first = !seenSignatures.has(signature);
    seenSignatures.add(signature);
    const reproduction = first ? await shrink(request, outcome) : request;
    const failure: Failure = { task, signature, outcome, stack, request: { method: reproduction.method, path: reproduction.path, headers: reproduction.headers, body: reproduction.body, auth: reproduction.auth } };
    tally.failures.push(failure);
    process.stderr.write(`\n${task}: ${signature}\n`);
  }
}

/** Requests that ended without an answer while others ran: each again alone, on a healthy Worker. */
async function replayAlone(troubled: { request: FuzzRequest; task: string }[]): Promise<void> {
  if (!(await healthy(session))) await restart();
  for (const { request, task } of troubled) {
    const outcome = await send(session.worker.url, session.token, request, timeoutMs);
    if (!outcome.failure) tally.collateral++;
    await record(request, outcome, task);
    if (outcome.failure && !(await healthy(session))) await restart();
  }
}

const tasks = schedule(Number(args.graphs), Number(args.bodies));
const concurrency = Number(args.concurrency);
let next = 0;
let troubled: { request: FuzzRequest; task: string }[] = [];
let inFlight = 0;
let draining: Promise<void> | undefined;
let resumeDrain: (() => void) | undefined;

async function client(): Promise<void> {
  while (next < tasks.length) {
    if (draining) {
      await draining;
      continue;
    }
    const { kind, index } = tasks[next++]!;
    const task = `${kind} ${index}`;
    const rng = new Rng(seed, kind === "graph" ? 1 : 2, index);
    const request = kind === "graph" ? graphRequest(rng, catalog, options, index) : endpointRequest(rng, catalog, options, session.fixtures);
    inFlight++;
    const outcome = await send(session.worker.url, session.token, request, timeoutMs);
    inFlight--;
    if (outcome.failure) {
      troubled.push({ request, task });
      // No new requests until the ones in flight end; then the troubled ones run again alone.
      draining ??= new Promise<void>((resolve) => (resumeDrain = resolve));
    } else await record(request, outcome, task);
    if (draining && inFlight === 0 && troubled.length) {
      const batch = troubled;
      troubled = [];
      await replayAlone(batch);
      const resume = resumeDrain!;
      draining = undefined;
      resume();
    }
    if (next % 100 === 0) process.stderr.write(`\r${next}/${tasks.length} sent, ${tally.failures.length} failures, ${tally.restarts} restarts   `);
  }
}

try {
  await Promise.all(Array.from({ length: concurrency }, client));
} finally {
  memory.stop();
  await session.worker.stop();
}
const wallSeconds = (performance.now() - started) / 1000;
mkdirSync(args.out, { recursive: true });
const file = join(args.out, `fuzz-seed${seed}-g${args.graphs}-b${args.bodies}.json`);
const summary = printReport(tally, { seed, graphs: Number(args.graphs), bodies: Number(args.bodies), concurrency, timeoutMs, wallSeconds, peakMiB: memory.peakMiB, file });
writeFileSync(file, JSON.stringify({ ...summary, failures: tally.failures }, null, 1));
