/** Band labels of a collection, and finding bands by name, alias or common name (eo:bands). */
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
      ...(band?.aliases?.length ? { aliases: [...band.aliases] } : {}),
      ...(band?.center_wavelength !== undefined ? { wavelength: band.center_wavelength } : {}),
    };
  });
}

/**
 * The bands a name refers to, at the first of three levels that finds any: the band of that
 * name, the bands with that alias (B04's "red" at Earth Search), the bands with that common name.
 */
export function matchBands(bands: BandLabel[], name: string): BandLabel[] {
  const named = bands.filter((b) => b.name === name);
  if (named.length) return named;
  const aliased = bands.filter((b) => b.aliases?.includes(name));
  if (aliased.length) return aliased;
  return bands.filter((b) => b.commonName === name);
}

/** The one band a name refers to (see matchBands), "ambiguous" when it refers to several. */
export function findBand(bands: BandLabel[], name: string): BandLabel | "ambiguous" | undefined {
  const matches = matchBands(bands, name);
  return matches.length > 1 ? "ambiguous" : matches[0];
}

/** Why `name` chooses no single band, for an error message. */
export function unresolvedReason(bands: BandLabel[], name: string, source: string): string {
  const matches = matchBands(bands, name);
  if (matches.length > 1) return `'${name}' is ambiguous: it may mean ${matches.map((b) => b.name).join(", ")}; name one of these bands`;
  return `${source} has no band '${name}' (bands: ${bands.map((b) => b.name).join(", ")})`;
}

/**
 * The bands `names` asks for (by name, alias or common name), or all when null; a name that finds
 * no band, or several, is the `bands` argument's fault. `source` names what was loaded ("the
 * collection", "the STAC") in the message. The cube's labels are the bands' own names.
 */
export function chooseBands(available: BandLabel[], names: string[] | null, process: string, source: string): BandLabel[] {
  if (names === null) return available;
  // Another node's result reaches here unchecked when its return schema only overlaps.
  if (!Array.isArray(names) || names.some((name) => typeof name !== "string")) {
    throw new OpenEOError("ProcessParameterInvalid", { process, parameter: "bands", reason: "expected an array of band names or null" });
  }
  const chosen: BandLabel[] = [];
  for (const name of names) {
    const band = findBand(available, name);
    if (band === undefined || band === "ambiguous") {
      throw new OpenEOError("ProcessParameterInvalid", { process, parameter: "bands", reason: unresolvedReason(available, name, source) });
    }
    // "red" and "B04" both named: one band, read once.
    if (!chosen.includes(band)) chosen.push(band);
  }
  return chosen;
}
