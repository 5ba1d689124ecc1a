/** The files of a ustar archive (as the Process API answers several responses), by name. */
export function untar(tar: Uint8Array): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  for (let at = 0; at + 512 <= tar.length && tar[at] !== 0; ) {
    const name = new TextDecoder().decode(tar.subarray(at, at + 100)).replace(/\0.*$/s, "");
    const size = parseInt(new TextDecoder().decode(tar.subarray(at + 124, at + 136)), 8);
    files.set(name, tar.slice(at + 512, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
  }
  return files;
}
