"""NDVI of XYZ tiles (EPSG:3857, 256 px, nearest) from red and nir COGs, for bench/tile-encoding.ts.

Reads a JSON job on stdin: {"out": dir, "tiles": [{"name", "red", "nir", "bbox": [w, s, e, n]}]};
writes <out>/<name>.f32 (256 x 256 float32, NaN where either band is no data or 0).
"""
import json
import sys

import numpy
from osgeo import gdal

gdal.UseExceptions()
job = json.load(sys.stdin)


def band(path, bbox):
    ds = gdal.Warp("", path, format="MEM", dstSRS="EPSG:3857", outputBounds=bbox, width=256, height=256,
                   resampleAlg="near", outputType=gdal.GDT_Float32, dstNodata=0)
    return ds.GetRasterBand(1).ReadAsArray().astype(numpy.float32)


for tile in job["tiles"]:
    red = band(tile["red"], tile["bbox"]) * 0.0001
    nir = band(tile["nir"], tile["bbox"]) * 0.0001
    with numpy.errstate(divide="ignore", invalid="ignore"):
        ndvi = ((nir - red) / (nir + red)).astype(numpy.float32)
    ndvi[(red == 0) | (nir == 0)] = numpy.nan
    ndvi.tofile(f"{job['out']}/{tile['name']}.f32")
