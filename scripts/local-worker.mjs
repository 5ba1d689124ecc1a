// Starts the Worker with `wrangler dev` on a free port for end-to-end tests and the
// conformance run, with local R2, Durable Objects and Queues in a throw-away directory.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ingestAll, seedOnce } from "./seed.mjs";

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

/**
 * wrangler dev's `--var KEY:VALUE` arguments, which override wrangler.toml's [vars] and .dev.vars.
 * Wrangler splits at the first ':', so a key can't hold one (a value can).
 */
function varArguments(vars) {
  return Object.entries(vars).flatMap(([key, value]) => {
    if (key === "" || key.includes(":")) throw new Error(`startLocalWorker: '${key}' can't be passed as --var KEY:VALUE`);
    return ["--var", `${key}:${value}`];
  });
}

/**
 * `seed` ingests what `npm run dev` seeds; `ingest` lists more {folder, collection, args} of
 * ../shared/data to ingest first; `vars` sets environment variables of the Worker (such as
 * SYNC_MAX_CUBE_BYTES); `inspectorPort` opens the Worker's DevTools protocol there (bench/tile-cpu.ts
 * profiles it). Answers the ingest reports too.
 */
export async function startLocalWorker({ timeoutMs = 60_000, seed = false, ingest = [], vars = {}, inspectorPort = 0 } = {}) {
  const varArgs = varArguments(vars);
  const port = await freePort();
  const persistTo = mkdtempSync(join(tmpdir(), "openeo-edge-"));
  if (seed) seedOnce({ persistTo });
  const reports = ingestAll(ingest, persistTo);
  const wrangler = spawn(
    "wrangler",
    ["dev", "--ip", "127.0.0.1", "--port", String(port), "--persist-to", persistTo, "--show-interactive-dev-session=false", "--inspector-port", String(inspectorPort), ...varArgs],
    { env: { ...process.env, WRANGLER_SEND_METRICS: "false", NO_COLOR: "1" }, stdio: ["ignore", "pipe", "pipe"], detached: true },
  );
  let log = "";
  const url = `http://127.0.0.1:${port}`;
  const ready = new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`wrangler dev did not start in ${timeoutMs} ms:\n${log}`)), timeoutMs);
    const onData = (chunk) => {
      log += chunk;
      if (/Ready on/.test(log)) {
        clearTimeout(timer);
        resolve();
      }
    };
    wrangler.stdout.on("data", onData);
    wrangler.stderr.on("data", onData);
    wrangler.once("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`wrangler dev exited with ${code}:\n${log}`));
    });
  });
  const stop = async () => {
    if (wrangler.exitCode === null) {
      const exited = new Promise((resolve) => wrangler.once("exit", resolve));
      process.kill(-wrangler.pid, "SIGTERM");
      await Promise.race([exited, new Promise((resolve) => setTimeout(resolve, 5000))]);
      if (wrangler.exitCode === null) process.kill(-wrangler.pid, "SIGKILL");
    }
    rmSync(persistTo, { recursive: true, force: true });
  };
  try {
    await ready;
  } catch (error) {
    await stop();
    throw error;
  }
  return { url, pid: wrangler.pid, output: () => log, stop, reports };
}
