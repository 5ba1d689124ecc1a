import { fieldTypeSize, FieldType, Tag } from "../../src/raster/tiff-tags";

export interface BuildEntry {
  tag: number;
  type: number;
  values: number[] | string;
}

export interface BuildImage {
  entries: BuildEntry[];
  /** Encoded tiles (or strips), in TileOffsets order; their offsets and byte counts are added as tags. */
  tiles: Uint8Array[];
  strips?: boolean;
}

/**
 * Builds a small TIFF by hand, independently of the COG writer, to exercise what the writer never
 * produces: big-endian byte order, BigTIFF, strips, other compressions and odd georeferencing.
 * Layout: header, tile data, then each IFD followed by its out-of-line values.
 */
export function buildTiff(images: BuildImage[], options: { bigTiff?: boolean; littleEndian?: boolean } = {}): Uint8Array {
  const big = options.bigTiff ?? false;
  const le = options.littleEndian ?? true;
  const headerSize = big ? 16 : 8;
  const entrySize = big ? 20 : 12;
  const inlineSize = big ? 8 : 4;
  const offsetType = big ? FieldType.LONG8 : FieldType.LONG;

  let at = headerSize;
  const withTiles = images.map((image) => {
    const offsets = image.tiles.map((t) => {
      const o = at;
      at += t.length;
      return o;
    });
    const entries: BuildEntry[] = [
      ...image.entries,
      { tag: image.strips ? Tag.StripOffsets : Tag.TileOffsets, type: offsetType, values: offsets },
      { tag: image.strips ? Tag.StripByteCounts : Tag.TileByteCounts, type: offsetType, values: image.tiles.map((t) => t.length) },
    ].sort((a, b) => a.tag - b.tag);
    return { image, offsets, entries };
  });
  const ifdAt: number[] = [];
  for (const { entries } of withTiles) {
    at += at & 1;
    ifdAt.push(at);
    at += (big ? 8 : 2) + entries.length * entrySize + (big ? 8 : 4);
    for (const e of entries) {
      const size = byteSize(e);
      if (size > inlineSize) at += size + (size & 1);
    }
  }

  const out = new Uint8Array(at);
  const view = new DataView(out.buffer);
  const offset = (pos: number, value: number): void => (big ? view.setBigUint64(pos, BigInt(value), le) : view.setUint32(pos, value, le));
  out.set(le ? [0x49, 0x49] : [0x4d, 0x4d]);
  view.setUint16(2, big ? 43 : 42, le);
  if (big) {
    view.setUint16(4, 8, le);
    view.setUint16(6, 0, le);
  }
  offset(big ? 8 : 4, ifdAt[0]!);
  withTiles.forEach(({ image, offsets, entries }, i) => {
    image.tiles.forEach((t, k) => out.set(t, offsets[k]!));
    let pos = ifdAt[i]!;
    if (big) view.setBigUint64(pos, BigInt(entries.length), le);
    else view.setUint16(pos, entries.length, le);
    pos += big ? 8 : 2;
    let extra = pos + entries.length * entrySize + (big ? 8 : 4);
    for (const e of entries) {
      view.setUint16(pos, e.tag, le);
      view.setUint16(pos + 2, e.type, le);
      const count = typeof e.values === "string" ? e.values.length + 1 : e.values.length;
      if (big) view.setBigUint64(pos + 4, BigInt(count), le);
      else view.setUint32(pos + 4, count, le);
      const size = byteSize(e);
      const valueAt = pos + (big ? 12 : 8);
      if (size <= inlineSize) {
        writeValues(view, valueAt, e, le);
      } else {
        offset(valueAt, extra);
        writeValues(view, extra, e, le);
        extra += size + (size & 1);
      }
      pos += entrySize;
    }
    offset(pos, ifdAt[i + 1] ?? 0);
  });
  return out;
}

function byteSize(e: BuildEntry): number {
  const count = typeof e.values === "string" ? e.values.length + 1 : e.values.length;
  return count * fieldTypeSize(e.type)!;
}

function writeValues(view: DataView, at: number, e: BuildEntry, le: boolean): void {
  if (typeof e.values === "string") {
    for (let i = 0; i < e.values.length; i++) view.setUint8(at + i, e.values.charCodeAt(i));
    return;
  }
  e.values.forEach((v, i) => {
    switch (e.type) {
      case FieldType.BYTE:
      case FieldType.UNDEFINED: view.setUint8(at + i, v); break;
      case FieldType.SHORT: view.setUint16(at + 2 * i, v, le); break;
      case FieldType.LONG: view.setUint32(at + 4 * i, v, le); break;
      case FieldType.LONG8: view.setBigUint64(at + 8 * i, BigInt(v), le); break;
      case FieldType.DOUBLE: view.setFloat64(at + 8 * i, v, le); break;
      default: throw new Error(`tiff-builder cannot write field type ${e.type}`);
    }
  });
}

/** Tags of a georeferenced single-band image, tiled (tileSize) or in strips of `rowsPerStrip` rows. */
export function imageTags(o: {
  width: number;
  height: number;
  bits: number;
  format: number;
  samples?: number;
  planar?: boolean;
  compression?: number;
  predictor?: number;
  tileSize?: number;
  rowsPerStrip?: number;
  subfileType?: number;
}): BuildEntry[] {
  const samples = o.samples ?? 1;
  const entries: BuildEntry[] = [
    { tag: Tag.ImageWidth, type: FieldType.LONG, values: [o.width] },
    { tag: Tag.ImageLength, type: FieldType.LONG, values: [o.height] },
    { tag: Tag.BitsPerSample, type: FieldType.SHORT, values: new Array<number>(samples).fill(o.bits) },
    { tag: Tag.Compression, type: FieldType.SHORT, values: [o.compression ?? 1] },
    { tag: Tag.SamplesPerPixel, type: FieldType.SHORT, values: [samples] },
    { tag: Tag.PlanarConfiguration, type: FieldType.SHORT, values: [o.planar ? 2 : 1] },
    { tag: Tag.Predictor, type: FieldType.SHORT, values: [o.predictor ?? 1] },
    { tag: Tag.SampleFormat, type: FieldType.SHORT, values: new Array<number>(samples).fill(o.format) },
  ];
  if (o.subfileType !== undefined) entries.push({ tag: Tag.NewSubfileType, type: FieldType.LONG, values: [o.subfileType] });
  if (o.rowsPerStrip !== undefined) entries.push({ tag: Tag.RowsPerStrip, type: FieldType.LONG, values: [o.rowsPerStrip] });
  if (o.tileSize !== undefined) {
    entries.push({ tag: Tag.TileWidth, type: FieldType.LONG, values: [o.tileSize] }, { tag: Tag.TileLength, type: FieldType.LONG, values: [o.tileSize] });
  }
  return entries;
}

/** GeoTIFF tags: pixel scale and tie point for a north-up grid, and an EPSG code. */
export function geoTags(o: { originX: number; originY: number; pixel: number; epsg: number; geographic?: boolean; pixelIsPoint?: boolean }): BuildEntry[] {
  return [
    { tag: Tag.ModelPixelScale, type: FieldType.DOUBLE, values: [o.pixel, o.pixel, 0] },
    { tag: Tag.ModelTiepoint, type: FieldType.DOUBLE, values: [0, 0, 0, o.originX, o.originY, 0] },
    {
      tag: Tag.GeoKeyDirectory,
      type: FieldType.SHORT,
      values: [1, 1, 0, 3, 1024, 0, 1, o.geographic ? 2 : 1, 1025, 0, 1, o.pixelIsPoint ? 2 : 1, o.geographic ? 2048 : 3072, 0, 1, o.epsg],
    },
  ];
}
