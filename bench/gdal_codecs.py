"""GDAL side of bench/codecs.ts: decodes every full-resolution tile of each file (all bands at
once, as one tile holds them) with the block cache off, three passes; prints one JSON line per
file with the median milliseconds a tile. Run with the system /usr/bin/python3 (python3-gdal)."""
import json, statistics, sys, time
from osgeo import gdal

gdal.UseExceptions()
gdal.SetCacheMax(0)
gdal.SetConfigOption("GDAL_NUM_THREADS", "1")

for path in sys.argv[1:]:
    ds = gdal.Open(path)
    bx, by = ds.GetRasterBand(1).GetBlockSize()
    w, h = ds.RasterXSize, ds.RasterYSize
    times = []
    for _ in range(3):
        for y in range(0, h, by):
            for x in range(0, w, bx):
                start = time.perf_counter()
                ds.ReadRaster(x, y, min(bx, w - x), min(by, h - y))
                times.append((time.perf_counter() - start) * 1000)
    print(json.dumps({"path": path, "msPerTile": statistics.median(times)}))
