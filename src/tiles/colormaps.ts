/**
 * Colour maps of single-band tiles: a value becomes an RGB colour by linear interpolation between
 * stops, after rescaling [min, max] onto the map's [0, 1]; values outside clamp to the ends.
 * Tiles draw through a palette of the map sampled at PALETTE_LEVELS evenly spaced values
 * (colourPalette), so that a pixel costs one index computation, not an interpolation.
 */
import type { ColourStop, XyzConfiguration } from "./configuration";

type Rgb = [number, number, number];

/** Stops at positions in [0, 1]. */
interface Ramp {
  at: number[];
  colours: Rgb[];
}

const hex = (colour: string): Rgb => [1, 3, 5].map((i) => parseInt(colour.slice(i, i + 2), 16)) as Rgb;

function evenly(colours: string[]): Ramp {
  return { at: colours.map((_, i) => i / (colours.length - 1)), colours: colours.map(hex) };
}

/** Matplotlib's viridis, sampled at 9 evenly spaced points. */
const VIRIDIS = evenly(["#440154", "#472d7b", "#3b528b", "#2c728e", "#21918c", "#28ae80", "#5ec962", "#addc30", "#fde725"]);
const GREYS = evenly(["#000000", "#ffffff"]);
/** Bare soil brown through yellow to dense vegetation green, for -1..1. */
const NDVI = { at: [0, 0.5, 0.6, 0.7, 0.8, 1], colours: ["#8c510a", "#d8b365", "#f6e8c3", "#c7e9c0", "#41ab5d", "#00441b"].map(hex) };

export interface ColourMap {
  /** RGB of a finite value. */
  colour(value: number): Rgb;
  /** The values mapped to the map's ends. */
  min: number;
  max: number;
}

function rampMap(ramp: Ramp, min: number, max: number): ColourMap {
  const span = max - min || 1;
  return {
    min,
    max,
    colour(value) {
      const t = Math.min(1, Math.max(0, (value - min) / span));
      let i = 1;
      while (i < ramp.at.length - 1 && t > ramp.at[i]!) i++;
      const [a, b] = [ramp.at[i - 1]!, ramp.at[i]!];
      const f = b === a ? 0 : (t - a) / (b - a);
      const [c0, c1] = [ramp.colours[i - 1]!, ramp.colours[i]!];
      return [0, 1, 2].map((k) => Math.round(c0[k]! + (c1[k]! - c0[k]!) * f)) as Rgb;
    },
  };
}

function stopsRamp(stops: ColourStop[]): { ramp: Ramp; min: number; max: number } {
  const [min, max] = [stops[0]!.value, stops.at(-1)!.value];
  return { ramp: { at: stops.map((s) => (s.value - min) / (max - min)), colours: stops.map((s) => hex(s.color)) }, min, max };
}

/** The colour map a configuration asks for, with its min and max (or their defaults) applied. */
export function colourMap(configuration: Pick<XyzConfiguration, "colormap" | "min" | "max">): ColourMap {
  const { colormap, min, max } = configuration;
  if (Array.isArray(colormap)) {
    const stops = stopsRamp(colormap);
    return rampMap(stops.ramp, min ?? stops.min, max ?? stops.max);
  }
  if (colormap === "ndvi") return rampMap(NDVI, min ?? -1, max ?? 1);
  return rampMap(colormap === "viridis" ? VIRIDIS : GREYS, min ?? 0, max ?? 255);
}

/**
 * Levels a tile's single band is drawn in: one byte per pixel with index 0 left for no data, as an
 * indexed PNG holds it. Like rio-tiler's 256-entry colour maps over values rescaled to bytes.
 */
export const PALETTE_LEVELS = 255;

/** A colour map sampled at PALETTE_LEVELS values evenly spaced from min to max. */
export interface ColourPalette {
  min: number;
  /** Levels per unit of value: level = round((value - min) * scale), clamped. */
  scale: number;
  /** RGB of each level, PALETTE_LEVELS x 3 bytes. */
  rgb: Uint8Array;
  /** Whether every level is grey (r = g = b), so that a greyscale image can show it. */
  grey: boolean;
}

export function colourPalette(map: ColourMap): ColourPalette {
  const rgb = new Uint8Array(PALETTE_LEVELS * 3);
  let grey = true;
  for (let level = 0; level < PALETTE_LEVELS; level++) {
    const colour = map.colour(map.min + ((map.max - map.min) * level) / (PALETTE_LEVELS - 1));
    rgb.set(colour, level * 3);
    grey &&= colour[0] === colour[1] && colour[1] === colour[2];
  }
  return { min: map.min, scale: (PALETTE_LEVELS - 1) / (map.max - map.min || 1), rgb, grey };
}
