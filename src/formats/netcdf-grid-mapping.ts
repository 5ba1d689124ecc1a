/**
 * The CF grid mapping of a grid's CRS: the CF parameters (grid_mapping_name, projection
 * parameters, ellipsoid) for CF readers, and the same CRS as OGC WKT 1 (crs_wkt, and GDAL's
 * spatial_ref, which GDAL reads first) with EPSG authority codes so that GDAL reports the EPSG
 * code. There is no EPSG database here, so the CRSs the back-end can read onto (crs-definition.ts:
 * EPSG:4326, 4269, 3857, the WGS 84 and ETRS89 UTM zones, 5041 and 5042) are spelled out.
 */
import { normalizeCrs } from "../raster/crs";
import type { NcAttributes } from "./netcdf-classic";

interface Datum {
  /** The geographic CRS's name, datum name and ellipsoid as WKT 1 names them. */
  name: string;
  datum: string;
  ellipsoid: string;
  a: number;
  inverseFlattening: number;
  /** EPSG codes of the geographic CRS, datum and ellipsoid. */
  codes: { crs: number; datum: number; ellipsoid: number };
}

const WGS84: Datum = {
  name: "WGS 84",
  datum: "WGS_1984",
  ellipsoid: "WGS 84",
  a: 6378137,
  inverseFlattening: 298.257223563,
  codes: { crs: 4326, datum: 6326, ellipsoid: 7030 },
};
const GRS80 = { ellipsoid: "GRS 1980", a: 6378137, inverseFlattening: 298.257222101 };
const ETRS89: Datum = { name: "ETRS89", datum: "European_Terrestrial_Reference_System_1989", ...GRS80, codes: { crs: 4258, datum: 6258, ellipsoid: 7019 } };
const NAD83: Datum = { name: "NAD83", datum: "North_American_Datum_1983", ...GRS80, codes: { crs: 4269, datum: 6269, ellipsoid: 7019 } };

/** A projection parameter under its WKT 1 and CF names. */
type Parameter = [wkt: string, cf: string, value: number];

interface Projection {
  name: string;
  code: number;
  datum: Datum;
  wktMethod: string;
  cfName: string;
  parameters: Parameter[];
  /** CF's ellipsoid when it differs from the datum's (Web Mercator projects on a sphere). */
  cfSphere?: number;
  /** WKT 1 axis directions of x and y: EPSG's polar ones point south along meridians, which WKT 1 can only call SOUTH. */
  axes?: [string, string];
  /** GDAL's WKT 1 marks Web Mercator's spherical formulas with the PROJ string; nothing else says so in WKT 1. */
  proj4Extension?: string;
}

type Description = { geographic: Datum } | { projected: Projection };

function utm(code: number, zone: number, south: boolean, datum: Datum): Projection {
  return {
    name: `${datum.name} / UTM zone ${zone}${south ? "S" : "N"}`,
    code,
    datum,
    wktMethod: "Transverse_Mercator",
    cfName: "transverse_mercator",
    parameters: [
      ["latitude_of_origin", "latitude_of_projection_origin", 0],
      ["central_meridian", "longitude_of_central_meridian", zone * 6 - 183],
      ["scale_factor", "scale_factor_at_central_meridian", 0.9996],
      ["false_easting", "false_easting", 500000],
      ["false_northing", "false_northing", south ? 10000000 : 0],
    ],
  };
}

function ups(code: number, north: boolean): Projection {
  return {
    name: `WGS 84 / UPS ${north ? "North" : "South"} (E,N)`,
    code,
    datum: WGS84,
    wktMethod: "Polar_Stereographic",
    cfName: "polar_stereographic",
    parameters: [
      ["latitude_of_origin", "latitude_of_projection_origin", north ? 90 : -90],
      ["central_meridian", "straight_vertical_longitude_from_pole", 0],
      ["scale_factor", "scale_factor_at_projection_origin", 0.994],
      ["false_easting", "false_easting", 2000000],
      ["false_northing", "false_northing", 2000000],
    ],
    axes: north ? ["SOUTH", "SOUTH"] : ["NORTH", "NORTH"],
  };
}

const WEB_MERCATOR: Projection = {
  name: "WGS 84 / Pseudo-Mercator",
  code: 3857,
  datum: WGS84,
  wktMethod: "Mercator_1SP",
  cfName: "mercator",
  parameters: [
    ["central_meridian", "longitude_of_projection_origin", 0],
    ["scale_factor", "scale_factor_at_projection_origin", 1],
    ["false_easting", "false_easting", 0],
    ["false_northing", "false_northing", 0],
  ],
  cfSphere: 6378137,
  proj4Extension: "+proj=merc +a=6378137 +b=6378137 +lat_ts=0 +lon_0=0 +x_0=0 +y_0=0 +k=1 +units=m +nadgrids=@null +wktext +no_defs",
};

/** The description of a CRS, or undefined for one this file doesn't know. */
function describe(crs: string): Description | undefined {
  const match = /^EPSG:(\d+)$/.exec(normalizeCrs(crs));
  if (!match) return undefined;
  const code = Number(match[1]);
  if (code === 4326) return { geographic: WGS84 };
  if (code === 4269) return { geographic: NAD83 };
  // proj4 also knows Web Mercator by its withdrawn codes.
  if ([3857, 3785, 900913, 102113].includes(code)) return { projected: WEB_MERCATOR };
  if (code === 5041 || code === 5042) return { projected: ups(code, code === 5041) };
  const zone = code % 100;
  if (code >= 32601 && code <= 32660) return { projected: utm(code, zone, false, WGS84) };
  if (code >= 32701 && code <= 32760) return { projected: utm(code, zone, true, WGS84) };
  if (code >= 25828 && code <= 25838) return { projected: utm(code, zone, false, ETRS89) };
  return undefined;
}

const authority = (code: number) => `AUTHORITY["EPSG","${code}"]`;

function geographicWkt(datum: Datum, withAxes: boolean): string {
  const { codes } = datum;
  return (
    `GEOGCS["${datum.name}",DATUM["${datum.datum}",SPHEROID["${datum.ellipsoid}",${datum.a},${datum.inverseFlattening},${authority(codes.ellipsoid)}],${authority(codes.datum)}],` +
    `PRIMEM["Greenwich",0,${authority(8901)}],UNIT["degree",0.0174532925199433,${authority(9122)}],` +
    // EPSG's geographic axis order; GDAL still maps x to longitude in netCDF (traditional GIS order).
    `${withAxes ? `AXIS["Latitude",NORTH],AXIS["Longitude",EAST],` : ""}${authority(codes.crs)}]`
  );
}

function projectedWkt(p: Projection): string {
  const parameters = p.parameters.map(([wkt, , value]) => `PARAMETER["${wkt}",${value}]`).join(",");
  const [x, y] = p.axes ?? ["EAST", "NORTH"];
  const extension = p.proj4Extension ? `EXTENSION["PROJ4","${p.proj4Extension}"],` : "";
  return (
    `PROJCS["${p.name}",${geographicWkt(p.datum, false)},PROJECTION["${p.wktMethod}"],${parameters},` +
    `UNIT["metre",1,${authority(9001)}],AXIS["Easting",${x}],AXIS["Northing",${y}],${extension}${authority(p.code)}]`
  );
}

const double = (value: number) => ({ type: "double" as const, values: [value] });

function ellipsoid(datum: Datum, sphere?: number): NcAttributes {
  if (sphere !== undefined) return { semi_major_axis: double(sphere), semi_minor_axis: double(sphere) };
  return { semi_major_axis: double(datum.a), inverse_flattening: double(datum.inverseFlattening) };
}

export interface GridMapping {
  /** Whether coordinates are longitude and latitude in degrees (else metres). */
  geographic: boolean;
  /** The attributes of the grid mapping variable. */
  attributes: NcAttributes;
}

/** The grid mapping of `crs`, or undefined when it can't be described. */
export function gridMapping(crs: string): GridMapping | undefined {
  const description = describe(crs);
  if (!description) return undefined;
  const geographic = "geographic" in description;
  const cf: NcAttributes = geographic
    ? { grid_mapping_name: "latitude_longitude", ...ellipsoid(description.geographic) }
    : {
        grid_mapping_name: description.projected.cfName,
        ...Object.fromEntries(description.projected.parameters.map(([, name, value]) => [name, double(value)])),
        ...ellipsoid(description.projected.datum, description.projected.cfSphere),
      };
  const wkt = geographic ? geographicWkt(description.geographic, true) : projectedWkt(description.projected);
  const code = geographic ? description.geographic.codes.crs : description.projected.code;
  return { geographic, attributes: { ...cf, longitude_of_prime_meridian: double(0), crs_wkt: wkt, spatial_ref: wkt, epsg_code: `EPSG:${code}` } };
}
