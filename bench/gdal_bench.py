"""GDAL side of the benchmark: the same cases read with gdal.Warp / ReadAsArray over /vsicurl/
with TiTiler-like settings (as ../shared/bench/gdalbench.py). Reads a JSON job on stdin, prints
one JSON line per case and latency. Run by bench/gdal.ts with the system /usr/bin/python3."""
import json, sys, time, urllib.request
import numpy as np
from osgeo import gdal

gdal.UseExceptions()
for k, v in dict(GDAL_DISABLE_READDIR_ON_OPEN="EMPTY_DIR", GDAL_HTTP_MERGE_CONSECUTIVE_RANGES="YES",
                 GDAL_INGESTED_BYTES_AT_OPEN="32768", VSI_CACHE="TRUE", VSI_CACHE_SIZE="5000000",
                 CPL_VSIL_CURL_ALLOWED_EXTENSIONS=".tif", GDAL_HTTP_MULTIPLEX="YES").items():
    gdal.SetConfigOption(k, v)

job = json.load(sys.stdin)
base = job["base"]


def call(path):
    return urllib.request.urlopen(base + path).read()


def read(case):
    """Open, read and resample every band of the case; NDVI when there are two (not timed apart)."""
    arrays = []
    for url in case["urls"]:
        if case["kind"] == "tile":
            ds = gdal.Warp("", "/vsicurl/" + url, format="MEM", outputBounds=case["bounds"], dstSRS="EPSG:3857",
                           width=256, height=256, resampleAlg="bilinear", multithread=False)
            arrays.append(ds.ReadAsArray().astype(np.float32))
        else:
            x, y, w, h = case["window"]
            ds = gdal.Open("/vsicurl/" + url)  # kept referenced: a band outliving its dataset crashes GDAL
            arrays.append(ds.GetRasterBand(1).ReadAsArray(x, y, w, h))
    if len(arrays) == 2:
        r, n = arrays
        np.where((r + n) > 0, (n - r) / (n + r + 1e-9), 0)
    return arrays[0]


def run(case):
    call("/__reset")
    t, c = time.perf_counter(), time.process_time()
    first = read(case)
    return (time.perf_counter() - t) * 1e3, (time.process_time() - c) * 1e3, first


for case in job["cases"]:
    gdal.VSICurlClearCache()
    run(case)  # untimed: warms the OS page cache and GDAL's lazy initialisation
    out = dict(id=case["id"], latency=case["latency"])
    for mode in ("cold", "warm"):
        ms, cpu = [], []
        for _ in range(job["runs"]):
            if mode == "cold":
                gdal.VSICurlClearCache()
            m, c, first = run(case)
            ms.append(round(m, 2))
            cpu.append(round(c, 2))
        out[mode] = dict(ms=ms, cpu=cpu, log=json.loads(call("/__log")))
    valid = first[np.isfinite(first) & (first != 0)] if first.dtype.kind == "f" else first[first != 0]
    out["mean"] = float(valid.mean()) if valid.size else None
    print(json.dumps(out), flush=True)
