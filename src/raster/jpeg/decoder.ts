import { CogFormatError } from "../cog-errors";
import { BitReader, buildHuffmanTable, type HuffmanTable } from "./huffman";
import { idctIslow } from "./idct";

/** One colour component of a frame, decoded into a plane padded to whole blocks. */
export interface JpegComponent {
  id: number;
  h: number;
  v: number;
  quantIndex: number;
  /** Blocks across and down the padded plane (whole MCUs). */
  blocksAcross: number;
  blocksDown: number;
  /** Samples across and down that hold image data: ceil(width * h / maxH), ceil(height * v / maxV). */
  width: number;
  height: number;
  plane: Uint8Array;
}

export interface JpegFrame {
  width: number;
  height: number;
  maxH: number;
  maxV: number;
  components: JpegComponent[];
}

/** What the caller allows: the tile's size and samples, so a hostile header can't allocate more. */
export interface JpegLimits {
  width: number;
  height: number;
  components: number;
}

/** T.81 figure A.6: the zig-zag order of coefficients in a block. */
const ZIGZAG = Uint8Array.from([
  0, 1, 8, 16, 9, 2, 3, 10, 17, 24, 32, 25, 18, 11, 4, 5, 12, 19, 26, 33, 40, 48, 41, 34, 27, 20, 13, 6, 7, 14, 21, 28, 35, 42, 49, 56, 57, 50, 43, 36,
  29, 22, 15, 23, 30, 37, 44, 51, 58, 59, 52, 45, 38, 31, 39, 46, 53, 60, 61, 54, 47, 55, 62, 63,
]);

/**
 * A baseline (and extended sequential, 8-bit, Huffman) JPEG decoder for TIFF tiles: the tables may
 * come from an earlier stream (TIFF's JPEGTables) through `parse` called on it first. Progressive,
 * arithmetic-coded, lossless and 12-bit JPEG are refused: GDAL and libtiff don't write them in TIFF.
 */
export class JpegDecoder {
  private readonly quant: (Uint16Array | undefined)[] = [];
  private readonly dcTables: (HuffmanTable | undefined)[] = [];
  private readonly acTables: (HuffmanTable | undefined)[] = [];
  private restartInterval = 0;
  frame: JpegFrame | undefined;

  constructor(private readonly limits: JpegLimits) {}

  /** Reads one stream (SOI ... EOI): tables, a frame and its scans. */
  parse(data: Uint8Array): void {
    if (data[0] !== 0xff || data[1] !== 0xd8) throw new CogFormatError("corrupt JPEG data (no start of image)");
    let pos = 2;
    for (;;) {
      while (pos < data.length && data[pos] !== 0xff) pos++;
      while (pos < data.length && data[pos] === 0xff) pos++;
      if (pos >= data.length) return;
      const marker = data[pos++]!;
      if (marker === 0xd9) return;
      if ((marker >= 0xd0 && marker <= 0xd7) || marker === 0x01) continue;
      if (pos + 2 > data.length) throw truncated();
      const length = (data[pos]! << 8) | data[pos + 1]!;
      const end = pos + length;
      if (length < 2 || end > data.length) throw truncated();
      const segment = data.subarray(pos + 2, end);
      switch (marker) {
        case 0xdb:
          this.readQuantTables(segment);
          break;
        case 0xc4:
          this.readHuffmanTables(segment);
          break;
        case 0xdd:
          this.restartInterval = segment.length >= 2 ? (segment[0]! << 8) | segment[1]! : 0;
          break;
        case 0xc0:
        case 0xc1:
          this.readFrame(segment);
          break;
        case 0xda:
          pos = this.readScan(segment, data, end);
          continue;
        default:
          if (marker >= 0xc2 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
            throw new CogFormatError(`JPEG process SOF${marker - 0xc0} (progressive, lossless or arithmetic coding) is not supported`);
          }
      }
      pos = end;
    }
  }

  private readQuantTables(segment: Uint8Array): void {
    for (let p = 0; p < segment.length; ) {
      const precision = segment[p]! >> 4;
      const index = segment[p]! & 15;
      p++;
      const table = new Uint16Array(64);
      for (let k = 0; k < 64; k++) {
        if (p + (precision ? 2 : 1) > segment.length) throw truncated();
        table[ZIGZAG[k]!] = precision ? (segment[p]! << 8) | segment[p + 1]! : segment[p]!;
        p += precision ? 2 : 1;
      }
      if (index > 3) throw new CogFormatError("corrupt JPEG data (quantisation table index)");
      this.quant[index] = table;
    }
  }

  private readHuffmanTables(segment: Uint8Array): void {
    for (let p = 0; p < segment.length; ) {
      if (p + 17 > segment.length) throw truncated();
      const kind = segment[p]! >> 4;
      const index = segment[p]! & 15;
      const counts = segment.subarray(p + 1, p + 17);
      const total = counts.reduce((a, b) => a + b, 0);
      if (p + 17 + total > segment.length || index > 3) throw truncated();
      const table = buildHuffmanTable(counts, segment.subarray(p + 17, p + 17 + total));
      (kind === 0 ? this.dcTables : this.acTables)[index] = table;
      p += 17 + total;
    }
  }

  private readFrame(segment: Uint8Array): void {
    if (this.frame) throw new CogFormatError("corrupt JPEG data (two frames)");
    if (segment.length < 6) throw truncated();
    if (segment[0] !== 8) throw new CogFormatError(`${segment[0]}-bit JPEG is not supported`);
    const height = (segment[1]! << 8) | segment[2]!;
    const width = (segment[3]! << 8) | segment[4]!;
    const count = segment[5]!;
    if (width === 0 || height === 0 || width > this.limits.width || height > this.limits.height || count !== this.limits.components || segment.length < 6 + 3 * count) {
      throw new CogFormatError(`a JPEG of ${width} x ${height} px and ${count} components in a tile of ${this.limits.width} x ${this.limits.height} px and ${this.limits.components} samples`);
    }
    const specs = Array.from({ length: count }, (_, i) => ({ id: segment[6 + 3 * i]!, h: segment[7 + 3 * i]! >> 4, v: segment[7 + 3 * i]! & 15, quantIndex: segment[8 + 3 * i]! }));
    if (specs.some((c) => c.h < 1 || c.h > 4 || c.v < 1 || c.v > 4)) throw new CogFormatError("corrupt JPEG data (sampling factors)");
    const maxH = Math.max(...specs.map((c) => c.h));
    const maxV = Math.max(...specs.map((c) => c.v));
    const mcusAcross = Math.ceil(width / (8 * maxH));
    const mcusDown = Math.ceil(height / (8 * maxV));
    const components = specs.map((c) => {
      const blocksAcross = mcusAcross * c.h;
      const blocksDown = mcusDown * c.v;
      return {
        ...c,
        blocksAcross,
        blocksDown,
        width: Math.ceil((width * c.h) / maxH),
        height: Math.ceil((height * c.v) / maxV),
        plane: new Uint8Array(blocksAcross * blocksDown * 64),
      };
    });
    this.frame = { width, height, maxH, maxV, components };
  }

  /** Decodes one scan; answers where the stream goes on (at the marker that ended the scan). */
  private readScan(segment: Uint8Array, data: Uint8Array, start: number): number {
    const frame = this.frame;
    if (!frame) throw new CogFormatError("corrupt JPEG data (a scan before the frame)");
    const count = segment[0] ?? 0;
    if (count < 1 || segment.length < 1 + 2 * count + 3) throw truncated();
    const members = Array.from({ length: count }, (_, i) => {
      const component = frame.components.find((c) => c.id === segment[1 + 2 * i]);
      const tables = segment[2 + 2 * i]!;
      const dc = this.dcTables[tables >> 4];
      const ac = this.acTables[tables & 15];
      const quant = component && this.quant[component.quantIndex];
      if (!component || !dc || !ac || !quant) throw new CogFormatError("corrupt JPEG data (a scan names a missing component or table)");
      return { component, dc, ac, quant, predictor: 0 };
    });
    const reader = new BitReader(data, start);
    const coefficients = new Int16Array(64);
    const decodeBlock = (m: (typeof members)[number], blockX: number, blockY: number): void => {
      coefficients.fill(0);
      const t = reader.decode(m.dc);
      if (t > 11) throw new CogFormatError("corrupt JPEG data (a DC difference of more than 11 bits)");
      m.predictor += reader.receiveExtend(t);
      coefficients[0] = m.predictor;
      for (let k = 1; k < 64; ) {
        const rs = reader.decode(m.ac);
        const size = rs & 15;
        const run = rs >> 4;
        if (size === 0) {
          if (run !== 15) break;
          k += 16;
          continue;
        }
        k += run;
        if (k > 63) throw new CogFormatError("corrupt JPEG data (coefficients beyond the block)");
        coefficients[ZIGZAG[k]!] = reader.receiveExtend(size);
        k++;
      }
      const c = m.component;
      const stride = c.blocksAcross * 8;
      idctIslow(coefficients, m.quant, c.plane, blockY * 8 * stride + blockX * 8, stride);
    };

    const single = members.length === 1 ? members[0]! : undefined;
    // A scan of one component walks its blocks of image data in raster order; several walk MCUs.
    const units = single
      ? Math.ceil(single.component.width / 8) * Math.ceil(single.component.height / 8)
      : (frame.components[0]!.blocksAcross / frame.components[0]!.h) * (frame.components[0]!.blocksDown / frame.components[0]!.v);
    const mcusAcross = single ? Math.ceil(single.component.width / 8) : frame.components[0]!.blocksAcross / frame.components[0]!.h;
    for (let unit = 0; unit < units; unit++) {
      if (this.restartInterval > 0 && unit > 0 && unit % this.restartInterval === 0) {
        reader.restart();
        for (const m of members) m.predictor = 0;
      }
      const ux = unit % mcusAcross;
      const uy = Math.floor(unit / mcusAcross);
      if (single) {
        decodeBlock(single, ux, uy);
        continue;
      }
      for (const m of members) {
        for (let v = 0; v < m.component.v; v++) {
          for (let h = 0; h < m.component.h; h++) decodeBlock(m, ux * m.component.h + h, uy * m.component.v + v);
        }
      }
    }
    // Past the entropy-coded data: the next marker.
    let pos = reader.pos;
    while (pos + 1 < data.length && !(data[pos] === 0xff && data[pos + 1] !== 0 && !(data[pos + 1]! >= 0xd0 && data[pos + 1]! <= 0xd7))) pos++;
    return pos;
  }
}

function truncated(): CogFormatError {
  return new CogFormatError("corrupt JPEG data (a truncated segment)");
}
