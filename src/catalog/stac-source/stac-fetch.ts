/**
 * Fetches the JSON documents load_stac walks through: over HTTP(S) within deadlines and a size cap,
 * if remote-url.ts lets the URL (and each redirect) be read, or from the user's own files and batch
 * job results when the URL is this back-end's (read from R2 directly, as the Worker can't fetch its
 * own URLs). Each answer is kept for the fetcher's lifetime (one run),
 * and the number of documents is bounded so one load can't exhaust the Worker's subrequests.
 * Runs that come often (a service's tiles) may also share the documents fetched by GET over HTTP
 * for a short while (`shared`): such a request carries no credentials, so its answer is anyone's.
 */
import { OpenEOError } from "../../errors";
import type { ExpiringCache } from "../../expiring-cache";
import { boundedFetch, readCancelled, type ReadDeadlines } from "../../net/bounded-fetch";
import { remoteUrlRefusal, type PrivateHosts } from "../../net/remote-url";
import type { OwnResults } from "../asset-source";
import { userFileKey } from "../../files/keys";
import { validateFilePath } from "../../files/path";
import { decodeUrlPart } from "./decode-url-part";
import { jsonNestsDeeperThan } from "../../json-depth";
import { invalidStac, stacHostFailed, tooMuchStac } from "./stac-errors";

export interface StacFetchContext {
  files: R2Bucket;
  /** Origin + API prefix of this back-end, such as https://host/v1. */
  apiBase: string;
  /** The user whose files /files/... URLs refer to. */
  userId?: string;
  /** Deadlines of each document's request; bounded-fetch's defaults when absent. */
  deadlines?: Partial<ReadDeadlines>;
  /** The run's signal: aborting it stops the document being read and refuses further ones. */
  signal?: AbortSignal;
  maxDocuments?: number;
  /** Batch job results of this back-end, read from R2 rather than over HTTP. */
  ownResults?: OwnResults;
  /** Documents fetched by GET over HTTP by earlier runs, by URL, sized by their text's length. */
  shared?: ExpiringCache<FetchedJson>;
  /** Private hosts the operator lets documents be read from (REMOTE_PRIVATE_HOSTS); none when absent. */
  privateHosts?: PrivateHosts;
}

/** A GET, or a POST with a JSON body (STAC API next links may ask for one). */
export interface StacRequest {
  url: string;
  method?: "GET" | "POST";
  body?: unknown;
}

export interface FetchedJson {
  /** Where the document was found (after redirects): the base of its relative links. */
  url: string;
  json: unknown;
}

const DEFAULT_MAX_DOCUMENTS = 200;
const MAX_DOCUMENT_BYTES = 16 * 1024 * 1024;

export class StacFetcher {
  private readonly answers = new Map<string, Promise<FetchedJson>>();
  private fetched = 0;

  constructor(private readonly ctx: StacFetchContext) {}

  get(request: StacRequest | string): Promise<FetchedJson> {
    const { url, method = "GET", body } = typeof request === "string" ? { url: request } : request;
    const key = `${method} ${url} ${body === undefined ? "" : JSON.stringify(body)}`;
    let answer = this.answers.get(key);
    if (!answer) {
      answer = this.load(url, method, body);
      this.answers.set(key, answer);
    }
    return answer;
  }

  private async load(url: string, method: "GET" | "POST", body: unknown): Promise<FetchedJson> {
    let parsed: URL;
    try {
      parsed = new URL(url);
    } catch {
      throw invalidStac(`'${url}' is not a URL`);
    }
    if (parsed.protocol !== "https:" && parsed.protocol !== "http:") throw invalidStac(`${url}: only http and https URLs can be read`);
    if (this.ctx.signal?.aborted) throw readCancelled(this.ctx.signal, parsed.host, url);
    const max = this.ctx.maxDocuments ?? DEFAULT_MAX_DOCUMENTS;
    if (++this.fetched > max) throw tooMuchStac(`reading the STAC needs more than ${max} documents; point the URL at a STAC API collection or a smaller catalog, or narrow the extents`);
    const filesPrefix = `${this.ctx.apiBase}/files/`;
    if (url.startsWith(filesPrefix)) return { url, json: parseJson(await this.userFile(url, url.slice(filesPrefix.length)), url) };
    const result = await this.ctx.ownResults?.document(url);
    if (result !== undefined) return { url, json: result };
    const refused = remoteUrlRefusal(url, this.ctx.privateHosts);
    if (refused) throw invalidStac(`${url} is not read: ${refused}`);
    return this.http(url, method, body);
  }

  private async userFile(url: string, encodedPath: string): Promise<string> {
    if (!this.ctx.userId) throw invalidStac("files on this back-end can only be read by their signed-in owner");
    const path = decodeUrlPart(encodedPath.split(/[?#]/)[0]!, url);
    const object = await this.ctx.files.get(userFileKey(this.ctx.userId, validateFilePath(path)));
    if (!object) throw new OpenEOError("FileNotFound", { file: path });
    if (object.size > MAX_DOCUMENT_BYTES) throw invalidStac(`the file '${path}' is larger than ${MAX_DOCUMENT_BYTES} bytes; STAC documents are much smaller`);
    return object.text();
  }

  private async http(url: string, method: "GET" | "POST", body: unknown): Promise<FetchedJson> {
    const shared = method === "GET" ? this.ctx.shared : undefined;
    const kept = shared?.get(url);
    if (kept) return kept;
    const { deadlines, signal, privateHosts } = this.ctx;
    const response = await boundedFetch(
      url,
      {
        method,
        headers: { Accept: "application/geo+json, application/json", ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      },
      { ...(deadlines ? { deadlines } : {}), ...(signal ? { signal } : {}), refuseHop: (to) => remoteUrlRefusal(to, privateHosts) },
    );
    if (!response.ok) {
      response.cancel();
      const status = `HTTP ${response.status}`;
      // Timeouts, rate limits and server errors are the host's trouble; other 4xx mean the URL is wrong.
      if (response.status >= 500 || response.status === 408 || response.status === 429) throw stacHostFailed(url, `${status} for ${url}`);
      throw invalidStac(`${new URL(url).host} answered ${status} for ${url}`);
    }
    // Counted as the bytes arrive: a chunked answer has no Content-Length to check up front.
    const text = await response.text(MAX_DOCUMENT_BYTES);
    const fetched = { url: response.url, json: parseJson(text, url) };
    shared?.set(url, fetched, text.length);
    return fetched;
  }
}

/** Far more than STAC needs (an ItemCollection's MultiPolygon coordinates sit about 8 levels down). */
const MAX_DOCUMENT_DEPTH = 100;

function parseJson(text: string, url: string): unknown {
  if (jsonNestsDeeperThan(text, MAX_DOCUMENT_DEPTH)) throw invalidStac(`the document at ${url} nests arrays and objects more than ${MAX_DOCUMENT_DEPTH} levels deep`);
  try {
    return JSON.parse(text);
  } catch {
    throw invalidStac(`the document at ${url} is not JSON`);
  }
}
