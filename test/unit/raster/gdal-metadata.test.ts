/**
 * Band names and dates a GeoTIFF carries: GDAL_METADATA items (as GDAL writes them, and as our COG
 * writer does), the TIFF DateTime tag, and the band names a loaded file gets from them.
 */
import { beforeEach, describe, expect, it } from "vitest";
import { fileBandNames, filesBandNames } from "../../../src/cube/file-item";
import { writeCog } from "../../../src/raster/cog-writer";
import { bandDescriptions, datasetDate, fileDate, MAX_DESCRIPTION_CHARS, MAX_METADATA_CHARS, metadataItems } from "../../../src/raster/gdal-metadata";
import { headerCache } from "../../../src/raster/header-cache";
import { openCog } from "../../../src/raster/open-cog";
import { FieldType, Tag } from "../../../src/raster/tiff-tags";
import { MemoryByteSource } from "../../support/memory-byte-source";
import { band, utmGrid } from "../../support/raster-fixtures";
import { buildTiff, geoTags, imageTags } from "../../support/tiff-builder";

beforeEach(() => headerCache.clear());

/** UTF-8 bytes as the one-character-a-byte text the TIFF parser reads (and the builder writes). */
const asBytes = (text: string) => String.fromCharCode(...new TextEncoder().encode(text));

/** A 4x4 image of `samples` uint8 samples a pixel with the given extra tags. */
function tiff(samples: number, extra: { tag: number; type: number; values: string }[]): Uint8Array {
  const tile = new Uint8Array(256 * samples);
  const tags = [...imageTags({ width: 4, height: 4, bits: 8, format: 1, tileSize: 16, samples }), ...geoTags({ originX: 500000, originY: 5000000, pixel: 10, epsg: 32633 }), ...extra];
  return buildTiff([{ entries: tags, tiles: [tile] }]);
}

describe("GDAL metadata", () => {
  it("reads items with their sample and role, entities and UTF-8 decoded, and ignores anything else", () => {
    const text = asBytes('<GDALMetadata><Item name="DATETIME">2024-06-01</Item><Item name="DESCRIPTION" sample="1" role="description">Réflectance &amp; &lt;NIR&gt; &#955;</Item><Itemx name="no">x</Itemx><Item sample="0">no name</Item><Item name="SCALE" sample="0" role="scale">0.5</Item></GDALMetadata>');
    expect(metadataItems(text)).toEqual([
      { name: "DATETIME", value: "2024-06-01" },
      { name: "DESCRIPTION", sample: 1, role: "description", value: "Réflectance & <NIR> λ" },
    ]);
    expect(bandDescriptions(metadataItems(text), 3)).toEqual(["", "Réflectance & <NIR> λ", ""]);
    // A description longer than a band name may be is none.
    const long = (n: number) => `<Item name="DESCRIPTION" sample="0">${"d".repeat(n)}</Item>`;
    expect(bandDescriptions(metadataItems(long(MAX_DESCRIPTION_CHARS)), 1)).toEqual(["d".repeat(MAX_DESCRIPTION_CHARS)]);
    expect(bandDescriptions(metadataItems(long(MAX_DESCRIPTION_CHARS + 1)), 1)).toEqual([""]);
    // Unclosed and oversized items end the search or are skipped, in one pass.
    expect(metadataItems(`<Item name="DATETIME">1</Item><Item ${"a".repeat(2000)}="1">2</Item><Item name="DESCRIPTION">3`).map((i) => i.name)).toEqual(["DATETIME"]);
    expect(metadataItems("<Item".repeat(100_000))).toEqual([]);
  });

  it("reads attributes in one pass, only the items that matter, and no further than the first MiB", () => {
    expect(metadataItems('<Item  role="description"\tsample="2"  name="band">B</Item><Item name="A" bad>x</Item><Item name=A>x</Item><Item name="B" sample="1>x</Item>')).toEqual([
      { name: "band", sample: 2, role: "description", value: "B" },
    ]);
    // Attribute names of 1023 characters without a value, 4 MiB of them: the old pattern backtracked
    // over each (seconds of CPU); the scanner looks at each character once, and the tag is read up to its cap.
    const hostile = `<Item ${"a".repeat(1023)}>x</Item>`;
    expect(hostile.length).toBe(1038);
    const description = '<Item name="DESCRIPTION" sample="0">late</Item>';
    const huge = hostile.repeat(Math.ceil((4 * 2 ** 20) / hostile.length)) + description;
    expect(metadataItems(huge)).toEqual([]);
    const early = hostile.repeat(Math.floor((MAX_METADATA_CHARS - description.length) / hostile.length));
    expect(metadataItems(early + description)).toEqual([{ name: "DESCRIPTION", sample: 0, value: "late" }]);
    // Long values of items that don't matter are skipped undecoded.
    expect(metadataItems(`<Item name="NOTES">${"é".repeat(100_000)}</Item><Item name="DATETIME">2024-06-01</Item>`)).toEqual([{ name: "DATETIME", value: "2024-06-01" }]);
  });

  it("keeps a character reference that names no code point as text: a hostile tag is read, not a crash", async () => {
    const text = '<Item name="DESCRIPTION" sample="0" role="description">a&#x110000;b&#99999999999;c&#65;</Item>';
    expect(metadataItems(text)[0]!.value).toBe("a&#x110000;b&#99999999999;cA");
    const bytes = tiff(1, [{ tag: Tag.GdalMetadata, type: FieldType.ASCII, values: text }]);
    expect((await openCog(new MemoryByteSource(bytes))).header.descriptions).toEqual(["a&#x110000;b&#99999999999;cA"]);
  });

  it("takes dates from TIFF's DateTime form and RFC 3339 / ISO 8601, in UTC, and nothing else", () => {
    expect(fileDate("2024:06:01 10:30:00")).toBe("2024-06-01T10:30:00.000Z");
    expect(fileDate("2024-06-01")).toBe("2024-06-01T00:00:00.000Z");
    expect(fileDate("2024-06-01T12:00:00+02:00")).toBe("2024-06-01T10:00:00.000Z");
    expect(fileDate("2024-06-01 12:00")).toBe("2024-06-01T12:00:00.000Z");
    expect(fileDate("2024-06-01T12:00:00.5+0200")).toBe("2024-06-01T10:00:00.500Z");
    for (const bad of ["", "June 1st", "2024:13:45 99:00:00", "1717200000"]) expect(fileDate(bad), bad).toBeUndefined();
    // Days and times that don't exist are not rolled over into the next ones.
    for (const bad of ["2024-02-30", "2023-02-29T00:00:00Z", "2024:04:31 10:00:00", "2024-06-01T24:30", "2024-06-01T10:61:00Z"]) expect(fileDate(bad), bad).toBeUndefined();
    expect(fileDate("2024-02-29")).toBe("2024-02-29T00:00:00.000Z");
    // Items of a band are not the file's date, nor is TIFFTAG_DATETIME (when the file was written); DATETIME comes first.
    const items = (text: string) => metadataItems(text);
    expect(datasetDate(items('<Item name="DATETIME" sample="0">2020-01-01</Item><Item name="TIFFTAG_DATETIME">2021:02:03 04:05:06</Item>'))).toBeUndefined();
    expect(datasetDate(items('<Item name="ACQUISITIONDATETIME">2021:02:03 04:05:06</Item><Item name="DATETIME">2020-01-01</Item>'))).toBe("2020-01-01T00:00:00.000Z");
    expect(datasetDate(items('<Item name="ACQUISITIONDATETIME" domain="IMAGERY">2021-02-03T04:05:06Z</Item>'))).toBe("2021-02-03T04:05:06.000Z");
    expect(datasetDate([])).toBeUndefined();
  });

  it("gives a file's header its band descriptions and date, and a loaded file its band names", async () => {
    const metadata = '<GDALMetadata><Item name="DESCRIPTION" sample="0" role="description">red</Item><Item name="DESCRIPTION" sample="2" role="description">red</Item></GDALMetadata>';
    const bytes = tiff(3, [{ tag: Tag.GdalMetadata, type: FieldType.ASCII, values: metadata }, { tag: Tag.DateTime, type: FieldType.ASCII, values: "2023:08:15 09:45:00" }]);
    const { header } = await openCog(new MemoryByteSource(bytes));
    // TIFF's DateTime tag says when the file was written, not what it observed: no date.
    expect([header.descriptions, header.datetime]).toEqual([["red", "", "red"], undefined]);
    const dated = tiff(1, [{ tag: Tag.GdalMetadata, type: FieldType.ASCII, values: '<GDALMetadata><Item name="DATETIME">2023-08-15T09:45:00Z</Item></GDALMetadata>' }]);
    expect((await openCog(new MemoryByteSource(dated))).header.datetime).toBe("2023-08-15T09:45:00.000Z");
    // A repeated name, and a band without one, are named by their number.
    expect(fileBandNames(header)).toEqual(["red", "band_2", "band_3"]);

    const plain = await openCog(new MemoryByteSource(tiff(2, [])));
    expect([plain.header.descriptions, plain.header.datetime, fileBandNames(plain.header)]).toEqual([undefined, undefined, ["band_1", "band_2"]]);

    // Our writer's descriptions, read back.
    const grid = utmGrid(8, 8);
    const written = writeCog([band(grid, "uint16", () => 1, 0), band(grid, "uint16", () => 2, 0)], { tileSize: 16, compression: "deflate", bandDescriptions: ["B04", "B08"] });
    const writtenHeader = (await openCog(new MemoryByteSource(written))).header;
    expect(fileBandNames(writtenHeader)).toEqual(["B04", "B08"]);
    // Files of one cube that name their bands differently are all numbered; the same names stay.
    const other = writeCog([band(grid, "uint16", () => 1, 0), band(grid, "uint16", () => 2, 0)], { tileSize: 16, compression: "deflate", bandDescriptions: ["red", "nir"] });
    const otherHeader = (await openCog(new MemoryByteSource(other))).header;
    expect(filesBandNames([writtenHeader, otherHeader])).toEqual([["band_1", "band_2"], ["band_1", "band_2"]]);
    expect(filesBandNames([writtenHeader, writtenHeader])).toEqual([["B04", "B08"], ["B04", "B08"]]);
    expect(filesBandNames([writtenHeader, plain.header])).toEqual([["band_1", "band_2"], ["band_1", "band_2"]]);
  });
});
