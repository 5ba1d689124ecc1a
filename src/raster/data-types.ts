import type { DataType, TypedArray } from "./grid";

type TypedArrayConstructor = {
  new (length: number): TypedArray;
  new (buffer: ArrayBufferLike, byteOffset: number, length: number): TypedArray;
  readonly BYTES_PER_ELEMENT: number;
};

const CONSTRUCTORS: Record<DataType, TypedArrayConstructor> = {
  uint8: Uint8Array,
  int8: Int8Array,
  uint16: Uint16Array,
  int16: Int16Array,
  uint32: Uint32Array,
  int32: Int32Array,
  float32: Float32Array,
  float64: Float64Array,
};

export function allocate(type: DataType, length: number): TypedArray {
  return new CONSTRUCTORS[type](length);
}

/** A typed array of `type` over `bytes`, which must be aligned (byteOffset a multiple of the sample size). */
export function viewAs(type: DataType, bytes: Uint8Array, length: number): TypedArray {
  return new CONSTRUCTORS[type](bytes.buffer, bytes.byteOffset, length);
}

export function bytesPerSample(type: DataType): number {
  return CONSTRUCTORS[type].BYTES_PER_ELEMENT;
}

export function isFloat(type: DataType): boolean {
  return type === "float32" || type === "float64";
}

/** TIFF SampleFormat: 1 unsigned integer, 2 signed integer, 3 IEEE float. */
export function sampleFormat(type: DataType): number {
  return isFloat(type) ? 3 : type.startsWith("u") ? 1 : 2;
}

/** The value that marks missing data when the source declares none: NaN for floats, 0 for integers. */
export function fallbackNodata(type: DataType): number {
  return isFloat(type) ? NaN : 0;
}
