import { describe, expect, it } from "vitest";
import { TextPieces } from "../../../src/formats/text-pieces";

describe("TextPieces", () => {
  it("gives the UTF-8 bytes of the whole text, across many blocks and multi-byte characters", () => {
    const pieces = Array.from({ length: 30_000 }, (_, i) => `${i},é,😀,"x"\r\n`);
    const text = new TextPieces();
    for (const piece of pieces) text.add(piece);
    const bytes = text.bytes();
    expect(bytes.length).toBeGreaterThan(3 * 2 ** 16);
    expect(bytes).toEqual(new TextEncoder().encode(pieces.join("")));
    expect(text.bytes()).toEqual(new Uint8Array(0));
  });
});
