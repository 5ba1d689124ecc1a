/**
 * Decoded tiles kept between reads, least recently used first out, within a byte budget: strips of
 * a large result read the same source tile rows again (a 512 px tile row spans several strips),
 * which then costs neither a request nor a decode.
 */
import type { TypedArray } from "./grid";

export class DecodedTiles {
  private readonly tiles = new Map<string, TypedArray>();
  private bytes = 0;

  constructor(private readonly maxBytes: number) {}

  get(key: string): TypedArray | undefined {
    const tile = this.tiles.get(key);
    if (tile) {
      // Re-inserting marks it as the most recently used.
      this.tiles.delete(key);
      this.tiles.set(key, tile);
    }
    return tile;
  }

  set(key: string, tile: TypedArray): void {
    if (tile.byteLength > this.maxBytes) return;
    const old = this.tiles.get(key);
    if (old) this.bytes -= old.byteLength;
    this.tiles.delete(key);
    this.tiles.set(key, tile);
    this.bytes += tile.byteLength;
    for (const [oldest, value] of this.tiles) {
      if (this.bytes <= this.maxBytes) break;
      this.tiles.delete(oldest);
      this.bytes -= value.byteLength;
    }
  }
}
