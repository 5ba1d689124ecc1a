/**
 * Baseline JPEG streams built by hand for the decoder's tests, of flat colour: each component's
 * blocks carry one DC coefficient, so every decoded sample is known exactly (the inverse DCT of a
 * DC-only block with quantiser 1 is DC / 8 + 128). Tables: all quantisers 1; the DC code of size
 * category t is t in four bits; the only AC code is "0", end of block.
 */
export interface FlatComponent {
  h: number;
  v: number;
  /** The sample value of every pixel of the component (0..255). */
  value: number;
}

const DQT = [0xff, 0xdb, 0x00, 0x43, 0x00, ...new Array<number>(64).fill(1)];
const HUFFMAN_TABLES = [
  // DC table 0: twelve 4-bit codes for categories 0..11.
  0x00, 0, 0, 0, 12, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11,
  // AC table 0: one 1-bit code, end of block.
  0x10, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0x00,
];
const DHT = [0xff, 0xc4, 0x00, 2 + HUFFMAN_TABLES.length, ...HUFFMAN_TABLES];

/** The tables alone, as TIFF's JPEGTables tag holds them (SOI, DQT, DHT, EOI). */
export function jpegTables(): Uint8Array {
  return Uint8Array.from([0xff, 0xd8, ...DQT, ...DHT, 0xff, 0xd9]);
}

/**
 * A JPEG of `width` x `height` px, one interleaved scan; with `inlineTables` false, an abbreviated
 * stream for JPEGTables; with `restartInterval`, a DRI segment and RSTn markers every that many MCUs.
 */
export function flatJpeg(width: number, height: number, components: FlatComponent[], inlineTables = true, sof = 0xc0, restartInterval = 0): Uint8Array {
  const maxH = Math.max(...components.map((c) => c.h));
  const maxV = Math.max(...components.map((c) => c.v));
  const sofSegment = [sof, 0, 8 + 3 * components.length, 8, height >> 8, height & 255, width >> 8, width & 255, components.length, ...components.flatMap((c, i) => [i + 1, (c.h << 4) | c.v, 0])];
  const sos = [0xff, 0xda, 0, 6 + 2 * components.length, components.length, ...components.flatMap((_, i) => [i + 1, 0x00]), 0, 63, 0];
  const bits: number[] = [];
  const put = (value: number, n: number): void => {
    for (let b = n - 1; b >= 0; b--) bits.push((value >> b) & 1);
  };
  const entropy: number[] = [];
  const flush = (): void => {
    while (bits.length % 8) bits.push(1);
    for (let i = 0; i < bits.length; i += 8) {
      const byte = bits.slice(i, i + 8).reduce((a, b) => (a << 1) | b, 0);
      entropy.push(byte);
      if (byte === 0xff) entropy.push(0);
    }
    bits.length = 0;
  };
  const previous = components.map(() => 0);
  const mcus = Math.ceil(width / (8 * maxH)) * Math.ceil(height / (8 * maxV));
  for (let m = 0; m < mcus; m++) {
    if (restartInterval > 0 && m > 0 && m % restartInterval === 0) {
      flush();
      entropy.push(0xff, 0xd0 + ((m / restartInterval - 1) % 8));
      previous.fill(0);
    }
    components.forEach((c, i) => {
      for (let b = 0; b < c.h * c.v; b++) {
        const dc = (c.value - 128) * 8;
        const diff = dc - previous[i]!;
        previous[i] = dc;
        const t = diff === 0 ? 0 : Math.floor(Math.log2(Math.abs(diff))) + 1;
        put(t, 4);
        put(diff < 0 ? diff + (1 << t) - 1 : diff, t);
        put(0, 1);
      }
    });
  }
  flush();
  const dri = restartInterval > 0 ? [0xff, 0xdd, 0, 4, restartInterval >> 8, restartInterval & 255] : [];
  return Uint8Array.from([0xff, 0xd8, ...(inlineTables ? [...DQT, ...DHT] : []), ...dri, 0xff, ...sofSegment, ...sos, ...entropy, 0xff, 0xd9]);
}
