import { z } from "zod";

/** Queue messages of the batch pipeline. Small by design: a queue message is limited to 128 KB. */
export const BatchMessageSchema = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("job.run"), job_id: z.string().min(1), user_id: z.string().min(1) }),
]);
export type BatchMessage = z.infer<typeof BatchMessageSchema>;
