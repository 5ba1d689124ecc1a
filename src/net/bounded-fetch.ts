/**
 * Every outbound read goes through here: a fetch with deadlines for the response headers, for the
 * silence between two body chunks and for the whole exchange, a body read that counts bytes as they
 * arrive (whatever Content-Length says, chunked bodies included) and the caller's AbortSignal.
 * A body whose Content-Length the caller reads whole is read at once by the runtime, through
 * workerd's FixedLengthStream, which fails the read as soon as more bytes come than were declared.
 * Failures are OpenEOErrors naming the host: 504 DataSourceTimeout for a deadline, 502
 * DataSourceUnavailable for anything else the host did wrong. Redirects are followed hop by hop and
 * checked (redirects.ts). Pure: `fetch` is injected.
 */
import { OpenEOError } from "../errors";
import { failureReason } from "./failure-reason";
import { MAX_REDIRECTS, redirectedInit, redirectLocation, redirectTarget } from "./redirects";

/** Milliseconds; every read gets all three. */
export interface ReadDeadlines {
  /** From the request until the response headers. */
  firstByteMs: number;
  /** Between two chunks of the body. */
  idleMs: number;
  /** From the request until the last byte of the body. */
  totalMs: number;
}

export const DEFAULT_READ_DEADLINES: ReadDeadlines = { firstByteMs: 10_000, idleMs: 10_000, totalMs: 30_000 };

export interface BoundedFetchOptions {
  deadlines?: Partial<ReadDeadlines>;
  /** The run's signal: aborting it stops the read (a cancelled job, a client that went away). */
  signal?: AbortSignal;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Why a redirect's target may not be read beyond redirects.ts's rules (a user's URL: remote-url.ts), or undefined. */
  refuseHop?: (url: string) => string | undefined;
}

type Deadline = keyof ReadDeadlines;

function seconds(ms: number): string {
  return `${ms / 1000} s`;
}

function describeDeadline(deadline: Deadline, deadlines: ReadDeadlines): string {
  if (deadline === "firstByteMs") return `no response within ${seconds(deadlines.firstByteMs)}`;
  if (deadline === "idleMs") return `the answer stalled for ${seconds(deadlines.idleMs)}`;
  return `the answer took longer than ${seconds(deadlines.totalMs)}`;
}

/** The error of a read the caller's signal stopped: the signal's reason when that is an OpenEOError (the caller said why). */
export function readCancelled(signal: AbortSignal, host: string, what: string): OpenEOError {
  const reason: unknown = signal.reason;
  if (reason instanceof OpenEOError) return reason;
  return new OpenEOError("DataSourceUnavailable", { host, reason: `the read of ${what} was cancelled: the run stopped` });
}

/** Starts the request; resolves when the headers are in. The body must then be read or cancelled through the answer. */
export async function boundedFetch(url: string, init: RequestInit, options: BoundedFetchOptions = {}): Promise<BoundedResponse> {
  const exchange = new Exchange(url, options);
  return exchange.start(init);
}

/** The timers and abort state of one request and its body. */
class Exchange {
  readonly host: string;
  readonly deadlines: ReadDeadlines;
  private readonly controller = new AbortController();
  private readonly stopByCaller = () => this.controller.abort();
  /** Rejects once the exchange is aborted, so that no await outlives a deadline even if the platform ignores the signal. */
  readonly aborted: Promise<never>;
  private expired?: Deadline;
  /**
   * When each armed deadline falls (ms since the epoch), watched by one timer: a body arrives in
   * many chunks, and a timer set and cleared per chunk cost a tile read more than a millisecond.
   */
  private readonly due = new Map<Deadline, number>();
  private timer?: ReturnType<typeof setTimeout>;
  /** When the timer fires. */
  private timerAt = Infinity;

  /** Where the last hop went, after redirects. */
  finalUrl: string;

  constructor(readonly url: string, private readonly options: BoundedFetchOptions) {
    this.host = new URL(url).host;
    this.finalUrl = url;
    this.deadlines = { ...DEFAULT_READ_DEADLINES, ...options.deadlines };
    // The caller's signal is followed by hand rather than with AbortSignal.any: in workerd, a signal
    // combined by AbortSignal.any with an incoming request's signal did not fire when our own
    // controller aborted, so a stalled read of POST /result hung.
    if (options.signal?.aborted) this.controller.abort();
    else options.signal?.addEventListener("abort", this.stopByCaller, { once: true });
    this.aborted = new Promise<never>((_, reject) => {
      const fail = () => reject(this.failure());
      if (this.controller.signal.aborted) fail();
      else this.controller.signal.addEventListener("abort", fail, { once: true });
    });
    // Only awaited in races; a rejection nobody races is expected.
    this.aborted.catch(() => {});
  }

  async start(init: RequestInit): Promise<BoundedResponse> {
    if (this.controller.signal.aborted) throw this.failure();
    this.arm("totalMs", "firstByteMs");
    const fetcher = this.options.fetch ?? ((input: RequestInfo | URL, requestInit?: RequestInit) => fetch(input, requestInit));
    let response: Response;
    try {
      response = await this.follow(fetcher, init);
    } catch (cause) {
      this.finish();
      if (cause instanceof OpenEOError) throw cause;
      if (this.controller.signal.aborted) throw this.failure();
      throw this.unavailable(`could not connect: ${failureReason(cause)}`, cause);
    }
    this.disarm("firstByteMs");
    this.arm("idleMs");
    return new BoundedResponse(response, this);
  }

  /** Fetches, following up to MAX_REDIRECTS redirects that redirectTarget allows; the deadlines span all hops. */
  private async follow(fetcher: typeof fetch, init: RequestInit): Promise<Response> {
    let request: RequestInit = init;
    for (let hops = 0; ; hops++) {
      const response = await Promise.race([fetcher(this.finalUrl, { ...request, redirect: "manual", signal: this.controller.signal }), this.aborted]);
      const location = redirectLocation(response);
      if (location === null) return response;
      response.body?.cancel().catch(() => {});
      if (hops === MAX_REDIRECTS) throw this.unavailable(`more than ${MAX_REDIRECTS} redirects from ${this.url}`);
      const target = redirectTarget(this.finalUrl, location);
      if ("refused" in target) throw this.unavailable(`${target.refused} is not followed (${this.url})`);
      const refused = this.options.refuseHop?.(target.url);
      if (refused !== undefined) throw this.unavailable(`a redirect to ${target.url} is not followed: ${refused} (${this.url})`);
      request = redirectedInit(request, response.status, this.finalUrl, target.url);
      this.finalUrl = target.url;
    }
  }

  /** The body was read or dropped: no timer may fire for it any more. */
  finish(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.timerAt = Infinity;
    this.due.clear();
    this.options.signal?.removeEventListener("abort", this.stopByCaller);
  }

  /** The body is read at once, unseen: only the total deadline and the caller's signal stay. */
  quiet(): void {
    this.disarm("idleMs");
  }

  /** A chunk arrived: the idle deadline starts again (the timer, due earlier, looks again when it fires). */
  progress(): void {
    if (this.due.has("idleMs")) this.due.set("idleMs", Date.now() + this.deadlines.idleMs);
  }

  unavailable(reason: string, cause?: unknown): OpenEOError {
    return new OpenEOError("DataSourceUnavailable", { host: this.host, reason }, { cause });
  }

  private arm(...deadlines: Deadline[]): void {
    const now = Date.now();
    for (const deadline of deadlines) this.due.set(deadline, now + this.deadlines[deadline]);
    this.schedule();
  }

  /** A disarmed deadline leaves the timer as it is: when it fires early, it finds nothing due. */
  private disarm(deadline: Deadline): void {
    this.due.delete(deadline);
  }

  /** Sets the timer for the earliest deadline, unless it already fires no later. */
  private schedule(): void {
    const next = Math.min(...this.due.values());
    if (next >= this.timerAt) return;
    clearTimeout(this.timer);
    this.timerAt = next;
    this.timer = setTimeout(() => this.check(), Math.max(0, next - Date.now()));
  }

  /** The timer fired: abort for the earliest deadline that has passed, or wait for the next. */
  private check(): void {
    this.timer = undefined;
    this.timerAt = Infinity;
    const now = Date.now();
    let passed: Deadline | undefined;
    for (const [deadline, at] of this.due) if (at <= now && (passed === undefined || at < this.due.get(passed)!)) passed = deadline;
    if (passed === undefined) {
      if (this.due.size > 0) this.schedule();
      return;
    }
    this.expired ??= passed;
    this.finish();
    this.controller.abort();
  }

  /** Why the exchange was aborted: a deadline of ours, or the caller's signal (whose OpenEOError reason is kept). */
  private failure(): OpenEOError {
    if (this.expired) {
      return new OpenEOError("DataSourceTimeout", { host: this.host, reason: `${describeDeadline(this.expired, this.deadlines)} (${this.url})` });
    }
    return readCancelled(this.options.signal!, this.host, this.url);
  }
}

/** The headers of an answer; its body is read only through the bounded methods below. */
export class BoundedResponse {
  readonly status: number;
  readonly ok: boolean;
  readonly headers: Headers;
  /** Where the answer came from, after redirects. */
  readonly url: string;

  constructor(private readonly response: Response, private readonly exchange: Exchange) {
    this.status = response.status;
    this.ok = response.ok;
    this.headers = response.headers;
    this.url = exchange.finalUrl;
  }

  get host(): string {
    return this.exchange.host;
  }

  /** The whole body; 502 when it is longer than `maxBytes` (read no further than that). */
  async bytes(maxBytes: number): Promise<Uint8Array> {
    if (Number(this.headers.get("Content-Length") ?? 0) > maxBytes) {
      this.cancel();
      throw this.tooLarge(maxBytes);
    }
    const { bytes, more } = await this.read(maxBytes + 1);
    if (more) throw this.tooLarge(maxBytes);
    return bytes;
  }

  /** At most the first `count` bytes of the body (fewer where it ends); the rest is never read. */
  async prefix(count: number): Promise<Uint8Array> {
    return (await this.read(count)).bytes;
  }

  /** The whole body as UTF-8 text, under the same cap as `bytes`. */
  async text(maxBytes: number): Promise<string> {
    return new TextDecoder().decode(await this.bytes(maxBytes));
  }

  /** Drops the body unread, without waiting for the host to hear of it. */
  cancel(): void {
    this.exchange.finish();
    this.response.body?.cancel().catch(() => {});
  }

  private tooLarge(maxBytes: number): OpenEOError {
    return this.exchange.unavailable(`the answer to ${this.exchange.url} is larger than ${maxBytes} bytes`);
  }

  /**
   * The body of a declared length, read at once: a tile's read in chunks cost several times the
   * runtime's own read (a promise, a race and a copy per chunk). More bytes than declared fail the
   * pipe at once. The chunks are not seen, so the idle deadline, armed when the headers came, is not
   * restarted: a body up to WHOLE_WITHIN_IDLE_BYTES must arrive within it, a larger one within the
   * total deadline.
   */
  private async whole(body: ReadableStream<Uint8Array>, declared: number): Promise<{ bytes: Uint8Array; more: boolean }> {
    if (declared > WHOLE_WITHIN_IDLE_BYTES) this.exchange.quiet();
    try {
      const piped = body.pipeThrough(new FixedLengthStream!(declared));
      const bytes = await Promise.race([new Response(piped).arrayBuffer(), this.exchange.aborted]);
      return { bytes: new Uint8Array(bytes), more: false };
    } catch (error) {
      // A failed pipe has cancelled the body already; a deadline aborted the request, which ends its body.
      if (error instanceof OpenEOError) throw error;
      throw this.exchange.unavailable(`the answer from ${this.exchange.url} broke off or was longer than its Content-Length: ${failureReason(error)}`, error);
    } finally {
      this.exchange.finish();
    }
  }

  /** Reads chunks until `limit` bytes are in or the body ends; `more`: the limit came first and the rest was cancelled. */
  private async read(limit: number): Promise<{ bytes: Uint8Array; more: boolean }> {
    const body = this.response.body;
    if (!body) {
      this.exchange.finish();
      return { bytes: new Uint8Array(0), more: false };
    }
    // With a Content-Encoding the runtime may hand the body over decoded, longer than declared.
    const encoded = (this.headers.get("Content-Encoding") ?? "identity").trim().toLowerCase() !== "identity";
    const declared = Number(this.headers.get("Content-Length") ?? NaN);
    if (FixedLengthStream && !encoded && Number.isSafeInteger(declared) && declared >= 0 && declared <= limit) return this.whole(body, declared);
    const reader = body.getReader();
    const chunks: Uint8Array[] = [];
    let length = 0;
    try {
      while (length < limit) {
        const { done, value } = await Promise.race([reader.read(), this.exchange.aborted]);
        if (done) return { bytes: join(chunks, length), more: false };
        this.exchange.progress();
        const wanted = Math.min(value.byteLength, limit - length);
        chunks.push(wanted < value.byteLength ? value.subarray(0, wanted) : value);
        length += wanted;
      }
      dropReader(reader);
      return { bytes: join(chunks, length), more: true };
    } catch (error) {
      dropReader(reader);
      if (error instanceof OpenEOError) throw error;
      throw this.exchange.unavailable(`the answer from ${this.exchange.url} broke off: ${failureReason(error)}`, error);
    } finally {
      this.exchange.finish();
    }
  }
}

/** 4 MiB: within the default idle deadline (10 s) that asks for 400 KiB/s, far below any data host's rate. */
const WHOLE_WITHIN_IDLE_BYTES = 4 * 2 ** 20;

/**
 * workerd's pipe that fails once more bytes pass than it was made for (undefined elsewhere, as in
 * Node, where bodies are read in chunks).
 */
const FixedLengthStream = (globalThis as { FixedLengthStream?: new (length: number) => TransformStream<Uint8Array, Uint8Array> }).FixedLengthStream;

/** Cancels the rest of a body without waiting: a hostile host must not hold us up while it is told to stop. */
function dropReader(reader: ReadableStreamDefaultReader<Uint8Array>): void {
  reader.cancel().catch(() => {});
}

function join(chunks: Uint8Array[], length: number): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  const joined = new Uint8Array(length);
  let at = 0;
  for (const chunk of chunks) {
    joined.set(chunk, at);
    at += chunk.byteLength;
  }
  return joined;
}
