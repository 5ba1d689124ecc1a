const BY_EXTENSION: Record<string, string> = {
  tif: "image/tiff; application=geotiff",
  tiff: "image/tiff; application=geotiff",
  json: "application/json",
  geojson: "application/geo+json",
  nc: "application/netcdf",
  csv: "text/csv",
  txt: "text/plain",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  jp2: "image/jp2",
  zip: "application/zip",
  xml: "application/xml",
  gpkg: "application/geopackage+sqlite3",
  parquet: "application/vnd.apache.parquet",
  py: "text/x-python",
};

/** A media type from the file extension; uploads are application/octet-stream by spec, so the name is all we know. */
export function guessMediaType(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1);
  const dot = name.lastIndexOf(".");
  const extension = dot > 0 ? name.slice(dot + 1).toLowerCase() : "";
  return BY_EXTENSION[extension] ?? "application/octet-stream";
}
