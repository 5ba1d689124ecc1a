/**
 * TIFF predictors on one tile's bytes, in place, in host (little-endian) byte order.
 * `stride` is the number of samples per pixel in the tile (1 for planar tiles).
 *
 * Predictor 2 differences neighbouring samples of a row as unsigned integers of the sample's size
 * (wrapping, so it also applies to float bit patterns). Predictor 3 (TIFF Technical Note 3)
 * splits each row's values into byte planes, most significant first, and differences the bytes.
 */

export function undoHorizontal(bytes: Uint8Array, width: number, rows: number, stride: number, bytesPerSample: number): void {
  const values = integerView(bytes, bytesPerSample);
  const rowLength = width * stride;
  for (let r = 0; r < rows; r++) {
    const start = r * rowLength;
    const end = start + rowLength;
    if (values instanceof BigUint64Array) {
      for (let i = start + stride; i < end; i++) values[i] = values[i]! + values[i - stride]!;
    } else {
      for (let i = start + stride; i < end; i++) values[i] = values[i]! + values[i - stride]!;
    }
  }
}

export function applyHorizontal(bytes: Uint8Array, width: number, rows: number, stride: number, bytesPerSample: number): void {
  const values = integerView(bytes, bytesPerSample);
  const rowLength = width * stride;
  for (let r = 0; r < rows; r++) {
    const start = r * rowLength;
    if (values instanceof BigUint64Array) {
      for (let i = start + rowLength - 1; i >= start + stride; i--) values[i] = values[i]! - values[i - stride]!;
    } else {
      for (let i = start + rowLength - 1; i >= start + stride; i--) values[i] = values[i]! - values[i - stride]!;
    }
  }
}

export function undoFloatingPoint(bytes: Uint8Array, width: number, rows: number, stride: number, bytesPerSample: number): void {
  const count = width * stride;
  const rowBytes = count * bytesPerSample;
  const planes = new Uint8Array(rowBytes);
  for (let r = 0; r < rows; r++) {
    const row = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
    for (let i = stride; i < rowBytes; i++) row[i] = row[i]! + row[i - stride]!;
    planes.set(row);
    for (let k = 0; k < bytesPerSample; k++) {
      const plane = (bytesPerSample - 1 - k) * count;
      for (let j = 0; j < count; j++) row[j * bytesPerSample + k] = planes[plane + j]!;
    }
  }
}

export function applyFloatingPoint(bytes: Uint8Array, width: number, rows: number, stride: number, bytesPerSample: number): void {
  const count = width * stride;
  const rowBytes = count * bytesPerSample;
  const planes = new Uint8Array(rowBytes);
  for (let r = 0; r < rows; r++) {
    const row = bytes.subarray(r * rowBytes, (r + 1) * rowBytes);
    for (let k = 0; k < bytesPerSample; k++) {
      const plane = (bytesPerSample - 1 - k) * count;
      for (let j = 0; j < count; j++) planes[plane + j] = row[j * bytesPerSample + k]!;
    }
    for (let i = rowBytes - 1; i >= stride; i--) planes[i] = planes[i]! - planes[i - stride]!;
    row.set(planes);
  }
}

function integerView(bytes: Uint8Array, bytesPerSample: number): Uint8Array | Uint16Array | Uint32Array | BigUint64Array {
  const { buffer, byteOffset } = bytes;
  switch (bytesPerSample) {
    case 1: return bytes;
    case 2: return new Uint16Array(buffer, byteOffset, bytes.length >> 1);
    case 4: return new Uint32Array(buffer, byteOffset, bytes.length >> 2);
    default: return new BigUint64Array(buffer, byteOffset, bytes.length >> 3);
  }
}
