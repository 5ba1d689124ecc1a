/**
 * A text file built piece by piece into UTF-8 bytes: pieces are encoded in blocks as they come, so
 * a large file never exists as one string beside its bytes (at most twice its size while joined).
 */
const BLOCK_CHARS = 1 << 16;

export class TextPieces {
  private pending: string[] = [];
  private pendingChars = 0;
  private readonly blocks: Uint8Array[] = [];
  private readonly encoder = new TextEncoder();

  add(text: string): void {
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= BLOCK_CHARS) this.flush();
  }

  /** The file's bytes; the builder is empty afterwards. */
  bytes(): Uint8Array {
    this.flush();
    const bytes = new Uint8Array(this.blocks.reduce((n, b) => n + b.length, 0));
    let at = 0;
    for (const block of this.blocks.splice(0)) {
      bytes.set(block, at);
      at += block.length;
    }
    return bytes;
  }

  private flush(): void {
    if (this.pending.length) this.blocks.push(this.encoder.encode(this.pending.join("")));
    this.pending = [];
    this.pendingChars = 0;
  }
}
