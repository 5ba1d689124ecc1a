/**
 * A POSIX ustar archive of several result files (the media type application/x-tar the API
 * recommends for multi-file synchronous results): a 512-byte header per file, the file padded to
 * 512 bytes, and two zero blocks at the end.
 */
const BLOCK = 512;

function header(name: string, size: number, mtime: number): Uint8Array {
  const block = new Uint8Array(BLOCK);
  const write = (text: string, at: number, length: number) => block.set(new TextEncoder().encode(text).subarray(0, length), at);
  const octal = (value: number, length: number) => `${value.toString(8).padStart(length - 1, "0")}\0`;
  write(name, 0, 100);
  write(octal(0o644, 8), 100, 8);
  write(octal(0, 8), 108, 8);
  write(octal(0, 8), 116, 8);
  write(octal(size, 12), 124, 12);
  write(octal(Math.floor(mtime / 1000), 12), 136, 12);
  write("        ", 148, 8); // The checksum is computed with its own field as spaces.
  write("0", 156, 1);
  write("ustar\u000000", 257, 8);
  const checksum = block.reduce((sum, b) => sum + b, 0);
  write(`${checksum.toString(8).padStart(6, "0")}\0 `, 148, 8);
  return block;
}

export function writeTar(files: { name: string; bytes: Uint8Array }[], mtime = Date.now()): Uint8Array {
  const padded = (n: number) => Math.ceil(n / BLOCK) * BLOCK;
  const size = files.reduce((total, f) => total + BLOCK + padded(f.bytes.length), 2 * BLOCK);
  const out = new Uint8Array(size);
  let at = 0;
  for (const file of files) {
    if (new TextEncoder().encode(file.name).length > 100) throw new RangeError(`tar member names are at most 100 bytes: ${file.name}`);
    out.set(header(file.name, file.bytes.length, mtime), at);
    out.set(file.bytes, at + BLOCK);
    at += BLOCK + padded(file.bytes.length);
  }
  return out;
}
