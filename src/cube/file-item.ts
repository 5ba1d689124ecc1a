/**
 * A GeoTIFF file described as a STAC Item, so that a lazy cube reads it as it reads catalog items
 * (load_url, load_uploaded_files): one asset holding a band per sample, named by the file's band
 * descriptions (band_1, band_2, ... where it has none), its projection from the file's header,
 * and a datetime.
 */
import type { StacItem } from "../catalog/stac-types";
import type { CogHeader } from "../raster/cog-header";
import { transformBBox } from "../raster/crs";

/** The time of a file that has none: a cube needs one, and a fixed one keeps results repeatable. */
export const UNDATED = "1970-01-01T00:00:00Z";

/**
 * The bands of a GeoTIFF: each sample's description, or band_1 for the first sample and so on
 * where it has none (or repeats an earlier band's name: a cube's band names are unique).
 */
export function fileBandNames(header: CogHeader): string[] {
  const generic = numberedBands(header);
  const taken = new Set<string>();
  return generic.map((fallback, i) => {
    const description = header.descriptions?.[i] ?? "";
    const name = description !== "" && !taken.has(description) && !generic.includes(description) ? description : fallback;
    taken.add(name);
    return name;
  });
}

/** band_1, band_2, ...: a name for each sample of the file. */
export const numberedBands = (header: CogHeader): string[] => Array.from({ length: header.samplesPerPixel }, (_, i) => `band_${i + 1}`);

/**
 * The bands of several GeoTIFFs of one cube: their own names when every file names its bands the
 * same, else numbered in all (names that differ between files would give a band per name, each
 * present in some files only).
 */
export function filesBandNames(headers: CogHeader[]): string[][] {
  const named = headers.map(fileBandNames);
  const agree = named.every((names) => names.join("\n") === named[0]!.join("\n"));
  return agree ? named : headers.map(numberedBands);
}

export function geotiffItem(href: string, header: CogHeader, id: string, datetime: string, bands = fileBandNames(header)): StacItem {
  const [west, south, east, north] = transformBBox(header.grid.bbox, header.grid.crs, "EPSG:4326");
  const t = header.transform;
  return {
    type: "Feature",
    stac_version: "1.0.0",
    id,
    bbox: [west, south, east, north],
    geometry: { type: "Polygon", coordinates: [[[west, south], [east, south], [east, north], [west, north], [west, south]]] },
    properties: { datetime },
    assets: {
      data: {
        href,
        type: "image/tiff; application=geotiff",
        roles: ["data"],
        "eo:bands": bands.map((name) => ({ name })),
        "proj:epsg": header.epsg,
        "proj:transform": [t.pixelWidth, 0, t.originX, 0, -t.pixelHeight, t.originY],
        "proj:shape": [header.grid.height, header.grid.width],
      },
    },
    links: [],
  };
}
