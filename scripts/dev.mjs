// npm run dev: the back-end on workerd through `wrangler dev`, with local R2, Durable Objects
// and Queues persisted under .wrangler/state, seeded with real data on first start. Extra
// arguments go to wrangler; `--port N` (or `--port=N`) is taken here so the banner names the
// port wrangler listens on, and wrangler gets it once.
import { spawn } from "node:child_process";
import { seedOnce } from "./seed.mjs";

const { port, passThrough } = splitPort(process.argv.slice(2), process.env.PORT ?? "8787");
const url = `http://localhost:${port}`;
const seeded = seedOnce();

console.log(`
openEO back-end (local): ${url}
  connect a client to ${url} (discovery at /.well-known/openeo, API at ${url}/v1/)
  demo login (HTTP Basic, from .dev.vars): user "demo", password "openeo-demo"
  local R2, Durable Objects and Queues are stored under .wrangler/state
  data: ${seeded}
`);

const wrangler = spawn("wrangler", ["dev", "--port", port, ...passThrough], {
  stdio: "inherit",
  env: { ...process.env, WRANGLER_SEND_METRICS: "false" },
});
wrangler.on("exit", (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
for (const signal of ["SIGINT", "SIGTERM"]) process.on(signal, () => wrangler.kill(signal));

function splitPort(args, fallback) {
  let chosen = fallback;
  const rest = [];
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    if (arg === "--port" || arg === "-p") {
      if (args[i + 1] === undefined) throw new Error(`${arg} expects a port number`);
      chosen = args[++i];
    } else if (arg.startsWith("--port=")) {
      chosen = arg.slice("--port=".length);
    } else {
      rest.push(arg);
    }
  }
  if (!/^\d{1,5}$/.test(chosen)) throw new Error(`not a port number: ${chosen}`);
  return { port: chosen, passThrough: rest };
}
