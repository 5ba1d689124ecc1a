/**
 * What every browser test starts from: a local Worker with the 33TWL scenes ingested as `twl`, and
 * Debian's headless Chromium, both started before the file's tests and stopped after them.
 */
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll } from "vitest";
import { startLocalWorker, type LocalWorker } from "../../scripts/local-worker.mjs";

export const COLLECTION = "twl";

export interface TwlSession {
  worker: LocalWorker;
  browser: Browser;
}

/** Registers the hooks; the session's fields are set once beforeAll has run. */
export function twlSession(): TwlSession {
  const session = {} as TwlSession;
  beforeAll(async () => {
    session.worker = await startLocalWorker({ ingest: [{ folder: "s2-33TWL-2023-08", collection: COLLECTION, args: ["--offset", "0"] }] });
    session.browser = await chromium.launch({ executablePath: "/usr/bin/chromium", args: ["--no-sandbox"] });
  });
  afterAll(async () => {
    await session.browser?.close();
    await session.worker?.stop();
  });
  return session;
}
