/** Batch jobs through the API under test, on the real queue: create, wait for, finish. */
import { expect } from "vitest";
import { loginAs, request } from "./http";

export type User = "alice" | "bob";
export type Job = Record<string, any>;

export async function call(method: string, path: string, options: { user?: User; body?: unknown; headers?: Record<string, string> } = {}): Promise<Response> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.user !== undefined) headers.Authorization = await loginAs(options.user);
  if (options.body !== undefined) headers["Content-Type"] = "application/json";
  return request(`/v1${path}`, { method, headers, ...(options.body === undefined ? {} : { body: JSON.stringify(options.body) }) });
}

export async function createJob(body: Record<string, unknown>, user: User = "alice"): Promise<string> {
  const res = await call("POST", "/jobs", { user, body });
  expect(res.status, await res.clone().text()).toBe(201);
  return res.headers.get("OpenEO-Identifier")!;
}

/** The job once its status is one of `statuses` (polled every 100 ms, for up to 15 s). */
export async function until(jobId: string, statuses: string[], user: User = "alice"): Promise<Job> {
  for (let i = 0; i < 150; i++) {
    const job = (await (await call("GET", `/jobs/${jobId}`, { user })).json()) as Job;
    if (statuses.includes(job.status)) return job;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new Error(`job ${jobId} did not reach ${statuses.join(" or ")}`);
}

export async function finishedJob(process: Record<string, unknown>, user: User = "alice"): Promise<string> {
  const id = await createJob({ process }, user);
  expect((await call("POST", `/jobs/${id}/results`, { user })).status).toBe(202);
  expect((await until(id, ["finished", "error"], user)).status).toBe("finished");
  return id;
}

/** A signed link of a results document, as a path the test's request() takes. */
export const pathOf = (href: string) => {
  const url = new URL(href);
  return url.pathname + url.search;
};
