// Memory of the Worker's runtime: the workerd processes below this one (wrangler dev starts
// workerd as its child). Peak = the larger of the kernel's high-water mark VmHWM and the largest
// VmRSS sampled, over every workerd this run started (a crashed one is replaced by a new one).
import { readdirSync, readFileSync } from "node:fs";

function parentsByPid(): Map<number, { ppid: number; comm: string }> {
  const out = new Map<number, { ppid: number; comm: string }>();
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const close = stat.lastIndexOf(")");
      const comm = stat.slice(stat.indexOf("(") + 1, close);
      const ppid = Number(stat.slice(close + 2).split(" ")[1]);
      out.set(Number(entry), { ppid, comm });
    } catch {
      // The process ended while we looked.
    }
  }
  return out;
}

/** workerd processes descending from this process. */
export function workerdPids(): number[] {
  const all = parentsByPid();
  const descends = (pid: number): boolean => {
    for (let p = all.get(pid)?.ppid, hops = 0; p !== undefined && hops < 20; p = all.get(p)?.ppid, hops++) if (p === process.pid) return true;
    return false;
  };
  return [...all].filter(([pid, info]) => info.comm === "workerd" && descends(pid)).map(([pid]) => pid);
}

function statusKiB(pid: number, field: "VmRSS" | "VmHWM"): number {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(readFileSync(`/proc/${pid}/status`, "utf8"));
    return match ? Number(match[1]) : 0;
  } catch {
    return 0;
  }
}

export class MemorySampler {
  peakRssKiB = 0;
  peakHwmKiB = 0;
  private pids: number[] = [];
  private timer: NodeJS.Timeout | undefined;

  start(intervalMs = 250): void {
    this.timer = setInterval(() => this.sample(), intervalMs);
  }

  /** Finds the current workerd processes again (after a restart) and samples them. */
  sample(refresh = false): void {
    if (refresh || this.pids.length === 0) this.pids = workerdPids();
    for (const pid of this.pids) {
      this.peakRssKiB = Math.max(this.peakRssKiB, statusKiB(pid, "VmRSS"));
      this.peakHwmKiB = Math.max(this.peakHwmKiB, statusKiB(pid, "VmHWM"));
    }
  }

  stop(): void {
    clearInterval(this.timer);
    this.sample();
  }

  get peakMiB(): number {
    return Math.max(this.peakRssKiB, this.peakHwmKiB) / 1024;
  }
}
