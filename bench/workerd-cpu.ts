// The CPU time of the workerd processes a local Worker runs in (user + system, from /proc, Linux):
// what a pass of requests costs the Worker whatever else the machine is doing meanwhile.
// wrangler dev starts two: the Worker's and the one that proxies to it; both are counted.
import { readdirSync, readFileSync } from "node:fs";

/** Clock ticks per second of /proc's times: 100 on Linux for every usual architecture. */
const TICKS_PER_SECOND = 100;

/** CPU milliseconds of every workerd process in wrangler dev's process group `group`. */
export function workerdCpuMs(group: number): number {
  let ms = 0;
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [, name, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat)!;
      // Fields after the command name: state, ppid, pgrp, ..., utime (the 12th), stime (the 13th).
      const fields = rest!.split(" ");
      if (name === "workerd" && Number(fields[2]) === group) ms += ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
    } catch {
      // The process ended while we looked.
    }
  }
  return ms;
}
