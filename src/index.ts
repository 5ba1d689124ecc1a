import { createApp } from "./app";
import type { Env } from "./env";
import { handleBatch } from "./jobs/consumer";

export { ByocCollectionDO } from "../durable-objects/byoc-collection";
export { JobDO } from "../durable-objects/job";
export { LoginGuardDO } from "../durable-objects/login-guard";
export { ServiceDO } from "../durable-objects/service";
export { UserDO } from "../durable-objects/user";

const app = createApp();

export default {
  fetch: app.fetch,
  queue: (batch, env) => handleBatch(batch, env),
} satisfies ExportedHandler<Env>;
