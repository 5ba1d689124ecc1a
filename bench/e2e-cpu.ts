// The CPU time of the Worker's own workerd process (user + system, from /proc, Linux): what a
// burst of requests cost the Worker, whatever else the machine did meanwhile. wrangler dev runs
// two workerd processes; the Worker's is the one with an inspector (the other proxies to it).
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's times: 100 on Linux for every usual architecture. */
const TICKS_PER_SECOND = 100;

/** The process id of the Worker's workerd in wrangler dev's process group `group`. */
export function workerProcess(group: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const [, name, rest] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${entry}/stat`, "utf8"))!;
      if (name !== "workerd" || Number(rest!.split(" ")[2]) !== group) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, "utf8").split("\0").some((arg) => arg.startsWith("--inspector-addr"))) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no workerd with an inspector in process group ${group}`);
}

/** CPU milliseconds the process has used so far, in steps of 10 ms. */
export function cpuMs(pid: number): number {
  const [, , rest] = /^\d+ \((.*)\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))!;
  // Fields after the command name: state, ppid, pgrp, ..., utime (the 12th), stime (the 13th).
  const fields = rest!.split(" ");
  return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
}
