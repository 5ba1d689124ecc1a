import type { ByocBand, ByocSampleFormat, ByocTileRecord } from "../../catalog/byoc/records";
import type { CogFacts } from "../../catalog/ingest/cog-facts";
import type { Footprint } from "../../catalog/ingest/file-footprint";
import { STAC_EXTENSIONS, type StacAsset, type StacItem } from "../../catalog/stac-types";

const COG_TYPE = "image/tiff; application=geotiff; profile=cloud-optimized";

/** One band's file of a tile, checked. */
export interface BandFile {
  band: string;
  href: string;
  facts: CogFacts;
}

/** uint16 -> UINT, 16: how Sentinel Hub describes a band's samples. */
export function sampleFormatOf(dataType: string): { sampleFormat: ByocSampleFormat; bitDepth: number } {
  const [, kind, bits] = /^(uint|int|float)(\d+)$/.exec(dataType) ?? [];
  return { sampleFormat: (kind ?? "float").toUpperCase() as ByocSampleFormat, bitDepth: Number(bits ?? 32) };
}

const noDataOf = (value: number | null | undefined) => (value === null || value === undefined ? {} : { noData: value });

/** The bands a collection gets from its first ingested tile: each file's sample format and no-data value. */
export function configuredBands(files: BandFile[], declared: Record<string, ByocBand> | null): Record<string, ByocBand> {
  return Object.fromEntries(
    files.map(({ band, facts }) => [
      band,
      { source: declared?.[band]?.source ?? band, bandIndex: 1, ...sampleFormatOf(facts.dataType), ...noDataOf(facts.nodata ?? declared?.[band]?.noData) },
    ]),
  );
}

/**
 * The STAC item a tile becomes: one asset a band (its file's first sample), projection metadata
 * from the files, its footprint in WGS84, the tile's sensing time and cloud cover. A file without a no-data
 * value of its own gets the band's or the collection's (`noData`), so reads mask it.
 */
export function tileItem(tile: Pick<ByocTileRecord, "id" | "sensingTime" | "cloudCoverage">, collectionId: string, files: BandFile[], footprint: Footprint, noData: (band: string) => number | null): StacItem {
  const assets: Record<string, StacAsset> = {};
  for (const { band, href, facts } of files) {
    const nodata = facts.nodata ?? noData(band);
    assets[band] = {
      href,
      type: COG_TYPE,
      roles: ["data"],
      "eo:bands": [{ name: band }],
      "raster:bands": [{ data_type: facts.dataType, ...(nodata !== null ? { nodata } : {}) }],
      "proj:epsg": facts.epsg,
      "proj:shape": [facts.height, facts.width],
      "proj:transform": [...facts.transform],
    };
  }
  return {
    type: "Feature",
    stac_version: "1.0.0",
    stac_extensions: [STAC_EXTENSIONS.eo, STAC_EXTENSIONS.raster, STAC_EXTENSIONS.projection],
    id: tile.id,
    collection: collectionId,
    bbox: footprint.bbox,
    geometry: footprint.geometry,
    properties: {
      datetime: new Date(tile.sensingTime!).toISOString(),
      "proj:epsg": files[0]!.facts.epsg,
      ...(tile.cloudCoverage !== undefined ? { "eo:cloud_cover": tile.cloudCoverage } : {}),
    },
    links: [],
    assets,
  };
}
