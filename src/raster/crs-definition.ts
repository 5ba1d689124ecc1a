import proj4 from "proj4";

/** Thrown for a CRS we cannot handle; `crs` is the code as given so API errors can quote it. */
export class UnsupportedCrsError extends Error {
  override readonly name = "UnsupportedCrsError";

  constructor(readonly crs: string) {
    super(`Unsupported CRS: ${crs}`);
  }
}

/** What proj4 needs to build a converter, plus whether coordinates are longitude/latitude degrees. */
export interface CrsDefinition {
  /** A proj4 string, or a name registered in proj4's own definitions. */
  proj: string;
  geographic: boolean;
}

// Spelled out rather than taken from proj4's registry so that axis order (x = longitude) and
// the Web Mercator sphere do not depend on global state other code could redefine.
const WGS84 = "+proj=longlat +datum=WGS84 +no_defs";
const WEB_MERCATOR =
  "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +no_defs";

/** "epsg:04326" and " EPSG:4326" both become "EPSG:4326"; other names are only trimmed. */
export function normalizeCrs(crs: string): string {
  const trimmed = crs.trim();
  const match = /^epsg:(\d+)$/i.exec(trimmed);
  return match ? `EPSG:${Number(match[1])}` : trimmed;
}

export function sameCrs(a: string, b: string): boolean {
  return normalizeCrs(a) === normalizeCrs(b);
}

/**
 * Resolves EPSG:4326, EPSG:3857, the WGS 84 UTM zones (EPSG:32601-32660 north, 32701-32760 south)
 * and any other name proj4 already knows (e.g. EPSG:4269, EPSG:5041).
 * @throws UnsupportedCrsError for anything else.
 */
export function crsDefinition(crs: string): CrsDefinition {
  const name = normalizeCrs(crs);
  if (name === "EPSG:4326") return { proj: WGS84, geographic: true };
  if (name === "EPSG:3857") return { proj: WEB_MERCATOR, geographic: false };
  const utm = utmDefinition(name);
  if (utm) return { proj: utm, geographic: false };
  const known: unknown = proj4.defs(name);
  // proj4.defs is a function object, so names such as "length" resolve to non-definitions.
  if (typeof known === "object" && known !== null && "projName" in known && typeof known.projName === "string") {
    return { proj: name, geographic: known.projName === "longlat" || known.projName === "latlong" };
  }
  throw new UnsupportedCrsError(crs);
}

function utmDefinition(name: string): string | undefined {
  // ETRS89 / UTM zones 28N-38N (EPSG:25828-25838): GRS 80, which the WGS 84 datum matches to centimetres.
  const etrs = /^EPSG:258(2[89]|3[0-8])$/.exec(name);
  if (etrs) return `+proj=utm +zone=${Number(etrs[1])} +ellps=GRS80 +towgs84=0,0,0,0,0,0,0 +units=m +no_defs`;
  const match = /^EPSG:(327|326)(\d\d)$/.exec(name);
  if (!match) return undefined;
  const zone = Number(match[2]);
  if (zone < 1 || zone > 60) return undefined;
  const south = match[1] === "327" ? " +south" : "";
  return `+proj=utm +zone=${zone}${south} +datum=WGS84 +units=m +no_defs`;
}
