"""GDAL side of the end-to-end benchmark (bench/e2e.ts): one long-lived process that does what the
Worker is asked to do, one command at a time, so the two can be interleaved. Reads JSON commands,
one a line, on stdin and answers one JSON line each on stdout:
  {"op": "tile", "urls": [red, nir], "bounds": [...3857], "clear": bool}
      TiTiler's settings (as ../shared/bench/gdalbench.py): gdal.Warp of each band to a 256x256
      EPSG:3857 MEM dataset, bilinear, then NDVI, scaled to a greyscale byte and written as PNG.
  {"op": "sync", "urls": [red, nir], "window": [x, y, w, h], "clear": bool, "layout": "cog" | "plain"}
      The full-resolution window of each band, NDVI as float32 (nodata NaN) with the window's
      georeferencing, written as the Worker writes it ("cog": the COG driver with 256 px DEFLATE
      tiles, the floating-point predictor, overviews averaged down to one tile, and the band's
      statistics in its metadata) or as a plain tiled DEFLATE GeoTIFF ("plain": no overviews, no
      predictor, no statistics).
  -> {"ms": wall time of the whole job, "bytes": size of the file written}
"clear" empties GDAL's /vsicurl/ caches first (a cold read). Run with the system /usr/bin/python3."""
import json, sys, time
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
for k, v in dict(GDAL_DISABLE_READDIR_ON_OPEN="EMPTY_DIR", GDAL_HTTP_MERGE_CONSECUTIVE_RANGES="YES",
                 GDAL_INGESTED_BYTES_AT_OPEN="32768", VSI_CACHE="TRUE", VSI_CACHE_SIZE="5000000",
                 CPL_VSIL_CURL_ALLOWED_EXTENSIONS=".tif", GDAL_HTTP_MULTIPLEX="YES").items():
    gdal.SetConfigOption(k, v)


def ndvi(red, nir):
    with np.errstate(divide="ignore", invalid="ignore"):
        return np.where((red > 0) & (nir > 0), (nir - red) / (nir + red), np.nan).astype(np.float32)


def written(path):
    size = gdal.VSIStatL(path).size
    gdal.Unlink(path)
    return size


def tile(cmd):
    bands = []
    for url in cmd["urls"]:
        ds = gdal.Warp("", "/vsicurl/" + url, format="MEM", outputBounds=cmd["bounds"], dstSRS="EPSG:3857",
                       width=256, height=256, resampleAlg="bilinear", multithread=False)
        bands.append(ds.ReadAsArray().astype(np.float32))
    value = ndvi(*bands)
    grey = np.nan_to_num((value + 1) * 127.5, nan=0).clip(0, 255).astype(np.uint8)
    mem = gdal.GetDriverByName("MEM").Create("", 256, 256, 1, gdal.GDT_Byte)
    mem.GetRasterBand(1).WriteArray(grey)
    gdal.GetDriverByName("PNG").CreateCopy("/vsimem/tile.png", mem)
    return written("/vsimem/tile.png")


def sync(cmd):
    x, y, w, h = cmd["window"]
    bands, geo = [], None
    for url in cmd["urls"]:
        ds = gdal.Open("/vsicurl/" + url)
        bands.append(ds.GetRasterBand(1).ReadAsArray(x, y, w, h).astype(np.float32))
        t = ds.GetGeoTransform()
        geo = ((t[0] + x * t[1], t[1], 0, t[3] + y * t[5], 0, t[5]), ds.GetProjection())
    value = ndvi(*bands)
    cog = cmd.get("layout", "cog") == "cog"
    driver, options = ("MEM", []) if cog else ("GTiff", ["TILED=YES", "COMPRESS=DEFLATE"])
    out = gdal.GetDriverByName(driver).Create("" if cog else "/vsimem/ndvi.tif", w, h, 1, gdal.GDT_Float32, options)
    out.SetGeoTransform(geo[0])
    out.SetProjection(geo[1])
    band = out.GetRasterBand(1)
    band.SetNoDataValue(float("nan"))
    band.WriteArray(value)
    if cog:
        band.ComputeStatistics(False)
        gdal.GetDriverByName("COG").CreateCopy("/vsimem/ndvi.tif", out, options=[
            "BLOCKSIZE=256", "COMPRESS=DEFLATE", "PREDICTOR=YES", "RESAMPLING=AVERAGE"])
    out = band = None  # closing flushes the file
    return written("/vsimem/ndvi.tif")


JOBS = dict(tile=tile, sync=sync)

for line in sys.stdin:
    cmd = json.loads(line)
    if cmd.get("clear"):
        gdal.VSICurlClearCache()
    start = time.perf_counter()
    size = JOBS[cmd["op"]](cmd)
    print(json.dumps(dict(ms=round((time.perf_counter() - start) * 1e3, 2), bytes=size)), flush=True)
