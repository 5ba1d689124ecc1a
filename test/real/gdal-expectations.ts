/** What a result GeoTIFF must look like to GDAL: the checks every real-data suite makes of its COGs. */
import { expect } from "vitest";
import { gdalComputedStatistics, gdalEpsg, gdalInfo, validateCog, type GdalInfo } from "./gdal-tools";

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
  expectGdalAgreesOnStatistics(path, info);
  expectValidCog(path);
}

/** The statistics the file carries (which viewers stretch by) are those GDAL computes from its pixels. */
function expectGdalAgreesOnStatistics(path: string, info: GdalInfo): void {
  const computed = gdalComputedStatistics(path);
  info.bands.forEach((band, i) => {
    const written = band.metadata?.[""] ?? {};
    const expected = computed[i];
    if (!expected) return expect(written, `band ${i + 1} has no valid pixels, so no statistics`).not.toHaveProperty("STATISTICS_MINIMUM");
    const [minimum, maximum, mean, stddev] = expected;
    expect(Number(written.STATISTICS_MINIMUM), `band ${i + 1} minimum`).toBe(minimum);
    expect(Number(written.STATISTICS_MAXIMUM), `band ${i + 1} maximum`).toBe(maximum);
    expect(Number(written.STATISTICS_MEAN), `band ${i + 1} mean`).toBeCloseTo(mean, 6);
    expect(Number(written.STATISTICS_STDDEV), `band ${i + 1} stddev`).toBeCloseTo(stddev, 6);
  });
}

export function expectValidCog(path: string): void {
  const validation = validateCog(path);
  expect(validation.output).toContain("is a valid cloud optimized GeoTIFF");
  expect(validation.status, validation.output).toBe(0);
}
