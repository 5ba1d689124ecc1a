/** Band labels of a collection, and finding bands by name or by common name (eo:bands). */
import type { EoBand, StacCollection } from "../catalog/stac-types";
import type { BandLabel } from "./types";

export function collectionBands(collection: StacCollection): BandLabel[] {
  const eo = (collection.summaries?.["eo:bands"] ?? []) as EoBand[];
  const dimension = collection["cube:dimensions"]?.bands as { values?: string[] } | undefined;
  const names = dimension?.values ?? eo.map((b) => b.name);
  return names.map((name) => {
    const band = eo.find((b) => b.name === name);
    return {
      name,
      ...(band?.common_name ? { commonName: band.common_name } : {}),
      ...(band?.center_wavelength !== undefined ? { wavelength: band.center_wavelength } : {}),
    };
  });
}

/**
 * The band a name refers to: the band of that name, else the only band with that common name.
 * Answers "ambiguous" when several bands share the common name and none is named so.
 */
export function findBand(bands: BandLabel[], name: string): BandLabel | "ambiguous" | undefined {
  const named = bands.find((b) => b.name === name);
  if (named) return named;
  const common = bands.filter((b) => b.commonName === name);
  return common.length > 1 ? "ambiguous" : common[0];
}
