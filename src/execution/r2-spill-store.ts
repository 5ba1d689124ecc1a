/**
 * The Worker's spill store (src/raster/spill-store.ts): a temporary object in an R2 bucket written
 * by multipart upload, in parts of one size (R2 wants every part but the last alike, and at least
 * 5 MiB), read back by ranges and deleted after. Objects a failure left behind live under
 * SPILL_PREFIX, in a folder per day, for a lifecycle rule to expire (docs/deployment.md).
 */
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import type { TileStorage } from "./strips";
import { DEFAULT_KEEP_TILES_BYTES } from "./strips";
import { numberSetting } from "../settings";
import { PartBuffer, type SpilledObject, type SpillStore, type SpillWriter } from "../raster/spill-store";

export const SPILL_PREFIX = "tmp/spill/";

/** R2's smallest part but the last: the memory one spill holds while it writes. */
export const SPILL_PART_BYTES = 5 * 2 ** 20;

/**
 * A run of spilled tiles is read back in ranges of this size, each at once, the next one asked for
 * while one is sent: reading an object's stream piece by piece cost more than the read itself.
 */
export const SPILL_READ_BYTES = 4 * 2 ** 20;

function spilled(bucket: R2Bucket, key: string): SpilledObject {
  const range = async (offset: number, length: number): Promise<Uint8Array> => {
    const object = await bucket.get(key, { range: { offset, length } });
    if (!object) throw new OpenEOError("Internal", { message: `the temporary object ${key} is missing` });
    const bytes = new Uint8Array(await object.arrayBuffer());
    if (bytes.length !== length) throw new OpenEOError("Internal", { message: `the temporary object ${key} ends before byte ${offset + length}` });
    return bytes;
  };
  return {
    async *read(offset, length) {
      const end = offset + length;
      const ask = (at: number) => {
        const pending = range(at, Math.min(SPILL_READ_BYTES, end - at));
        // A range asked for ahead and never awaited (the reader stopped) must not reject unhandled.
        pending.catch(() => undefined);
        return pending;
      };
      let pending = end > offset ? ask(offset) : undefined;
      for (let at = offset; pending; ) {
        const bytes = await pending;
        at += bytes.length;
        pending = at < end ? ask(at) : undefined;
        yield bytes;
      }
    },
    delete: () => bucket.delete(key),
  };
}

export function r2SpillStore(bucket: R2Bucket): SpillStore {
  return {
    async create(): Promise<SpillWriter> {
      const key = `${SPILL_PREFIX}${new Date().toISOString().slice(0, 10)}/${crypto.randomUUID()}`;
      const upload = await bucket.createMultipartUpload(key);
      const parts: R2UploadedPart[] = [];
      const buffer = new PartBuffer(SPILL_PART_BYTES, async (part) => void parts.push(await upload.uploadPart(parts.length + 1, part)));
      return {
        append: (bytes) => buffer.append(bytes),
        async finish() {
          // A multipart upload needs a part, if an empty one.
          await buffer.finish(parts.length === 0);
          await upload.complete(parts);
          return spilled(bucket, key);
        },
        discard: () => (buffer.drop(), upload.abort()),
      };
    },
  };
}

/** How a result in strips keeps its tiles in the Worker: SYNC_KEEP_TILES_BYTES in memory, the rest in the results bucket. */
export function workerTileStorage(env: Env): TileStorage {
  return { keepBytes: numberSetting(env, "SYNC_KEEP_TILES_BYTES", "bytes", DEFAULT_KEEP_TILES_BYTES), store: r2SpillStore(env.RESULTS) };
}
