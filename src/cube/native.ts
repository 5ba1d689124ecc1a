/**
 * How planes are stored in their source files, remembered while their values are unchanged since
 * they were read: processes that compute new values make new arrays, so a plane still carrying its
 * mark holds read values only, and an output format may write them in the source's data type.
 */
import type { DataType } from "../raster/grid";

export interface NativeType {
  dataType: DataType;
  /** Value = stored * scale + offset (raster:bands). */
  scale: number;
  offset: number;
  nodata: number | null;
}

const marks = new WeakMap<Float32Array, NativeType>();

export function markNative(plane: Float32Array, type: NativeType): void {
  marks.set(plane, type);
}

/** The storage all the planes share, or undefined when any was computed or they differ. */
export function commonNativeType(planes: Float32Array[]): NativeType | undefined {
  const [first, ...rest] = planes.map((plane) => marks.get(plane));
  if (!first) return undefined;
  const same = (t: NativeType | undefined) => t && t.dataType === first.dataType && t.scale === first.scale && t.offset === first.offset && Object.is(t.nodata, first.nodata);
  return rest.every(same) ? first : undefined;
}
