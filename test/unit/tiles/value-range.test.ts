import { describe, expect, it } from "vitest";
import { parseXyzConfiguration } from "../../../src/tiles/configuration";
import { overviewGrid, ESTIMATE_GRID_PIXELS } from "../../../src/tiles/range-estimate";
import { needsEstimate, percentileRange, shownRange } from "../../../src/tiles/value-range";

describe("percentileRange", () => {
  it("takes the 2nd and 98th percentiles of the finite values of all planes", () => {
    // 0..99 across two planes, with no-data between: the 2nd percentile is 2, the 98th 97.
    const values = Array.from({ length: 100 }, (_, i) => 99 - i);
    const a = Float32Array.from([...values.slice(0, 50), NaN, Infinity]);
    const b = Float32Array.from([NaN, ...values.slice(50)]);
    expect(percentileRange([a, b])).toEqual({ min: 2, max: 97 });
  });

  it("gives a flat field a span around its value, and nothing without values", () => {
    expect(percentileRange([Float32Array.of(0.25, 0.25, 0.25)])).toEqual({ min: -0.25, max: 0.75 });
    expect(percentileRange([Float32Array.of(NaN, NaN)])).toBeNull();
  });
});

describe("shownRange", () => {
  const estimate = { version: 1, min: 0.2, max: 0.9 };
  it("fills the ends the configuration leaves out from the estimate, for greys and viridis", () => {
    expect(shownRange(parseXyzConfiguration({}), estimate)).toEqual({ min: 0.2, max: 0.9, source: "estimated" });
    expect(shownRange(parseXyzConfiguration({ colormap: "viridis", max: 2 }), estimate)).toEqual({ min: 0.2, max: 2, source: "estimated" });
    expect(shownRange(parseXyzConfiguration({ min: 1 }), estimate)).toEqual({ min: 1, max: 255, source: "colormap" });
  });

  it("keeps configured ends and the ranges of colour maps that have one", () => {
    expect(needsEstimate(parseXyzConfiguration({ colormap: "ndvi" }))).toBe(false);
    expect(shownRange(parseXyzConfiguration({ min: -3, max: 3 }), estimate)).toEqual({ min: -3, max: 3, source: "configuration" });
    expect(shownRange(parseXyzConfiguration({ colormap: "ndvi" }), estimate)).toEqual({ min: -1, max: 1, source: "colormap" });
    const stops = [{ value: 10, color: "#000000" }, { value: 20, color: "#ffffff" }];
    expect(shownRange(parseXyzConfiguration({ colormap: stops }), estimate)).toEqual({ min: 10, max: 20, source: "colormap" });
    expect(shownRange(parseXyzConfiguration({}), { version: 1, min: null, max: null, reason: "none" })).toEqual({ min: 0, max: 255, source: "colormap" });
  });
});

describe("overviewGrid", () => {
  it("covers the extent in Web Mercator with at most 256 px on the longer side, cut at 180 degrees and the poles", () => {
    const wide = overviewGrid([10, 45, 12, 46]);
    expect(wide.crs).toBe("EPSG:3857");
    expect(wide.width).toBe(ESTIMATE_GRID_PIXELS);
    expect(wide.height).toBeLessThan(ESTIMATE_GRID_PIXELS);
    expect(wide.bbox[0]).toBeCloseTo((10 / 180) * 20037508.342789244, 3);
    const across = overviewGrid([170, -90, 190, -80]);
    expect(across.bbox[2]).toBeCloseTo(20037508.342789244, 3);
    expect(Number.isFinite(across.bbox[1])).toBe(true);
  });
});
