/**
 * Temporary storage for what a result in strips can't hold in memory (its compressed tiles past a
 * budget): written once, front to back, read back by ranges, then deleted. Injected, so that the
 * core stays free of bindings: the Worker's writes a temporary R2 object
 * (src/execution/r2-spill-store.ts), the benchmarks and tests keep the bytes in memory.
 */
export interface SpillStore {
  /** A new, empty temporary object. */
  create(): Promise<SpillWriter>;
}

export interface SpillWriter {
  /** Appends bytes (the caller may reuse nothing it passed: they are kept or copied). */
  append(bytes: Uint8Array): Promise<void>;
  /** Completes the object, which can then be read. */
  finish(): Promise<SpilledObject>;
  /** Drops everything written (the run failed before finishing). */
  discard(): Promise<void>;
}

export interface SpilledObject {
  /** The bytes [offset, offset + length), in pieces as they arrive. */
  read(offset: number, length: number): AsyncIterable<Uint8Array>;
  delete(): Promise<void>;
}

/** A spill store in memory: for the benchmarks and tests, where no bucket is at hand. */
export class MemorySpillStore implements SpillStore {
  /** Objects created and not yet deleted or discarded. */
  live = 0;

  async create(): Promise<SpillWriter> {
    const pieces: Uint8Array[] = [];
    this.live++;
    const release = () => {
      pieces.length = 0;
      this.live--;
    };
    return {
      append: async (bytes) => void pieces.push(bytes),
      discard: async () => release(),
      finish: async () => {
        const all = new Uint8Array(pieces.reduce((n, p) => n + p.length, 0));
        pieces.reduce((at, p) => (all.set(p, at), at + p.length), 0);
        pieces.length = 0;
        return {
          async *read(offset, length) {
            if (offset < 0 || offset + length > all.length) throw new RangeError(`bytes ${offset}+${length} of a ${all.length}-byte spill`);
            yield all.subarray(offset, offset + length);
          },
          delete: async () => release(),
        };
      },
    };
  }
}
