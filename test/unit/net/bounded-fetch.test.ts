import { afterEach, describe, expect, it, vi } from "vitest";
import { OpenEOError } from "../../../src/errors";
import { boundedFetch, type ReadDeadlines } from "../../../src/net/bounded-fetch";
import { RUNTIME_FAILURE } from "../../../src/net/failure-reason";

const URL_ = "https://hostile.example.test/a";
// Small enough to keep the tests short; the hosts below stall far longer than these (or forever).
const FAST: ReadDeadlines = { firstByteMs: 100, idleMs: 100, totalMs: 400 };
const CHUNK = 64 * 1024;

/** A body that hands out CHUNK-sized chunks on demand, forever or up to `limit`, counting what was pulled. */
function lazyBody(limit = Infinity) {
  const state = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    pull(controller) {
      const size = Math.min(CHUNK, limit - state.pulled);
      if (size <= 0) return controller.close();
      state.pulled += size;
      controller.enqueue(new Uint8Array(size).fill(state.pulled % 251));
    },
    cancel() {
      state.cancelled = true;
    },
  }, { highWaterMark: 0 });
  return { stream, state };
}

/** A body that sends `first` and then nothing, ever. */
function stallingBody(first: Uint8Array) {
  const state = { cancelled: false };
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(first);
    },
    pull: () => new Promise<void>(() => {}),
    cancel() {
      state.cancelled = true;
    },
  });
  return { stream, state };
}

const answering = (response: () => Response): typeof fetch => async () => response();

async function failure(promise: Promise<unknown>): Promise<OpenEOError> {
  const error = await promise.then(() => undefined, (e: unknown) => e);
  expect(error).toBeInstanceOf(OpenEOError);
  return error as OpenEOError;
}

afterEach(() => {
  vi.useRealTimers();
});

describe("boundedFetch", () => {
  it("reads a body under the cap, with the answer's status and headers", async () => {
    const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response("hello", { status: 201, headers: { "X-A": "b" } })) });
    expect(answer).toMatchObject({ status: 201, ok: true, url: URL_, host: "hostile.example.test" });
    expect(answer.headers.get("X-A")).toBe("b");
    expect(await answer.text(5)).toBe("hello");
  });

  it("stops a chunked body without Content-Length as soon as it passes the cap: 502 naming the host", async () => {
    const { stream, state } = lazyBody();
    const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(stream)) });
    const error = await failure(answer.bytes(10 * CHUNK));
    expect(error).toMatchObject({ code: "DataSourceUnavailable", status: 502 });
    expect(error.message).toContain("hostile.example.test");
    expect(error.message).toContain(`larger than ${10 * CHUNK} bytes`);
    expect(state.pulled).toBeLessThanOrEqual(12 * CHUNK);
    await vi.waitUntil(() => state.cancelled);
  });

  it("refuses a body whose Content-Length is over the cap without reading it", async () => {
    const { stream, state } = lazyBody(20 * CHUNK);
    const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(stream, { headers: { "Content-Length": String(20 * CHUNK) } })) });
    expect(await failure(answer.bytes(CHUNK))).toMatchObject({ code: "DataSourceUnavailable" });
    expect(state.pulled).toBeLessThanOrEqual(CHUNK);
  });

  it("reads only a prefix of a 1 GiB body and cancels the rest", async () => {
    const { stream, state } = lazyBody(1024 ** 3);
    const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(stream)) });
    const bytes = await answer.prefix(CHUNK + 10);
    expect(bytes).toHaveLength(CHUNK + 10);
    expect(state.pulled).toBeLessThanOrEqual(3 * CHUNK);
    await vi.waitUntil(() => state.cancelled);
    // A shorter body gives what there is.
    const short = await boundedFetch(URL_, {}, { fetch: answering(() => new Response("abc")) });
    expect(new TextDecoder().decode(await short.prefix(10))).toBe("abc");
  });

  it("headers that never come: 504 DataSourceTimeout, even from a fetch that ignores the signal", async () => {
    const error = await failure(boundedFetch(URL_, {}, { deadlines: FAST, fetch: () => new Promise<Response>(() => {}) }));
    expect(error).toMatchObject({ code: "DataSourceTimeout", status: 504 });
    expect(error.message).toContain("hostile.example.test");
    expect(error.message).toContain("no response within 0.1 s");
  });

  it("a body that stalls in the middle: 504 once it has been silent for the idle deadline", async () => {
    const { stream, state } = stallingBody(new Uint8Array(10));
    const answer = await boundedFetch(URL_, {}, { deadlines: FAST, fetch: answering(() => new Response(stream)) });
    const error = await failure(answer.prefix(100));
    expect(error).toMatchObject({ code: "DataSourceTimeout", status: 504 });
    expect(error.message).toContain("stalled for 0.1 s");
    await vi.waitUntil(() => state.cancelled);
  });

  it("a body that trickles faster than the idle deadline but never ends: 504 at the total deadline", async () => {
    let cancelled = false;
    const stream = new ReadableStream<Uint8Array>({
      pull: (controller) => new Promise<void>((resolve) => setTimeout(() => resolve(cancelled ? undefined : controller.enqueue(new Uint8Array(1))), 10)),
      cancel() {
        cancelled = true;
      },
    });
    const answer = await boundedFetch(URL_, {}, { deadlines: FAST, fetch: answering(() => new Response(stream)) });
    const error = await failure(answer.bytes(1024 * 1024));
    expect(error).toMatchObject({ code: "DataSourceTimeout" });
    expect(error.message).toContain("took longer than 0.4 s");
  });

  describe("a body of a declared length, read at once", () => {
    it("reads it whole", async () => {
      const bytes = Uint8Array.from({ length: 300_000 }, (_, i) => (i * 7) % 256);
      const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(bytes, { headers: { "Content-Length": String(bytes.length) } })) });
      expect(await answer.prefix(bytes.length)).toEqual(bytes);
    });

    it("stops a body longer than its Content-Length as soon as it passes it: 502", async () => {
      const { stream, state } = lazyBody();
      const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(stream, { headers: { "Content-Length": "100" } })) });
      const error = await failure(answer.bytes(1000));
      expect(error).toMatchObject({ code: "DataSourceUnavailable", status: 502 });
      expect(error.message).toContain("longer than its Content-Length");
      expect(state.pulled).toBeLessThanOrEqual(4 * CHUNK);
    });

    it("a body with a Content-Encoding is read in chunks, as the runtime may have decoded it beyond its Content-Length", async () => {
      const bytes = new Uint8Array(5000).fill(7);
      const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(bytes, { headers: { "Content-Length": "40", "Content-Encoding": "gzip" } })) });
      expect(await answer.bytes(10_000)).toEqual(bytes);
    });

    it("a body shorter than its Content-Length: 502, not a short answer", async () => {
      const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(lazyBody(1000).stream, { headers: { "Content-Length": "5000" } })) });
      expect(await failure(answer.prefix(5000))).toMatchObject({ code: "DataSourceUnavailable" });
    });

    it.each([
      ["up to 4 MiB: within the idle deadline of its headers", 100, "stalled for 0.1 s"],
      ["larger: within the total deadline", 5 * 2 ** 20, "took longer than 0.4 s"],
    ])("a body that stalls, %s: 504, the request aborted (which ends a real body)", async (_, length, message) => {
      let signal: AbortSignal | undefined;
      const fetcher: typeof fetch = async (_url, init) => {
        signal = init?.signal ?? undefined;
        return new Response(stallingBody(new Uint8Array(10)).stream, { headers: { "Content-Length": String(length) } });
      };
      const answer = await boundedFetch(URL_, {}, { deadlines: FAST, fetch: fetcher });
      const error = await failure(answer.prefix(length));
      expect(error).toMatchObject({ code: "DataSourceTimeout", status: 504 });
      expect(error.message).toContain(message);
      expect(signal?.aborted).toBe(true);
    });
  });

  it("a host that can't be reached: 502 naming it", async () => {
    const error = await failure(boundedFetch(URL_, {}, { fetch: () => Promise.reject(new TypeError("connection refused")) }));
    expect(error).toMatchObject({ code: "DataSourceUnavailable", status: 502 });
    expect(error.message).toBe("The data source hostile.example.test can't be reached: could not connect: connection refused");
  });

  it("says the runtime failed where workerd reports its own 'internal error; reference = ...', connecting or reading", async () => {
    const runtime = () => new Error("internal error; reference = 7sg2a4jkq1m0tfc8r3d5vbn6");
    const connecting = await failure(boundedFetch(URL_, {}, { fetch: () => Promise.reject(runtime()) }));
    expect(connecting.message).toBe(`The data source hostile.example.test can't be reached: could not connect: ${RUNTIME_FAILURE}`);
    const broken = new ReadableStream<Uint8Array>({
      pull(controller) {
        controller.error(runtime());
      },
    });
    const answer = await boundedFetch(URL_, {}, { fetch: answering(() => new Response(broken)) });
    const reading = await failure(answer.text(1000));
    expect(reading).toMatchObject({ code: "DataSourceUnavailable", status: 502 });
    expect(reading.message).toBe(`The data source hostile.example.test can't be reached: the answer from ${URL_} broke off: ${RUNTIME_FAILURE}`);
  });

  it("the caller's signal stops a stalled body, with the caller's reason when it is an OpenEOError", async () => {
    const controller = new AbortController();
    const { stream } = stallingBody(new Uint8Array(1));
    const answer = await boundedFetch(URL_, {}, { signal: controller.signal, fetch: answering(() => new Response(stream)) });
    const read = answer.prefix(100);
    const reason = new OpenEOError("ProcessGraphComplexity");
    controller.abort(reason);
    expect(await failure(read)).toBe(reason);

    const other = new AbortController();
    const headers = boundedFetch(URL_, {}, { signal: other.signal, fetch: () => new Promise<Response>(() => {}) });
    other.abort();
    const error = await failure(headers);
    expect(error).toMatchObject({ code: "DataSourceUnavailable" });
    expect(error.message).toContain("was cancelled");
  });

  it("an already aborted signal never starts the request", async () => {
    const fetcher = vi.fn(answering(() => new Response("x")));
    await failure(boundedFetch(URL_, {}, { signal: AbortSignal.abort(), fetch: fetcher }));
    expect(fetcher).not.toHaveBeenCalled();
  });

  it("passes the request on with a signal, and leaves no timer behind once the body is read or dropped", async () => {
    vi.useFakeTimers();
    const seen: RequestInit[] = [];
    const fetcher: typeof fetch = async (_url, init) => {
      seen.push(init!);
      return new Response("abc");
    };
    const answer = await boundedFetch(URL_, { method: "POST", body: "{}" }, { fetch: fetcher });
    expect(seen[0]).toMatchObject({ method: "POST", body: "{}" });
    expect(seen[0]!.signal).toBeInstanceOf(AbortSignal);
    // One timer watches every deadline.
    expect(vi.getTimerCount()).toBe(1);
    await answer.bytes(10);
    expect(vi.getTimerCount()).toBe(0);
    (await boundedFetch(URL_, {}, { fetch: fetcher })).cancel();
    expect(vi.getTimerCount()).toBe(0);
  });

  describe("redirects", () => {
    /** A host that answers from a table of URL -> response, recording each request. */
    function hosts(answers: Record<string, () => Response>) {
      const seen: { url: string; init: RequestInit }[] = [];
      const fetcher: typeof fetch = async (url, init) => {
        seen.push({ url: String(url), init: init! });
        const answer = answers[String(url)];
        return answer ? answer() : new Response("missing", { status: 404 });
      };
      return { seen, fetcher };
    }
    const moved = (location: string, status = 302) => () => new Response(null, { status, headers: { Location: location } });

    it("follows them by hand, relative ones too, and reports where the answer came from", async () => {
      const { seen, fetcher } = hosts({ [URL_]: moved("/b"), "https://hostile.example.test/b": moved("https://cdn.example.org/c", 301), "https://cdn.example.org/c": () => new Response("here") });
      const answer = await boundedFetch(URL_, {}, { fetch: fetcher });
      expect(await answer.text(10)).toBe("here");
      expect(answer.url).toBe("https://cdn.example.org/c");
      expect(seen.map((s) => s.url)).toEqual([URL_, "https://hostile.example.test/b", "https://cdn.example.org/c"]);
      expect(seen.every((s) => s.init.redirect === "manual")).toBe(true);
    });

    it("refuses one into a private network, down to http, or out of http(s)", async () => {
      for (const location of ["http://127.0.0.1/x", "https://169.254.169.254/latest/meta-data", "https://intranet.local/x", "https://[::1]/x", "http://cdn.example.org/x", "file:///etc/passwd"]) {
        const { seen, fetcher } = hosts({ [URL_]: moved(location) });
        const error = await failure(boundedFetch(URL_, {}, { fetch: fetcher }));
        expect(error, location).toMatchObject({ code: "DataSourceUnavailable" });
        expect(error.message).toMatch(/redirect .* is not followed/);
        expect(seen).toHaveLength(1);
      }
    });

    it("lets a private host redirect within private hosts (a local set-up), and stops after five hops", async () => {
      const local = hosts({ "http://localhost:8787/a": moved("http://127.0.0.1:8787/b"), "http://127.0.0.1:8787/b": () => new Response("ok") });
      expect(await (await boundedFetch("http://localhost:8787/a", {}, { fetch: local.fetcher })).text(2)).toBe("ok");
      const loop = hosts({ [URL_]: moved(URL_) });
      const error = await failure(boundedFetch(URL_, {}, { fetch: loop.fetcher }));
      expect(error.message).toContain("more than 5 redirects");
      expect(loop.seen).toHaveLength(6);
    });

    it("refuses a hop its caller's check refuses (a user's URL on an allowed private host leading to another one)", async () => {
      const allowed = "http://127.0.0.1:8080/a";
      const refuseHop = (url: string) => (new URL(url).hostname === "127.0.0.1" ? undefined : `${new URL(url).hostname} is not allowed`);
      const onward = hosts({ [allowed]: moved("http://169.254.169.254/latest/meta-data"), "http://127.0.0.1:8080/b": () => new Response("ok") });
      const error = await failure(boundedFetch(allowed, {}, { fetch: onward.fetcher, refuseHop }));
      expect(error).toMatchObject({ code: "DataSourceUnavailable" });
      expect(error.message).toContain("a redirect to http://169.254.169.254/latest/meta-data is not followed: 169.254.169.254 is not allowed");
      expect(onward.seen).toHaveLength(1);
      // Within what the check allows, the redirect is followed.
      const within = hosts({ [allowed]: moved("/b"), "http://127.0.0.1:8080/b": () => new Response("ok") });
      expect(await (await boundedFetch(allowed, {}, { fetch: within.fetcher, refuseHop })).text(2)).toBe("ok");
    });

    it("turns a POST into a GET without a body after 303, keeps it after 307, and drops credentials to another origin", async () => {
      const init = { method: "POST", body: "{}", headers: { "Content-Type": "application/json", Authorization: "Bearer x" } };
      const see = hosts({ [URL_]: moved("https://hostile.example.test/same", 303), "https://hostile.example.test/same": moved("https://other.example.org/p", 307), "https://other.example.org/p": () => new Response("done") });
      await (await boundedFetch(URL_, init, { fetch: see.fetcher })).text(10);
      const [, second, third] = see.seen;
      expect(second!.init).toMatchObject({ method: "GET" });
      expect(second!.init.body).toBeUndefined();
      expect(new Headers(second!.init.headers).get("Authorization")).toBe("Bearer x");
      expect(new Headers(second!.init.headers).get("Content-Type")).toBeNull();
      expect(third!.init).toMatchObject({ method: "GET" });
      expect(new Headers(third!.init.headers).get("Authorization")).toBeNull();
      const kept = hosts({ [URL_]: moved("https://hostile.example.test/p", 307), "https://hostile.example.test/p": () => new Response("done") });
      await (await boundedFetch(URL_, init, { fetch: kept.fetcher })).text(10);
      expect(kept.seen[1]!.init).toMatchObject({ method: "POST", body: "{}" });
    });
  });
});
