/** TIFF, GeoTIFF and GDAL tag numbers used by the COG reader and writer. */
export const Tag = {
  NewSubfileType: 254,
  ImageWidth: 256,
  ImageLength: 257,
  BitsPerSample: 258,
  Compression: 259,
  Photometric: 262,
  StripOffsets: 273,
  SamplesPerPixel: 277,
  RowsPerStrip: 278,
  StripByteCounts: 279,
  PlanarConfiguration: 284,
  DateTime: 306,
  Predictor: 317,
  TileWidth: 322,
  TileLength: 323,
  TileOffsets: 324,
  TileByteCounts: 325,
  ExtraSamples: 338,
  JpegTables: 347,
  SampleFormat: 339,
  ModelPixelScale: 33550,
  ModelTiepoint: 33922,
  ModelTransformation: 34264,
  GeoKeyDirectory: 34735,
  GdalMetadata: 42112,
  GdalNodata: 42113,
  LercParameters: 50674,
} as const;

export const GeoKey = {
  GTModelType: 1024,
  GTRasterType: 1025,
  GeographicType: 2048,
  ProjectedCSType: 3072,
} as const;

/** GTModelTypeGeoKey values. */
export const ModelType = { Projected: 1, Geographic: 2 } as const;
/** GTRasterTypeGeoKey values. */
export const RasterType = { PixelIsArea: 1, PixelIsPoint: 2 } as const;

/** TIFF field types (the ones we write are SHORT, LONG, ASCII and DOUBLE). */
export const FieldType = {
  BYTE: 1,
  ASCII: 2,
  SHORT: 3,
  LONG: 4,
  RATIONAL: 5,
  SBYTE: 6,
  UNDEFINED: 7,
  SSHORT: 8,
  SLONG: 9,
  SRATIONAL: 10,
  FLOAT: 11,
  DOUBLE: 12,
  IFD: 13,
  LONG8: 16,
  SLONG8: 17,
  IFD8: 18,
} as const;

/** Bytes per value of each field type; undefined for types this code does not know. */
export function fieldTypeSize(type: number): number | undefined {
  switch (type) {
    case 1: case 2: case 6: case 7: return 1;
    case 3: case 8: return 2;
    case 4: case 9: case 11: case 13: return 4;
    case 5: case 10: case 12: case 16: case 17: case 18: return 8;
    default: return undefined;
  }
}

export const Compression = { None: 1, Lzw: 5, Jpeg: 7, Deflate: 8, PackBits: 32773, AdobeDeflate: 32946, Lerc: 34887, Zstd: 50000, Webp: 50001 } as const;

/** Photometric interpretations the reader treats specially. */
export const Photometric = { Rgb: 2, YCbCr: 6 } as const;

/** Names of compression codes, for error messages. */
export const COMPRESSION_NAMES: Record<number, string> = {
  1: "NONE",
  2: "CCITT RLE",
  3: "CCITT Group 3",
  4: "CCITT Group 4",
  5: "LZW",
  6: "old-style JPEG",
  7: "JPEG",
  8: "DEFLATE",
  32773: "PackBits",
  32946: "DEFLATE",
  34712: "JPEG 2000",
  34887: "LERC",
  34925: "LZMA",
  50000: "ZSTD",
  50001: "WEBP",
  50002: "JPEG XL",
  52546: "JPEG XL",
};
