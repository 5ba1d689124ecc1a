import { describe, expect, it } from "vitest";
import { FieldType, Tag } from "../../../src/raster/tiff-tags";
import { parseTiff } from "../../../src/raster/tiff-parser";
import { buildTiff, imageTags } from "../../support/tiff-builder";

describe("ASCII tags", () => {
  it("lose only their trailing NULs, also after a long run of inner NULs (quadratic with /\\0+$/)", () => {
    const text = `${"\0".repeat(200_000)}7`;
    const entries = [...imageTags({ width: 4, height: 4, bits: 8, format: 1, tileSize: 16 }), { tag: Tag.GdalNodata, type: FieldType.ASCII, values: `${text}\0\0` }];
    const { ifds } = parseTiff(buildTiff([{ entries, tiles: [new Uint8Array(256)] }]));
    expect(ifds[0]!.get(Tag.GdalNodata)).toBe(text);
  });
});
