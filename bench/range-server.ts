// A loopback static file server with Range support for the benchmark, run as its own process so
// serving does not share the measured process's event loop or CPU time. Like
// ../shared/bench/rangeserver.mjs, plus: several folders (one per first path segment), latency
// chosen per request by a path prefix, and start/finish times in the log so sequential round
// trips can be counted from the server's side too.
//   GET /<latency>ms/<mount>/<file>   e.g. /50ms/synthetic/s2_red.tif
//   GET /__log  the requests since the last /__reset, as JSON
// Usage: node --import tsx bench/range-server.ts mount=dir [mount=dir ...]; prints "port <n>".
import { closeSync, createReadStream, openSync, readSync, statSync } from "node:fs";
import { createServer } from "node:http";
import { join, normalize, relative } from "node:path";

export interface LogEntry {
  method: string;
  path: string;
  status: number;
  range?: string;
  bytes: number;
  /** Milliseconds since the server started: request received, response fully handed to the socket. */
  start: number;
  end: number;
}

const mounts = new Map(process.argv.slice(2).map((arg) => arg.split("=", 2) as [string, string]));
let log: LogEntry[] = [];

const server = createServer((req, res) => {
  const start = performance.now();
  const url = decodeURIComponent((req.url ?? "/").split("?")[0]!);
  if (url === "/__log") return void res.end(JSON.stringify(log));
  if (url === "/__reset") {
    log = [];
    return void res.end("ok");
  }
  const entry: LogEntry = { method: req.method ?? "GET", path: url, status: 404, bytes: 0, start, end: start };
  log.push(entry);
  const finish = (): void => void (entry.end = performance.now());
  res.on("finish", finish);
  const match = /^\/(\d+)ms\/([^/]+)\/(.+)$/.exec(url);
  const root = match ? mounts.get(match[2]!) : undefined;
  const file = root && join(root, normalize(match![3]!));
  let size = -1;
  try {
    if (file && !relative(root, file).startsWith("..")) size = statSync(file).size;
  } catch {
    // Missing files answer 404 below.
  }
  setTimeout(() => {
    if (size < 0) return void res.writeHead(404).end();
    const head = req.method === "HEAD";
    const range = /^bytes=(\d*)-(\d*)$/.exec(req.headers.range ?? "");
    if (!range) {
      entry.status = 200;
      entry.bytes = head ? 0 : size;
      res.writeHead(200, { "content-length": size, "accept-ranges": "bytes" });
      return void (head ? res.end() : createReadStream(file!).pipe(res));
    }
    const first = range[1] === "" ? Math.max(0, size - Number(range[2])) : Number(range[1]);
    const last = range[1] === "" || range[2] === "" ? size - 1 : Math.min(Number(range[2]), size - 1);
    if (first > last) {
      entry.status = 416;
      return void res.writeHead(416, { "content-range": `bytes */${size}` }).end();
    }
    entry.status = 206;
    entry.range = `${first}-${last}`;
    entry.bytes = head ? 0 : last - first + 1;
    res.writeHead(206, { "content-range": `bytes ${first}-${last}/${size}`, "content-length": last - first + 1, "accept-ranges": "bytes" });
    res.end(head ? undefined : readRange(file!, first, last - first + 1));
  }, Number(match?.[1] ?? 0));
});

/** One positional read and one socket write per range: about 1 ms cheaper per 350 KB than streaming it in 64 KiB chunks. */
function readRange(file: string, offset: number, length: number): Buffer {
  const buffer = Buffer.allocUnsafe(length);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buffer, 0, length, offset);
  } finally {
    closeSync(fd);
  }
  return buffer;
}

server.keepAliveTimeout = 60_000;
server.listen(0, "127.0.0.1", () => {
  const address = server.address();
  console.log(`port ${typeof address === "object" && address ? address.port : 0}`);
});
