import { CogFormatError } from "./cog-errors";
import { fieldTypeSize, Tag } from "./tiff-tags";

/** Thrown while parsing when the IFDs or their values reach beyond the bytes read so far. */
export class NeedMoreBytes {
  constructor(readonly end: number) {}
}

export type TagValue = Float64Array | string;

/** One image file directory: the values of the tags this back-end uses (others are skipped unread). */
export type Ifd = Map<number, TagValue>;

export interface ParsedTiff {
  littleEndian: boolean;
  ifds: Ifd[];
}

const WANTED_TAGS: ReadonlySet<number> = new Set(Object.values(Tag));
const MAX_IFDS = 1024;
/**
 * Values of the wanted tags of all IFDs together (each a float64 once parsed, so 32 MiB): the
 * offsets and byte counts of a million tiles and their overviews fit; IFDs that all point to one
 * large array, or a byte-typed array that grows eightfold, don't.
 */
const MAX_VALUES = 2 ** 22;

/**
 * Parses the IFD chain of a classic TIFF or BigTIFF from the first bytes of the file. Values of
 * tags we do not use (large metadata, JPEG tables) are never touched, so they need no bytes.
 */
export function parseTiff(bytes: Uint8Array): ParsedTiff {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  need(bytes, 8);
  const order = view.getUint16(0, false);
  if (order !== 0x4949 && order !== 0x4d4d) throw new CogFormatError("not a TIFF file (bad byte-order mark)");
  const le = order === 0x4949;
  const version = view.getUint16(2, le);
  if (version !== 42 && version !== 43) throw new CogFormatError(`not a TIFF file (version ${version})`);
  const big = version === 43;
  need(bytes, big ? 16 : 8);
  const readOffset = (at: number): number => (big ? uint64(view, at, le) : view.getUint32(at, le));

  const ifds: Ifd[] = [];
  const seen = new Set<number>();
  let values = 0;
  // Values beyond the bytes read so far are skipped and remembered, so one larger read covers them all.
  let missing = 0;
  let next = readOffset(big ? 8 : 4);
  while (next !== 0) {
    if (seen.has(next) || ifds.length >= MAX_IFDS) throw new CogFormatError("TIFF IFD chain loops or is too long");
    seen.add(next);
    const first = next + (big ? 8 : 2);
    if (first > bytes.length) {
      missing = Math.max(missing, first);
      break;
    }
    const count = big ? uint64(view, next, le) : view.getUint16(next, le);
    const entrySize = big ? 20 : 12;
    const end = first + count * entrySize;
    if (end + (big ? 8 : 4) > bytes.length) {
      missing = Math.max(missing, end + (big ? 8 : 4));
      break;
    }
    const ifd: Ifd = new Map();
    for (let at = first; at < end; at += entrySize) {
      const tag = view.getUint16(at, le);
      if (!WANTED_TAGS.has(tag)) continue;
      const type = view.getUint16(at + 2, le);
      const n = big ? uint64(view, at + 4, le) : view.getUint32(at + 4, le);
      const size = fieldTypeSize(type);
      if (size === undefined) throw new CogFormatError(`TIFF tag ${tag} has unknown field type ${type}`);
      const inline = size * n <= (big ? 8 : 4);
      const valueAt = inline ? at + (big ? 12 : 8) : readOffset(at + (big ? 12 : 8));
      values += n;
      if (values > MAX_VALUES) throw new CogFormatError(`TIFF tags hold more than ${MAX_VALUES} values`);
      if (valueAt + size * n > bytes.length) missing = Math.max(missing, valueAt + size * n);
      else ifd.set(tag, readValues(view, valueAt, type, n, le));
    }
    ifds.push(ifd);
    next = readOffset(end);
  }
  if (missing > 0) throw new NeedMoreBytes(missing);
  if (ifds.length === 0) throw new CogFormatError("TIFF file has no image");
  return { littleEndian: le, ifds };
}

function need(bytes: Uint8Array, end: number): void {
  if (end > bytes.length) throw new NeedMoreBytes(end);
}

function uint64(view: DataView, at: number, le: boolean): number {
  const value = view.getBigUint64(at, le);
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new CogFormatError("TIFF offset beyond 2^53");
  return Number(value);
}

function readValues(view: DataView, at: number, type: number, n: number, le: boolean): TagValue {
  if (type === 2) {
    let text = "";
    // The NUL terminator(s) cut by index: /\0+$/ is quadratic in a file's run of inner NULs.
    let end = n;
    while (end > 0 && view.getUint8(at + end - 1) === 0) end--;
    for (let i = 0; i < end; i++) text += String.fromCharCode(view.getUint8(at + i));
    return text;
  }
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) out[i] = readValue(view, at, type, i, le);
  return out;
}

function readValue(view: DataView, at: number, type: number, i: number, le: boolean): number {
  switch (type) {
    case 1: case 7: return view.getUint8(at + i);
    case 6: return view.getInt8(at + i);
    case 3: return view.getUint16(at + 2 * i, le);
    case 8: return view.getInt16(at + 2 * i, le);
    case 4: case 13: return view.getUint32(at + 4 * i, le);
    case 9: return view.getInt32(at + 4 * i, le);
    case 11: return view.getFloat32(at + 4 * i, le);
    case 12: return view.getFloat64(at + 8 * i, le);
    case 5: return view.getUint32(at + 8 * i, le) / view.getUint32(at + 8 * i + 4, le);
    case 10: return view.getInt32(at + 8 * i, le) / view.getInt32(at + 8 * i + 4, le);
    case 16: case 18: return uint64(view, at + 8 * i, le);
    default: return Number(view.getBigInt64(at + 8 * i, le));
  }
}
