// npm run bench:budgets: the issue-12 bombs sent to a local Worker (wrangler dev, default budgets)
// one at a time. For each: the answer (status, code) and how long it took, the health check
// (GET /v1/ every 100 ms meanwhile: how many answered and the slowest), and workerd's peak RSS
// growth. Numbers, not pass/fail; the tests check the answers themselves.
import { startLocalWorker } from "../scripts/local-worker.mjs";
import { rssSampler, workerdPid } from "./workerd-memory";

const node = (process_id: string, args: Record<string, unknown>, result = false) => ({ process_id, arguments: args, ...(result ? { result } : {}) });

function nestedCallbacks(depth: number): Record<string, unknown> {
  let inner: Record<string, unknown> = { r: node("absolute", { x: { from_parameter: "x" } }, true) };
  for (let i = 0; i < depth; i++) inner = { r: node("array_apply", { data: [-1, -2], process: { process_graph: inner } }, true) };
  return inner;
}

const numbers = Array.from({ length: 10_000 }, (_, i) => i);
const TWICE = {
  parameters: [{ name: "n", description: "levels left", schema: { type: "number" } }],
  process_graph: {
    more: node("gt", { x: { from_parameter: "n" }, y: 0 }),
    next: node("subtract", { x: { from_parameter: "n" }, y: 1 }),
    left: node("twice", { n: { from_node: "next" } }),
    right: node("twice", { n: { from_node: "next" } }),
    both: node("add", { x: { from_node: "left" }, y: { from_node: "right" } }),
    r: node("if", { value: { from_node: "more" }, accept: { from_node: "both" }, reject: 1 }, true),
  },
};

const CASES: { name: string; graph: Record<string, unknown> }[] = [
  { name: "quantiles q = 1e8", graph: { q: node("quantiles", { data: [1, 2, 3], q: 100_000_000 }, true) } },
  { name: "array_create repeat 5e7", graph: { a: node("array_create", { data: [1], repeat: 50_000_000 }, true) } },
  { name: "array_create repeat 3e9", graph: { a: node("array_create", { data: [1], repeat: 3_000_000_000 }, true) } },
  {
    name: "text_concat of 300 x 1 MB",
    graph: { texts: node("array_create", { data: ["x".repeat(1_000_000)], repeat: 300 }), t: node("text_concat", { data: { from_node: "texts" } }, true) },
  },
  { name: "array_apply nested 45 deep", graph: nestedCallbacks(45) },
  {
    name: "array_apply 10,000 x sum(10,000)",
    graph: { a: node("array_apply", { data: numbers, context: numbers, process: { process_graph: { s: node("sum", { data: { from_parameter: "context" } }, true) } } }, true) },
  },
  { name: "stored process calling itself twice, 32 levels", graph: { t: node("twice", { n: 32 }, true) } },
];

const worker = await startLocalWorker();
try {
  const api = `${worker.url}/v1`;
  const pid = workerdPid(worker.pid);
  const login = await fetch(`${api}/credentials/basic`, { headers: { Authorization: `Basic ${Buffer.from("demo:openeo-demo").toString("base64")}` } });
  const auth = { Authorization: `Bearer basic//${((await login.json()) as { access_token: string }).access_token}`, "Content-Type": "application/json" };
  const stored = await fetch(`${api}/process_graphs/twice`, { method: "PUT", headers: auth, body: JSON.stringify(TWICE) });
  if (stored.status !== 200) throw new Error(`storing 'twice' failed: ${stored.status} ${await stored.text()}`);

  console.log("| request | answer | seconds | health checks answered meanwhile | slowest health check ms | workerd peak RSS growth MB |");
  console.log("|---|---|---|---|---|---|");
  for (const { name, graph } of CASES) {
    const memory = rssSampler(pid);
    let done = false;
    const checks: number[] = [];
    const health = (async () => {
      while (!done) {
        const started = Date.now();
        await (await fetch(`${api}/`)).arrayBuffer();
        checks.push(Date.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    })();
    const started = Date.now();
    const res = await fetch(`${api}/result`, { method: "POST", headers: auth, body: JSON.stringify({ process: { process_graph: graph } }) });
    const body = (await res.json().catch(() => ({}))) as { code?: string };
    const seconds = (Date.now() - started) / 1000;
    done = true;
    await health;
    const rss = memory.stop();
    console.log(`| ${name} | ${res.status} ${body.code ?? ""} | ${seconds.toFixed(1)} | ${checks.length} | ${Math.max(0, ...checks)} | ${(rss / 1e6).toFixed(1)} |`);
  }
} finally {
  await worker.stop();
}
