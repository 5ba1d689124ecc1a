import { describe, expect, it } from "vitest";
import { judgeCog, MAX_HEADER_BYTES, type CogFacts } from "../../src/catalog/ingest/cog-facts";

const good: CogFacts = {
  epsg: 32633,
  width: 10980,
  height: 10980,
  transform: [10, 0, 500000, 0, -10, 5000000],
  dataType: "uint16",
  nodata: 0,
  tiled: true,
  compression: "DEFLATE",
  compressionSupported: true,
  overviewCount: 4,
  headerBytes: 12_000,
};

describe("ingestion checks of a COG", () => {
  it("accepts a tiled, compressed COG with overviews", () => {
    expect(judgeCog(good)).toEqual({ accepted: true, problems: [], warnings: [] });
  });

  it("rejects strips, unsupported codecs, missing EPSG codes and huge headers, naming each", () => {
    const verdict = judgeCog({ ...good, tiled: false, compressionSupported: false, compression: "ZSTD", epsg: null, headerBytes: MAX_HEADER_BYTES + 1 });
    expect(verdict.accepted).toBe(false);
    expect(verdict.problems).toHaveLength(4);
    expect(verdict.problems.join(" ")).toMatch(/not tiled.*ZSTD.*EPSG.*header/);
  });

  it("warns about missing overviews only where they matter", () => {
    expect(judgeCog({ ...good, overviewCount: 0 }).warnings).toEqual([expect.stringContaining("no overviews")]);
    expect(judgeCog({ ...good, overviewCount: 0, width: 256, height: 256 }).warnings).toEqual([]);
  });
});
