// Memory inside workerd, as V8 itself counts it: a small Chrome DevTools Protocol client to the
// inspector of `wrangler dev --inspector-port N` that, in a loop while requests run, collects
// garbage (HeapProfiler.collectGarbage) and reads Runtime.getHeapUsage: usedSize (the JS heap) and
// backingStorageSize (the contents of ArrayBuffers, typed arrays' bytes). Only live memory is
// counted, so the peaks are what the Worker holds, not garbage waiting for a collection.
//
// Two things about wrangler's and workerd's inspector shape how it samples:
// - wrangler's inspector proxy refuses WebSockets without an allowed Origin, and serves one client
//   at a time (a second one is closed with 1013): one sampler per wrangler dev.
// - V8 runs a requested collection as a task of the isolate, which workerd only runs while the
//   Worker handles something; an idle Worker answers collectGarbage late, and a busy one answers
//   the inspector only between its events. So each sample waits for the collection at most
//   `gcTimeoutMs` and reads the heap anyway; the peaks count only samples whose collection
//   finished (live memory), `peakUncollected` the others (live memory plus garbage).

/** Runtime.getHeapUsage's answer. */
export interface HeapUsage {
  /** Bytes of live objects in V8's JS heap. */
  usedSize: number;
  totalSize: number;
  /** Bytes of the embedder's (workerd's C++) heap, when V8 reports it. */
  embedderHeapUsedSize?: number;
  /** Bytes of ArrayBuffer backing stores, when V8 reports it. */
  backingStorageSize?: number;
}

export interface InspectorMemoryPeaks {
  /** Largest JS heap (usedSize) seen after a collection, bytes. */
  peakHeap: number;
  /** Largest ArrayBuffer backing storage seen, bytes (0 when V8 doesn't report it). */
  peakArrayBuffers: number;
  /** Largest JS heap + ArrayBuffers of one sample after a collection, bytes: the Worker's peak memory. */
  peakTotal: number;
  /** Largest JS heap + ArrayBuffers of a sample whose collection didn't finish in time (garbage included). */
  peakUncollected: number;
  /** The first sample (before the request, when started before it). */
  start: HeapUsage;
  samples: number;
  /** Samples whose garbage collection finished before the heap was read (all, with `gc: false`). */
  collected: number;
  /** Every sample: ms since the start, JS heap and ArrayBuffers in bytes, whether garbage was collected first. */
  timeline: { ms: number; heap: number; arrayBuffers: number; collected: boolean }[];
}

export interface InspectorMemory {
  /** Stops sampling after one last sample, closes the connection and answers the peaks. */
  stop(): Promise<InspectorMemoryPeaks>;
}

export interface InspectorMemoryOptions {
  host?: string;
  /** Pause between samples, ms. */
  intervalMs?: number;
  /** Collect garbage before each sample (default true). */
  gc?: boolean;
  gcTimeoutMs?: number;
}

interface Reply {
  id?: number;
  result?: unknown;
  error?: { message: string };
}

/** The WebSocket of Node 22 (undici), which takes headers; typed here as the Workers types shadow it. */
interface NodeWebSocket {
  onopen: (() => void) | null;
  onerror: ((event: { message?: string }) => void) | null;
  onclose: (() => void) | null;
  onmessage: ((event: { data: unknown }) => void) | null;
  send(data: string): void;
  close(): void;
}
type NodeWebSocketConstructor = new (url: string, init: { headers: Record<string, string> }) => NodeWebSocket;

/** One CDP session: commands answered by id, events ignored. */
export class DevToolsSession {
  private next = 1;
  private readonly waiting = new Map<number, (reply: Reply) => void>();

  private constructor(private readonly socket: NodeWebSocket) {
    socket.onmessage = (event) => {
      const reply = JSON.parse(String(event.data)) as Reply;
      const resolve = reply.id === undefined ? undefined : this.waiting.get(reply.id);
      if (resolve) {
        this.waiting.delete(reply.id!);
        resolve(reply);
      }
    };
  }

  static async open(url: string): Promise<DevToolsSession> {
    const WebSocketClass = (globalThis as { WebSocket?: unknown }).WebSocket as NodeWebSocketConstructor | undefined;
    if (!WebSocketClass) throw new Error("inspector-memory needs Node 22's global WebSocket (the project's `node` devDependency; run through npm or npx)");
    const socket = new WebSocketClass(url, { headers: { Origin: "http://localhost" } });
    await new Promise<void>((resolve, reject) => {
      socket.onopen = () => resolve();
      socket.onerror = (event) => reject(new Error(`inspector ${url}: ${event.message ?? "connection failed"}`));
    });
    socket.onerror = null;
    return new DevToolsSession(socket);
  }

  /** Sends a command; answers its reply, or undefined after `timeoutMs`. */
  send(method: string, params: Record<string, unknown> = {}, timeoutMs = 30_000): Promise<Reply | undefined> {
    const id = this.next++;
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.waiting.delete(id);
        resolve(undefined);
      }, timeoutMs);
      this.waiting.set(id, (reply) => {
        clearTimeout(timer);
        resolve(reply);
      });
      this.socket.send(JSON.stringify({ id, method, params }));
    });
  }

  close(): void {
    this.socket.close();
  }
}

/** The WebSocket address of the Worker's inspector that wrangler dev serves on `port`. */
export async function debuggerUrl(host: string, port: number): Promise<string> {
  const targets = (await (await fetch(`http://${host}:${port}/json`)).json()) as { webSocketDebuggerUrl?: string }[];
  const url = targets[0]?.webSocketDebuggerUrl;
  if (!url) throw new Error(`no inspector target at http://${host}:${port}/json`);
  return url;
}

/**
 * Connects to wrangler dev's inspector on `port` and samples the Worker's memory until stop().
 * Start it before the request to measure and stop it after the response's last byte.
 */
export async function startInspectorMemory(port: number, options: InspectorMemoryOptions = {}): Promise<InspectorMemory> {
  const { host = "127.0.0.1", intervalMs = 50, gc = true, gcTimeoutMs = 1000 } = options;
  const session = await DevToolsSession.open(await debuggerUrl(host, port));
  let samples = 0;
  let collected = 0;
  let peakHeap = 0;
  let peakArrayBuffers = 0;
  let peakTotal = 0;
  let peakUncollected = 0;
  const timeline: InspectorMemoryPeaks["timeline"] = [];
  const began = performance.now();

  const sample = async (): Promise<HeapUsage> => {
    const gcDone = gc && (await session.send("HeapProfiler.collectGarbage", {}, gcTimeoutMs)) !== undefined;
    const reply = await session.send("Runtime.getHeapUsage");
    if (!reply || reply.error) throw new Error(`Runtime.getHeapUsage: ${reply?.error?.message ?? "no answer"}`);
    const usage = reply.result as HeapUsage;
    const arrayBuffers = usage.backingStorageSize ?? 0;
    samples++;
    timeline.push({ ms: performance.now() - began, heap: usage.usedSize, arrayBuffers, collected: gcDone });
    if (gcDone || !gc) {
      collected++;
      peakHeap = Math.max(peakHeap, usage.usedSize);
      peakArrayBuffers = Math.max(peakArrayBuffers, arrayBuffers);
      peakTotal = Math.max(peakTotal, usage.usedSize + arrayBuffers);
    } else {
      peakUncollected = Math.max(peakUncollected, usage.usedSize + arrayBuffers);
    }
    return usage;
  };

  const start = await sample();
  let running = true;
  const loop = (async () => {
    while (running) {
      await new Promise((resolve) => setTimeout(resolve, intervalMs));
      if (running) await sample();
    }
  })();

  return {
    async stop() {
      running = false;
      await loop;
      await sample();
      session.close();
      return { peakHeap, peakArrayBuffers, peakTotal, peakUncollected, start, samples, collected, timeline };
    },
  };
}
