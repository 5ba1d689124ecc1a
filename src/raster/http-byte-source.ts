import type { ByteSource } from "./byte-source";

export interface HttpByteSourceOptions {
  /** The object's ETag when known (from a STAC item or a previous response); it becomes part of `key`. */
  etag?: string;
  /** Extra request headers, such as Authorization for a private bucket. */
  headers?: Record<string, string>;
  /** Injected for tests; defaults to the global fetch. */
  fetch?: typeof fetch;
}

/** Reads byte ranges of an object on an HTTP(S) host with `Range` requests. */
export class HttpByteSource implements ByteSource {
  readonly key: string;
  private readonly host: string;
  private readonly fetcher: typeof fetch;

  constructor(readonly url: string, private readonly options: HttpByteSourceOptions = {}) {
    this.key = options.etag ? `${url}#${options.etag}` : url;
    this.host = new URL(url).host;
    this.fetcher = options.fetch ?? ((input, init) => fetch(input, init));
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    if (length <= 0) return new Uint8Array(0);
    const end = offset + length - 1;
    let response: Response;
    try {
      response = await this.fetcher(this.url, {
        headers: { ...this.options.headers, Range: `bytes=${offset}-${end}` },
      });
    } catch (error) {
      throw new Error(`Could not reach ${this.host}: ${error instanceof Error ? error.message : String(error)}`);
    }
    // 416: the range starts at or after the end of the object, so there is nothing to read.
    if (response.status === 416) {
      await response.body?.cancel();
      return new Uint8Array(0);
    }
    if (response.status !== 206 && response.status !== 200) {
      await response.body?.cancel();
      throw new Error(`${this.host} answered ${response.status} to a range request for ${this.url}`);
    }
    const body = new Uint8Array(await response.arrayBuffer());
    if (response.status === 200) {
      // The server ignored the Range header and sent the whole object.
      return body.subarray(offset, offset + length);
    }
    const range = parseContentRange(response.headers.get("Content-Range"));
    if (range && range.start !== offset) {
      throw new Error(`${this.host} answered a range request at ${offset} with bytes from ${range.start} of ${this.url}`);
    }
    // Fewer bytes than asked for are fine only where the object ends.
    const size = range?.size ?? null;
    const expected = size === null ? length : Math.max(0, Math.min(length, size - offset));
    if (body.length !== expected) {
      throw new Error(`${this.host} returned ${body.length} bytes for a ${length}-byte range at ${offset} of ${this.url}`);
    }
    return body;
  }
}

/** "bytes 100-199/1234" -> { start: 100, size: 1234 }; size is null for "/*". */
function parseContentRange(header: string | null): { start: number; size: number | null } | null {
  const match = /^bytes\s+(\d+)-\d+\/(\d+|\*)\s*$/i.exec(header ?? "");
  if (!match) return null;
  return { start: Number(match[1]), size: match[2] === "*" ? null : Number(match[2]) };
}
