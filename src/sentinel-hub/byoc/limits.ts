/** What one BYOC request may ask for (docs/sentinel-hub.md, BYOC API). */
export const BYOC_LIMITS = {
  /** Collection names and s3Bucket, in characters. */
  maxNameChars: 256,
  /** A tile's path: a file path (900 bytes, the files API's) or an https URL. */
  maxPathChars: 2048,
  /** Bands of a collection: each is one file of every tile, checked when the tile is registered. */
  maxBands: 32,
  /** Tiles one collection's index holds. */
  maxTiles: 1_000_000,
  /** Tiles or collections one listing page answers. */
  maxPageCount: 100,
} as const;
