import type { ByteSource } from "./byte-source";

/**
 * What a set of byte sources was asked for. Share one instance between several
 * CountingByteSources to measure a read that touches several objects.
 *
 * `rounds` counts sequential round trips as busy periods: a round starts when a read is issued
 * while no read (of any source sharing these stats) is in flight, and every read issued before
 * all in-flight reads have finished joins it. Reads that depend on earlier results (tiles after
 * the header) therefore count as a new round; reads queued behind a concurrency cap do not.
 */
export class ReadStats {
  requests: { key: string; offset: number; length: number }[] = [];
  bytes = 0;
  rounds = 0;
  inFlight = 0;
  maxInFlight = 0;

  reset(): void {
    this.requests = [];
    this.bytes = 0;
    this.rounds = 0;
    this.maxInFlight = 0;
  }
}

/** Wraps a ByteSource and records its reads in `stats`, for tests and benchmarks. */
export class CountingByteSource implements ByteSource {
  readonly key: string;

  constructor(private readonly inner: ByteSource, readonly stats: ReadStats = new ReadStats()) {
    this.key = inner.key;
  }

  async read(offset: number, length: number): Promise<Uint8Array> {
    const stats = this.stats;
    if (stats.inFlight === 0) stats.rounds++;
    stats.inFlight++;
    stats.maxInFlight = Math.max(stats.maxInFlight, stats.inFlight);
    stats.requests.push({ key: this.key, offset, length });
    try {
      const bytes = await this.inner.read(offset, length);
      stats.bytes += bytes.length;
      return bytes;
    } finally {
      stats.inFlight--;
    }
  }
}
