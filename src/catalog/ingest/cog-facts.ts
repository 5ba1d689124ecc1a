/** What ingestion needs to know about a COG, read from its header. */
export interface CogFacts {
  epsg: number | null;
  width: number;
  height: number;
  /** proj:transform order: [a, b, c, d, e, f] with x = a*col + b*row + c, y = d*col + e*row + f. */
  transform: [number, number, number, number, number, number];
  dataType: string;
  nodata: number | null;
  tiled: boolean;
  compression: string;
  /** Whether this back-end's reader decodes the compression. */
  compressionSupported: boolean;
  overviewCount: number;
  /** Bytes from the start of the file to the end of the last IFD and its tag data. */
  headerBytes: number;
}

export interface CogVerdict {
  accepted: boolean;
  problems: string[];
  warnings: string[];
}

/** Largest header the reader fetches comfortably in one or two reads. */
export const MAX_HEADER_BYTES = 1024 * 1024;

/** The checks a COG must pass to be ingested, and the warnings worth reporting. */
export function judgeCog(facts: CogFacts): CogVerdict {
  const problems: string[] = [];
  const warnings: string[] = [];
  if (!facts.tiled) problems.push("not tiled (strips): every read would fetch whole rows of the image");
  if (!facts.compressionSupported) problems.push(`compression ${facts.compression} is not supported by the reader`);
  if (facts.epsg === null) problems.push("no EPSG code in its GeoKeys");
  if (facts.headerBytes > MAX_HEADER_BYTES) problems.push(`header of ${facts.headerBytes} bytes exceeds ${MAX_HEADER_BYTES}`);
  if (facts.overviewCount === 0 && Math.max(facts.width, facts.height) > 1024) {
    warnings.push("no overviews: zoomed-out reads will fetch full resolution");
  }
  return { accepted: problems.length === 0, problems, warnings };
}
