import { fieldTypeSize } from "./tiff-tags";

/** One tag of an IFD to write: numbers of the given TIFF field type, or an ASCII string. */
export interface IfdEntry {
  tag: number;
  type: number;
  values: ArrayLike<number> | string;
}

/** Bytes one classic-TIFF IFD takes: count, 12-byte entries, next pointer, then values too large to inline. */
export function ifdSize(entries: IfdEntry[]): number {
  let size = 2 + entries.length * 12 + 4;
  for (const entry of entries) {
    const bytes = valueBytes(entry);
    if (bytes > 4) size += bytes + (bytes & 1);
  }
  return size;
}

/** Writes an IFD at `at` (entries sorted by tag, as TIFF requires) with its values right after it. */
export function writeIfd(view: DataView, at: number, entries: IfdEntry[], nextIfd: number): void {
  const sorted = [...entries].sort((a, b) => a.tag - b.tag);
  view.setUint16(at, sorted.length, true);
  let extra = at + 2 + sorted.length * 12 + 4;
  sorted.forEach((entry, i) => {
    const slot = at + 2 + i * 12;
    const bytes = valueBytes(entry);
    view.setUint16(slot, entry.tag, true);
    view.setUint16(slot + 2, entry.type, true);
    view.setUint32(slot + 4, typeof entry.values === "string" ? entry.values.length + 1 : entry.values.length, true);
    if (bytes <= 4) {
      writeValues(view, slot + 8, entry);
    } else {
      view.setUint32(slot + 8, extra, true);
      writeValues(view, extra, entry);
      extra += bytes + (bytes & 1);
    }
  });
  view.setUint32(at + 2 + sorted.length * 12, nextIfd, true);
}

function valueBytes(entry: IfdEntry): number {
  const count = typeof entry.values === "string" ? entry.values.length + 1 : entry.values.length;
  return count * (fieldTypeSize(entry.type) ?? 1);
}

function writeValues(view: DataView, at: number, { type, values }: IfdEntry): void {
  if (typeof values === "string") {
    for (let i = 0; i < values.length; i++) view.setUint8(at + i, values.charCodeAt(i) & 0xff);
    view.setUint8(at + values.length, 0);
    return;
  }
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    switch (type) {
      case 3: view.setUint16(at + 2 * i, v, true); break;
      case 4: view.setUint32(at + 4 * i, v, true); break;
      case 12: view.setFloat64(at + 8 * i, v, true); break;
      default: throw new Error(`writing TIFF field type ${type} is not implemented`);
    }
  }
}
