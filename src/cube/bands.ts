/** Band labels of a collection, and finding bands by name or by common name (eo:bands). */
import type { EoBand, StacCollection } from "../catalog/stac-types";
import { OpenEOError } from "../errors";
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

/**
 * The bands `names` asks for (by name or common name, in that order), or all when null; a name
 * that finds no band, or several, is the `bands` argument's fault. `source` names what was loaded
 * ("the collection", "the STAC") in the message.
 */
export function chooseBands(available: BandLabel[], names: string[] | null, process: string, source: string): BandLabel[] {
  if (names === null) return available;
  // Another node's result reaches here unchecked when its return schema only overlaps.
  if (!Array.isArray(names) || names.some((name) => typeof name !== "string")) {
    throw new OpenEOError("ProcessParameterInvalid", { process, parameter: "bands", reason: "expected an array of band names or null" });
  }
  return names.map((name) => {
    const band = findBand(available, name);
    if (band === undefined || band === "ambiguous") {
      const reason = band ? `several bands have the common name '${name}'` : `${source} has no band '${name}' (bands: ${available.map((b) => b.name).join(", ")})`;
      throw new OpenEOError("ProcessParameterInvalid", { process, parameter: "bands", reason });
    }
    return band;
  });
}
