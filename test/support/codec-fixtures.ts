/**
 * Tiles of the codecs that decode to samples or need a real encoder, for the decoders' unit tests,
 * with what each holds.
 */

/** Bytes from hex text. */
export function hex(text: string): Uint8Array {
  return Uint8Array.from(text.match(/../g)!, (h) => parseInt(h, 16));
}

/**
 * The one tile of a 16x16 uint16 GeoTIFF that GDAL 3.6 wrote with COMPRESS=LERC (lossless,
 * MAX_Z_ERROR 0), value 1000 y + 3 x: a Lerc2 version 4 blob.
 */
export const LERC_TILE = hex(
  "4c6572633220040000009779305d1000000010000000010000000001000008000000fd01000003000000000000000000e03f0000000000000000000000008062cd40000000000000c53a0041008d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb45188d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb01401f8d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb05581f8d40006000188004c0001e8004a800e8637db88ff8413fee87fee81fd067fa589fecc37dbe8ff8293fb86b77f9aee045bc8e97f26a5ea06ff499bed4c7fa5e9fecab7d8873713acec849392fa7e6ec9c7077eedaddbccb77ffaee02dbc587b6b7bedb04db6cfb6da6edb",
);

/** The one tile of a 16x16 RGB GeoTIFF GDAL 3.6 wrote with COMPRESS=WEBP, WEBP_LOSSLESS=YES: red 16 x, green 16 y, blue 100. */
export const WEBP_TILE = hex("524946462e000000574542505650384c220000002f0fc00300993244f43f3611d1ff0091b64d25dcbfe1c1d38118b29800aa0ed47f00");

/** `yes openEO | head -c 700 | zstd -19`: Huffman-coded literals and repeated-offset sequences. */
export const OPENEO_ZST = hex("28b52ffd0468750000386f70656e454f0a0100b2541523537cc4c7");
