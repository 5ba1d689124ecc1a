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

/**
 * Appended bytes gathered into parts of `size` bytes, as stores that write in parts need them (R2's
 * multipart upload wants all parts but the last alike): `flush` gets each part as it fills, and the
 * rest from `finish`. A full part is handed over whole and a new one allocated only after `flush`
 * is done, so a part is never copied and at most one is held besides the one being written.
 */
export class PartBuffer {
  private part: Uint8Array;
  private filled = 0;

  constructor(
    private readonly size: number,
    private readonly flush: (part: Uint8Array) => Promise<void>,
  ) {
    this.part = new Uint8Array(size);
  }

  async append(bytes: Uint8Array): Promise<void> {
    for (let at = 0; at < bytes.length; ) {
      const n = Math.min(bytes.length - at, this.size - this.filled);
      this.part.set(bytes.subarray(at, at + n), this.filled);
      this.filled += n;
      at += n;
      if (this.filled === this.size) await this.send();
    }
  }

  /** Flushes what is left (also an empty part, with `always`); the buffer holds nothing after. */
  async finish(always = false): Promise<void> {
    if (this.filled > 0 || always) await this.send(false);
    this.drop();
  }

  /** Lets go of the buffer (the write failed or was discarded). */
  drop(): void {
    this.part = new Uint8Array(0);
    this.filled = 0;
  }

  private async send(more = true): Promise<void> {
    const full = this.filled === this.part.length ? this.part : this.part.subarray(0, this.filled);
    this.drop();
    await this.flush(full);
    if (more) this.part = new Uint8Array(this.size);
  }
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
