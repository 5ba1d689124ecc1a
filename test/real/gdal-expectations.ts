/** What a result GeoTIFF must look like to GDAL: the checks every real-data suite makes of its COGs. */
import { expect } from "vitest";
import { gdalEpsg, gdalInfo, validateCog } from "./gdal-tools";

export interface ExpectedGeoTiff {
  width: number;
  height: number;
  epsg: number;
  geoTransform: number[];
  descriptions: string[];
  /** GDAL's band type: Float32 for computed values, the source's type for values as read. */
  type?: string;
}

/**
 * gdalinfo reads the size, CRS, geotransform, bands and their names we expect; GDAL's validator
 * calls it a valid COG. `path` is a local file or a GDAL virtual path (such as /vsicurl/).
 */
export function expectGdalSeesCog(path: string, expected: ExpectedGeoTiff): void {
  const info = gdalInfo(path);
  expect(info.driverShortName).toBe("GTiff");
  expect(info.size).toEqual([expected.width, expected.height]);
  expect(gdalEpsg(info)).toBe(expected.epsg);
  expect(info.geoTransform.length).toBe(6);
  info.geoTransform.forEach((v, i) => expect(v, `geoTransform[${i}]`).toBeCloseTo(expected.geoTransform[i]!, 9));
  expect(info.bands.map((b) => b.description)).toEqual(expected.descriptions);
  expect(info.bands.map((b) => b.type)).toEqual(expected.descriptions.map(() => expected.type ?? "Float32"));
  expectValidCog(path);
}

export function expectValidCog(path: string): void {
  const validation = validateCog(path);
  expect(validation.output).toContain("is a valid cloud optimized GeoTIFF");
  expect(validation.status, validation.output).toBe(0);
}
