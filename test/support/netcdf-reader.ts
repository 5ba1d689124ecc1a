/**
 * A minimal reader of the netCDF classic format (CDF-1 and CDF-2), written from the format
 * specification independently of the writer: header, attributes, and the values of a variable.
 */
import { expect } from "vitest";

const TYPES: Record<number, { size: number; read: (view: DataView, offset: number) => number }> = {
  1: { size: 1, read: (v, o) => v.getInt8(o) },
  2: { size: 1, read: (v, o) => v.getUint8(o) },
  3: { size: 2, read: (v, o) => v.getInt16(o) },
  4: { size: 4, read: (v, o) => v.getInt32(o) },
  5: { size: 4, read: (v, o) => v.getFloat32(o) },
  6: { size: 8, read: (v, o) => v.getFloat64(o) },
};
const CHAR = 2;

export type Attribute = string | number[];
export interface Variable {
  name: string;
  dimensions: string[];
  attributes: Record<string, Attribute>;
  type: number;
  vsize: number;
  begin: number;
}
export interface NetcdfFile {
  version: number;
  dimensions: { name: string; length: number }[];
  attributes: Record<string, Attribute>;
  variables: Variable[];
  bytes: Uint8Array;
}

export function readNetcdf(bytes: Uint8Array): NetcdfFile {
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const text = (from: number, length: number) => new TextDecoder().decode(bytes.subarray(from, from + length));
  expect(text(0, 3)).toBe("CDF");
  const version = bytes[3]!;
  let pos = 4;
  const u32 = () => {
    pos += 4;
    return view.getUint32(pos - 4);
  };
  const skipPadding = (n: number) => (pos += (4 - (n % 4)) % 4);
  const name = () => {
    const length = u32();
    const value = text(pos, length);
    pos += length;
    skipPadding(length);
    return value;
  };
  // A list is its tag and count, or ABSENT: two zero words.
  const listLength = (tag: number) => {
    const [found, count] = [u32(), u32()];
    expect(found === tag || (found === 0 && count === 0)).toBe(true);
    return count;
  };
  const attributes = () => {
    const out: Record<string, Attribute> = {};
    for (let n = listLength(0x0c); n > 0; n--) {
      const key = name();
      const type = u32();
      const count = u32();
      const { size, read } = TYPES[type]!;
      out[key] = type === CHAR ? text(pos, count) : Array.from({ length: count }, (_, i) => read(view, pos + i * size));
      pos += count * size;
      skipPadding(count * size);
    }
    return out;
  };
  expect(u32()).toBe(0); // numrecs: the writer uses no record dimension
  const dimensions = Array.from({ length: listLength(0x0a) }, () => ({ name: name(), length: u32() }));
  const globals = attributes();
  const variables = Array.from({ length: listLength(0x0b) }, () => {
    const varName = name();
    const ids = Array.from({ length: u32() }, () => u32());
    const atts = attributes();
    const type = u32();
    const vsize = u32();
    const begin = version === 1 ? u32() : Number(view.getBigUint64((pos += 8) - 8));
    return { name: varName, dimensions: ids.map((id) => dimensions[id]!.name), attributes: atts, type, vsize, begin };
  });
  return { version, dimensions, attributes: globals, variables, bytes };
}

export function variable(file: NetcdfFile, name: string): Variable {
  const found = file.variables.find((v) => v.name === name);
  if (!found) throw new Error(`no variable ${name} (has ${file.variables.map((v) => v.name).join(", ")})`);
  return found;
}

export function values(file: NetcdfFile, name: string): number[] {
  const v = variable(file, name);
  const count = v.dimensions.reduce((n, d) => n * file.dimensions.find((dim) => dim.name === d)!.length, 1);
  const { size, read } = TYPES[v.type]!;
  const view = new DataView(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength);
  return Array.from({ length: count }, (_, i) => read(view, v.begin + i * size));
}

/** The rows of a 2-D char variable as strings, without the NUL padding. */
export function strings(file: NetcdfFile, name: string): string[] {
  const v = variable(file, name);
  const length = file.dimensions.find((d) => d.name === v.dimensions[1])!.length;
  const bytes = Uint8Array.from(values(file, name));
  return Array.from({ length: bytes.length / length }, (_, i) => new TextDecoder().decode(bytes.subarray(i * length, (i + 1) * length)).replace(/\0+$/, ""));
}
