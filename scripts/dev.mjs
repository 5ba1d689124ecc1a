// npm run dev: the back-end on workerd through `wrangler dev`, with local R2, Durable Objects
// and Queues persisted under .wrangler/state, seeded with real data on first start. Extra
// arguments go to wrangler.
import { spawn } from "node:child_process";
import { seedOnce } from "./seed.mjs";

const port = process.env.PORT ?? "8787";
const url = `http://localhost:${port}`;
const seeded = seedOnce();

console.log(`
openEO back-end (local): ${url}
  connect a client to ${url} (discovery at /.well-known/openeo, API at ${url}/v1/)
  demo login (HTTP Basic, from .dev.vars): user "demo", password "openeo-demo"
  local R2, Durable Objects and Queues are stored under .wrangler/state
  data: ${seeded}
`);

const wrangler = spawn("wrangler", ["dev", "--port", port, ...process.argv.slice(2)], {
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
wrangler.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => wrangler.kill(signal));
