// The resident memory of the workerd process a local Worker runs in: found in wrangler's process
// group, read from /proc (Linux), sampled while requests run.
import { readdirSync, readFileSync } from "node:fs";

/** The workerd process of wrangler dev's process group `group`. */
export function workerdPid(group: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      // Fields after the command name (which may hold spaces) in parentheses: state, ppid, pgrp.
      const [, name, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat)!;
      if (name === "workerd" && Number(rest!.split(" ")[2]) === group) return Number(entry);
    } catch {
      // The process ended while we looked.
    }
  }
  throw new Error(`no workerd process in process group ${group}`);
}

export function rssBytes(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))?.[1];
  return Number(kb) * 1024;
}

/** The peak RSS above the value at the start, sampled every 20 ms until stop(). */
export function rssSampler(pid: number): { stop(): number } {
  const base = rssBytes(pid);
  let peak = base;
  const timer = setInterval(() => (peak = Math.max(peak, rssBytes(pid))), 20);
  return {
    stop() {
      clearInterval(timer);
      return Math.max(peak, rssBytes(pid)) - base;
    },
  };
}
