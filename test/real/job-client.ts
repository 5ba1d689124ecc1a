/**
 * Running a batch job on a local Worker as a client would, with plain fetch: create it, start it,
 * poll its status, then read its logs and its results document, whose signed links need no Bearer.
 */

/** What GET /jobs/{id} answers (the parts the tests read). */
export interface JobDescription {
  id: string;
  status: string;
  costs: number | null;
  usage?: Record<string, { value: number; unit: string }>;
  [field: string]: unknown;
}

export interface LogEntry {
  level: string;
  message: string;
  code?: string;
}

/** A finished job: its description, its log and its results document (a STAC Item for one file). */
export interface FinishedJob {
  job: JobDescription;
  logs: LogEntry[];
  results: any;
}

/** Polling interval: the queue consumer waits up to 1 s for a batch anyway (wrangler.toml). */
const POLL_MS = 250;

async function call(baseUrl: string, bearer: string, method: string, path: string, body?: unknown): Promise<Response> {
  return fetch(`${baseUrl}/v1${path}`, {
    method,
    headers: { Authorization: bearer, ...(body === undefined ? {} : { "Content-Type": "application/json" }) },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
}

async function expectStatus(res: Response, status: number, what: string): Promise<Response> {
  if (res.status !== status) throw new Error(`${what} answered ${res.status} instead of ${status}: ${(await res.text()).slice(0, 2000)}`);
  return res;
}

async function getJson(baseUrl: string, bearer: string, path: string): Promise<any> {
  return (await expectStatus(await call(baseUrl, bearer, "GET", path), 200, `GET ${path}`)).json();
}

/** POST /jobs with a process graph; answers the new job's id. */
export async function createJob(baseUrl: string, bearer: string, processGraph: Record<string, unknown>, title: string): Promise<string> {
  const res = await expectStatus(await call(baseUrl, bearer, "POST", "/jobs", { title, process: { process_graph: processGraph } }), 201, "POST /jobs");
  const id = res.headers.get("OpenEO-Identifier");
  if (!id) throw new Error("POST /jobs answered no OpenEO-Identifier");
  return id;
}

export const jobLogs = async (baseUrl: string, bearer: string, id: string): Promise<LogEntry[]> => (await getJson(baseUrl, bearer, `/jobs/${id}/logs`)).logs;

/** Polls GET /jobs/{id} until the job has finished; a job in error (or one that doesn't end in time) fails with its log. */
export async function waitForJob(baseUrl: string, bearer: string, id: string, timeoutMs: number): Promise<JobDescription> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const job = (await getJson(baseUrl, bearer, `/jobs/${id}`)) as JobDescription;
    if (job.status === "finished") return job;
    if (job.status === "error" || job.status === "canceled" || Date.now() > deadline) {
      const logs = (await jobLogs(baseUrl, bearer, id)).map((e) => `${e.level}${e.code ? ` ${e.code}` : ""}: ${e.message}`);
      throw new Error(`batch job ${id} is ${job.status}${job.status === "running" || job.status === "queued" ? ` after ${timeoutMs} ms` : ""}; its log:\n${logs.join("\n")}`);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

/** Creates a job, starts it and waits for it to finish; answers it with its log and results document. */
export async function runJob(baseUrl: string, bearer: string, processGraph: Record<string, unknown>, title: string, timeoutMs = 60_000): Promise<FinishedJob> {
  const id = await createJob(baseUrl, bearer, processGraph, title);
  await expectStatus(await call(baseUrl, bearer, "POST", `/jobs/${id}/results`), 202, `POST /jobs/${id}/results`);
  const job = await waitForJob(baseUrl, bearer, id, timeoutMs);
  return { job, logs: await jobLogs(baseUrl, bearer, id), results: await getJson(baseUrl, bearer, `/jobs/${id}/results`) };
}

/** A result file through its signed link, without a Bearer token, as a STAC client would fetch it. */
export async function downloadSigned(href: string): Promise<Uint8Array> {
  const res = await expectStatus(await fetch(href), 200, `GET ${href}`);
  return new Uint8Array(await res.arrayBuffer());
}
