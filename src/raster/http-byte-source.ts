import { OpenEOError } from "../errors";
import { boundedFetch, type ReadDeadlines } from "../net/bounded-fetch";
import type { ByteSource } from "./byte-source";

/**
 * A server that ignores Range answers the whole object from byte 0; ranges ending beyond this are
 * refused rather than read from the start, so one read never holds more than this in memory.
 */
export const MAX_UNRANGED_READ_BYTES = 8 * 1024 * 1024;

export interface HttpByteSourceOptions {
  /** The object's ETag when known (from a STAC item or a previous response); it becomes part of `key`. */
  etag?: string;
  /** Extra request headers, such as Authorization for a private bucket. */
  headers?: Record<string, string>;
  /** Deadlines of each range request; bounded-fetch's defaults when absent. */
  deadlines?: Partial<ReadDeadlines>;
  /** The run's signal: aborting it stops every read in flight. */
  signal?: AbortSignal;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
  /** Why a redirect's target may not be read (bounded-fetch.ts). */
  refuseHop?: (url: string) => string | undefined;
}

/** Reads byte ranges of an object on an HTTP(S) host with `Range` requests, never more bytes than asked for. */
export class HttpByteSource implements ByteSource {
  readonly key: string;
  private readonly host: string;

  constructor(readonly url: string, private readonly options: HttpByteSourceOptions = {}) {
    this.key = options.etag ? `${url}#${options.etag}` : url;
    this.host = new URL(url).host;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (length <= 0) return new Uint8Array(0);
    const end = offset + length - 1;
    const { deadlines, signal, fetch, refuseHop } = this.options;
    const answer = await boundedFetch(
      this.url,
      { headers: { ...this.options.headers, Range: `bytes=${offset}-${end}` } },
      { ...(deadlines ? { deadlines } : {}), ...(signal ? { signal } : {}), ...(fetch ? { fetch } : {}), ...(refuseHop ? { refuseHop } : {}) },
    );
    // 416: the range starts at or after the end of the object, so there is nothing to read.
    if (answer.status === 416) {
      answer.cancel();
      return new Uint8Array(0);
    }
    if (answer.status === 200) {
      // The server ignored the Range header and sends the whole object: read up to the range's end only.
      if (offset + length > MAX_UNRANGED_READ_BYTES) {
        answer.cancel();
        throw this.failed(`ignores range requests, so bytes beyond ${MAX_UNRANGED_READ_BYTES} of ${this.url} can't be read`);
      }
      return (await answer.prefix(offset + length)).subarray(offset);
    }
    if (answer.status !== 206) {
      answer.cancel();
      throw this.failed(`answered ${answer.status} to a range request for ${this.url}`);
    }
    const range = parseContentRange(answer.headers.get("Content-Range"));
    if (range && range.start !== offset) {
      answer.cancel();
      throw this.failed(`answered a range request at ${offset} with bytes from ${range.start} of ${this.url}`);
    }
    // A longer body than asked for is cut off; fewer bytes are fine only where the object ends.
    const body = await answer.prefix(length);
    const size = range?.size ?? null;
    const expected = size === null ? length : Math.max(0, Math.min(length, size - offset));
    if (body.length !== expected) {
      throw this.failed(`returned ${body.length} bytes for a ${length}-byte range at ${offset} of ${this.url}`);
    }
    return body;
  }

  private failed(reason: string): OpenEOError {
    return new OpenEOError("DataSourceUnavailable", { host: this.host, reason });
  }
}

/** "bytes 100-199/1234" -> { start: 100, size: 1234 }; size is null for "/*". */
function parseContentRange(header: string | null): { start: number; size: number | null } | null {
  const match = /^bytes\s+(\d+)-\d+\/(\d+|\*)\s*$/i.exec(header ?? "");
  if (!match) return null;
  return { start: Number(match[1]), size: match[2] === "*" ? null : Number(match[2]) };
}
