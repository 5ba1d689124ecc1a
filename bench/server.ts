import { spawn, type ChildProcess } from "node:child_process";
import { createInterface } from "node:readline";
import { join } from "node:path";
import { BENCH_DIR } from "./datasets";
import type { LogEntry } from "./range-server";

export interface RangeServer {
  base: string;
  url(latencyMs: number, key: string): string;
  reset(): Promise<void>;
  log(): Promise<LogEntry[]>;
  close(): void;
}

/** Starts bench/range-server.ts in a child process serving `mounts` and waits for its port. */
export async function startRangeServer(mounts: Record<string, string>): Promise<RangeServer> {
  const args = ["--import", "tsx", join(BENCH_DIR, "range-server.ts"), ...Object.entries(mounts).map(([k, v]) => `${k}=${v}`)];
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ["ignore", "pipe", "inherit"] });
  const port = await new Promise<number>((resolve, reject) => {
    child.once("exit", (code) => reject(new Error(`range server exited with ${code}`)));
    createInterface({ input: child.stdout! }).once("line", (line) => resolve(Number(/^port (\d+)$/.exec(line)?.[1])));
  });
  const base = `http://127.0.0.1:${port}`;
  return {
    base,
    url: (latencyMs, key) => `${base}/${latencyMs}ms/${key}`,
    reset: async () => void (await (await fetch(`${base}/__reset`)).text()),
    log: async () => (await (await fetch(`${base}/__log`)).json()) as LogEntry[],
    close: () => void child.kill(),
  };
}

/**
 * Sequential round trips as the server saw them: busy periods, where a request that arrives after
 * every earlier response has been sent starts a new one. At 0 ms latency, parallel requests can be
 * served before the next arrives, so this can exceed the client's count there.
 */
export function serverRounds(log: LogEntry[]): number {
  let rounds = 0;
  let busyUntil = -Infinity;
  for (const entry of [...log].sort((a, b) => a.start - b.start)) {
    if (entry.start > busyUntil) rounds++;
    busyUntil = Math.max(busyUntil, entry.end);
  }
  return rounds;
}
