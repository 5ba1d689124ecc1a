import { z } from "zod";

/** What every message names: the run it works for (JobDO.start); messages of older runs are dropped. */
const RunFields = {
  job_id: z.string().min(1),
  user_id: z.string().min(1),
  run_id: z.string().min(1),
  /** Origin and API prefix of the request that started the run, for the user's /files URLs. */
  api_base: z.string().min(1),
};

const GridSchema = z.object({
  crs: z.string().min(1),
  bbox: z.tuple([z.number(), z.number(), z.number(), z.number()]),
  width: z.number().int().positive(),
  height: z.number().int().positive(),
});

/** Queue messages of the batch pipeline. Small by design: a queue message is limited to 128 KB. */
export const BatchMessageSchema = z.discriminatedUnion("kind", [
  /** Starts a run: computes it whole, or plans its chunks and sends them. */
  z.object({ kind: z.literal("job.run"), ...RunFields }),
  /** Computes strip `index` of a run's result, inside `window`, into R2: its pixels, or its partial zonal statistics (`partial`). */
  z.object({ kind: z.literal("job.chunk"), ...RunFields, index: z.number().int().nonnegative(), window: GridSchema, partial: z.boolean().optional() }),
  /** Computes chunk `index` of a Sentinel Hub batch statistical request: a range of its features, stored beside the run. */
  z.object({ kind: z.literal("job.features"), ...RunFields, index: z.number().int().nonnegative() }),
  /** Joins a run's strips into its result once every chunk is in. */
  z.object({ kind: z.literal("job.assemble"), ...RunFields }),
]);
export type BatchMessage = z.infer<typeof BatchMessageSchema>;
export type RunMessage = Pick<BatchMessage, keyof typeof RunFields>;
export type ChunkMessage = Extract<BatchMessage, { kind: "job.chunk" }>;
export type FeaturesMessage = Extract<BatchMessage, { kind: "job.features" }>;
export type AssembleMessage = Extract<BatchMessage, { kind: "job.assemble" }>;
