/**
 * The tiles of a tiling grid that cover a request's area. UTM grids: the area is cut along the
 * zones' meridians and the equator, each part projected into its zone's UTM CRS (EPSG:326zz north,
 * 327zz south) and the tiles over its envelope kept where they overlap both the part and the area;
 * tiles of neighbouring zones overlap on the ground, as zones do. WGS84: 1-degree cells.
 * The number of tiles is checked against the caller's limit before any is listed.
 */
import { OpenEOError } from "../../errors";
import { transformBBox } from "../../raster/crs";
import type { BBox } from "../../raster/grid";
import type { TilingGrid } from "./tiling-grids";

export interface GridTile {
  /** Unique within the grid: the tile's zone, hemisphere and indices, or its cell. */
  id: number;
  /**
   * <zone><N|S>_<column>_<row>: the tile's west edge is column x side; its south edge is row x side
   * in the north, its north edge 10 000 km - row x side in the south (rows count away from the
   * equator); or the cell's corner as N45E012.
   */
  name: string;
  crs: string;
  bbox: BBox;
}

export interface Area {
  crs: string;
  bbox: BBox;
}

/** A block of tile indices (end exclusive) in one CRS, clipped to `part` (lon/lat). */
interface Block {
  crs: string;
  part: BBox;
  zone: number;
  south: boolean;
  i: [number, number];
  j: [number, number];
}

const WGS84 = "EPSG:4326";
/** The equator's northing in the southern UTM CRSs (their false northing). */
const EQUATOR_SOUTH = 10_000_000;
/** UTM's latitudes. */
const [UTM_SOUTH, UTM_NORTH] = [-80, 84];

const overlaps = (a: BBox, b: BBox) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3];

function invalid(message: string): OpenEOError {
  return new OpenEOError("RequestInvalid", { target: "body", reason: message }, { message });
}

const indices = (min: number, max: number, size: number): [number, number] => [Math.floor(min / size), Math.ceil(max / size)];

function utmBlocks(wgs: BBox, size: number): Block[] {
  const [w, s, e, n] = wgs;
  if (s < UTM_SOUTH || n > UTM_NORTH) throw invalid(`The UTM tiling grids cover latitudes ${-UTM_SOUTH}°S to ${UTM_NORTH}°N; the area reaches ${s < UTM_SOUTH ? `${-s}°S` : `${n}°N`}.`);
  const blocks: Block[] = [];
  const first = Math.max(1, Math.floor((w + 180) / 6) + 1);
  const last = Math.min(60, Math.ceil((e + 180) / 6));
  for (let zone = first; zone <= last; zone++) {
    const [west, east] = [Math.max(w, -186 + 6 * zone), Math.min(e, -180 + 6 * zone)];
    if (!(west < east)) continue;
    for (const south of [false, true]) {
      const [lo, hi] = south ? [s, Math.min(n, 0)] : [Math.max(s, 0), n];
      if (!(lo < hi)) continue;
      const crs = `EPSG:${south ? 327 : 326}${String(zone).padStart(2, "0")}`;
      const part: BBox = [west, lo, east, hi];
      const [minX, minY, maxX, maxY] = transformBBox(part, WGS84, crs);
      // Southern rows count down from the equator (northing 10 000 km), so that the hemispheres' rows meet there.
      const j = south ? indices(EQUATOR_SOUTH - maxY, EQUATOR_SOUTH - minY, size) : indices(minY, maxY, size);
      blocks.push({ crs, part, zone, south, i: indices(minX, maxX, size), j });
    }
  }
  return blocks;
}

const degrees = (value: number, positive: string, negative: string, digits: number) => `${value < 0 ? negative : positive}${String(Math.abs(value)).padStart(digits, "0")}`;

function utmTile(block: Block, i: number, j: number, size: number): GridTile {
  const id = ((block.zone * 2 + (block.south ? 1 : 0)) * 10_000 + j) * 1000 + i;
  const [minY, maxY] = block.south ? [EQUATOR_SOUTH - (j + 1) * size, EQUATOR_SOUTH - j * size] : [j * size, (j + 1) * size];
  return { id, name: `${block.zone}${block.south ? "S" : "N"}_${i}_${j}`, crs: block.crs, bbox: [i * size, minY, (i + 1) * size, maxY] };
}

function wgs84Tile(i: number, j: number): GridTile {
  const [lon, lat] = [i - 180, j - 90];
  return { id: j * 360 + i, name: `${degrees(lat, "N", "S", 2)}${degrees(lon, "E", "W", 3)}`, crs: WGS84, bbox: [lon, lat, lon + 1, lat + 1] };
}

/** The area's box in longitudes and latitudes; an area outside its CRS's domain is the caller's mistake. */
function inDegrees(area: Area): BBox {
  try {
    return transformBBox(area.bbox, area.crs, WGS84);
  } catch (error) {
    if (error instanceof RangeError) throw invalid(`The area [${area.bbox.join(", ")}] lies outside the domain of ${area.crs}.`);
    throw error;
  }
}

/** The grid's tiles overlapping `area`, at most `max` (else a 400 saying how many it would take). */
export function tilesCovering(grid: TilingGrid, area: Area, max: number): GridTile[] {
  const wgs = inDegrees(area);
  if (wgs[0] > wgs[2]) throw invalid("Areas across the antimeridian are not supported; split the request in two.");
  if (wgs[0] < -180 || wgs[1] < -90 || wgs[2] > 180 || wgs[3] > 90) throw invalid("The area reaches beyond longitudes -180 to 180 or latitudes -90 to 90.");
  const blocks: Block[] =
    grid.kind === "utm"
      ? utmBlocks(wgs, grid.size)
      : [{ crs: WGS84, part: wgs, zone: 0, south: false, i: indices(wgs[0] + 180, wgs[2] + 180, 1), j: indices(wgs[1] + 90, wgs[3] + 90, 1) }];
  const count = blocks.reduce((n, b) => n + (b.i[1] - b.i[0]) * (b.j[1] - b.j[0]), 0);
  if (count > max) throw invalid(`The area spans about ${count} tiles of the grid '${grid.name}'; at most ${max} are allowed in one request.`);
  const tiles: GridTile[] = [];
  for (const block of blocks) {
    for (let j = block.j[0]; j < block.j[1]; j++) {
      for (let i = block.i[0]; i < block.i[1]; i++) {
        const tile = grid.kind === "utm" ? utmTile(block, i, j, grid.size) : wgs84Tile(i, j);
        if (overlaps(transformBBox(tile.bbox, tile.crs, area.crs), area.bbox) && overlaps(transformBBox(tile.bbox, tile.crs, WGS84), block.part)) tiles.push(tile);
      }
    }
  }
  return tiles;
}
