/**
 * The compressed tiles of a COG assembled from strips (CogAssembler's `onTile`): kept in memory
 * while they fit a budget, the rest written to a temporary object of a SpillStore in the order they
 * come, then read back in the file's order, which needs every tile's size before the first byte.
 * So a result is computed once and its memory stays at the budget, whatever its size.
 */
import type { SpilledObject, SpillStore, SpillWriter } from "./spill-store";

export class SpillingTiles {
  /** Kept tiles by number (released once sent). */
  private readonly memory: (Uint8Array | undefined)[] = [];
  /** Per tile number: its offset in the spill, or -1 when kept. */
  private readonly spillAt: number[] = [];
  private readonly sizes: number[] = [];
  /** Tiles bound for the spill, not yet written. */
  private waiting: Uint8Array[] = [];
  private writer: SpillWriter | undefined;
  private kept = 0;
  private spillEnd = 0;

  constructor(
    private readonly budget: number,
    private readonly store: SpillStore,
  ) {}

  /** Takes the next tile; synchronous, as CogAssembler hands them out. spill() writes those over the budget. */
  readonly add = (tile: Uint8Array): void => {
    const n = this.sizes.length;
    this.sizes.push(tile.length);
    if (this.kept + tile.length <= this.budget) {
      this.memory[n] = tile;
      this.spillAt[n] = -1;
      this.kept += tile.length;
    } else {
      this.spillAt[n] = this.spillEnd;
      this.spillEnd += tile.length;
      this.waiting.push(tile);
    }
  };

  /** Bytes of tiles kept in memory and bytes spilled. */
  get keptBytes(): number {
    return this.kept;
  }

  get spilledBytes(): number {
    return this.spillEnd;
  }

  /** Writes the tiles that didn't fit to the spill: called after each strip, so at most one strip's wait in memory. */
  async spill(): Promise<void> {
    if (this.waiting.length === 0) return;
    this.writer ??= await this.store.create();
    // Each tile lets go once written, so a strip's tiles and their copies in the spill don't add up.
    for (let tile = this.waiting.shift(); tile; tile = this.waiting.shift()) await this.writer.append(tile);
  }

  /** Drops the spill (the result failed before it was sent). */
  async discard(): Promise<void> {
    this.waiting = [];
    this.memory.length = 0;
    await this.writer?.discard();
    this.writer = undefined;
  }

  /**
   * Completes the spill and answers the tiles in `order` (tile numbers in the file's order): kept
   * ones as they are, spilled ones read back a run of consecutive ones at a time. The spill is
   * deleted when the iteration ends, fails or is stopped (return()).
   */
  async inOrder(order: number[]): Promise<AsyncIterableIterator<Uint8Array>> {
    if (order.length !== this.sizes.length) throw new RangeError(`an order of ${order.length} tiles for ${this.sizes.length}`);
    await this.spill();
    const spilled = await this.writer?.finish();
    this.writer = undefined;
    const pieces = this.pieces(order, spilled);
    let open = true;
    const close = async () => {
      if (open) {
        open = false;
        this.memory.length = 0;
        await spilled?.delete();
      }
    };
    const iterator: AsyncIterableIterator<Uint8Array> = {
      [Symbol.asyncIterator]: () => iterator,
      async next() {
        try {
          const next = await pieces.next();
          if (next.done) await close();
          return next;
        } catch (error) {
          await close();
          throw error;
        }
      },
      async return() {
        await pieces.return(undefined);
        await close();
        return { done: true, value: undefined };
      },
    };
    return iterator;
  }

  /** The tiles in `order` as pieces: kept tiles (by number) and runs of consecutive spilled ones. */
  private segments(order: number[]): ({ tile: number } | { at: number; length: number })[] {
    const segments: ({ tile: number } | { at: number; length: number })[] = [];
    for (let i = 0; i < order.length; ) {
      const n = order[i++]!;
      const at = this.spillAt[n]!;
      if (at < 0) {
        segments.push({ tile: n });
        continue;
      }
      let length = this.sizes[n]!;
      while (i < order.length && this.spillAt[order[i]!] === at + length) length += this.sizes[order[i++]!]!;
      segments.push({ at, length });
    }
    return segments;
  }

  /** While one spilled run is sent, the next one is already asked for (its first piece). */
  private async *pieces(order: number[], spilled: SpilledObject | undefined): AsyncGenerator<Uint8Array, void, undefined> {
    const segments = this.segments(order);
    const runs = segments.filter((s): s is { at: number; length: number } => "at" in s);
    const start = (run: { at: number; length: number } | undefined) => {
      if (!run) return undefined;
      const pieces = spilled!.read(run.at, run.length)[Symbol.asyncIterator]();
      const first = pieces.next();
      // A read that fails before its turn fails at its turn, not as an unhandled rejection.
      first.catch(() => undefined);
      return { pieces, first };
    };
    let next = start(runs[0]);
    let current: typeof next;
    let r = 0;
    try {
      for (const segment of segments) {
        if ("tile" in segment) {
          const tile = this.memory[segment.tile]!;
          this.memory[segment.tile] = undefined;
          yield tile;
          continue;
        }
        current = next!;
        next = start(runs[++r]);
        for (let piece = await current.first; !piece.done; piece = await current.pieces.next()) yield piece.value;
        current = undefined;
      }
    } finally {
      // Stopped early: the reads under way let go.
      await Promise.all([current?.pieces.return?.(), next?.pieces.return?.()]);
    }
  }
}
