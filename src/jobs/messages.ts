import { z } from "zod";

/** Queue messages of the batch pipeline. Small by design: a queue message is limited to 128 KB. */
export const BatchMessageSchema = z.discriminatedUnion("kind", [
  z.object({
    kind: z.literal("job.run"),
    job_id: z.string().min(1),
    user_id: z.string().min(1),
    /** The run this message computes (JobDO.start); messages of older runs are dropped. */
    run_id: z.string().min(1),
    /** Origin and API prefix of the request that started the run, for the user's /files URLs. */
    api_base: z.string().min(1),
  }),
]);
export type BatchMessage = z.infer<typeof BatchMessageSchema>;
