import { chooseBands, collectionBands } from "../../cube/bands";
import { dataAccess, stacAccess } from "../../cube/context";
import { propertyFilters, spatialExtent, temporalExtent } from "../../cube/parameters";
import type { LazyCube } from "../../cube/types";
import type { ProcessImplementation } from "../types";
import { boundingBox, DATACUBE, LOAD_BANDS, LOAD_PROPERTIES, TEMPORAL_INTERVAL } from "./schemas";

export const loadStac: ProcessImplementation = {
  spec: {
    id: "load_stac",
    summary: "Make a data cube of STAC at a URL",
    description:
      "Makes a data cube of the items a STAC URL leads to, limited to the given extents, bands and item properties. The URL may point at a STAC Item, a static Collection or Catalog (its `item` and `child` links are followed, at most 200 documents per run), a Collection of a STAC API (its `items` endpoint is asked for the extents, page by page), or an ItemCollection such as a STAC API `/items` or `/search` GET URL (the extents are added unless the URL sets them). A URL of this back-end's own `/collections/{id}` reads that collection, and a URL of this back-end's `/files/...` reads the user's own uploaded STAC file, whose relative asset links point at further uploaded files.\n\n" +
      "Bands are the GeoTIFF data assets of the items (type image/tiff, role data or no role): a band is named by its `eo:bands` name (a single-band asset without one by its asset key), so the files of one band, one per date, are one band; `bands` may also use common names. Nothing is read yet: the first process that needs values reads the assets onto the native grid of the first band (from the items' projection metadata, or else the GeoTIFF header). Time steps are acquisition days (midnight UTC); items of the same day are mosaicked, the earliest first. The dimensions are always called x, y, t and bands.\n\n" +
      "This back-end's own batch job results (their signed canonical link, or the owner's `/jobs/{id}/results` URL) load as the job's cube: its bands, its dates as `t` (one file per date), on its grid.\n\n" +
      "Other URLs (the one given, the links followed and the asset hrefs) are read only over http(s) from hosts on the public internet: loopback, private and link-local addresses and local names are refused with `ProcessParameterInvalid` before anything is read, also as the target of a redirect, unless the back-end's operator allows the host.\n\n" +
        "Not supported: assets other than GeoTIFFs, POST-only searches, and signed or authenticated URLs beyond credentials in the URL itself. Property filters are evaluated here on the items' properties, never sent to the STAC API, so `PropertiesUnsupported` does not occur. As the definition asks, the scale and offset of `raster:bands` are not applied.",
    categories: ["cubes", "import"],
    experimental: true,
    parameters: [
      {
        name: "url",
        description: "The http(s) URL of a STAC Item, Collection, Catalog or ItemCollection (such as a STAC API collection or search URL); credentials a host needs must be part of the URL.",
        schema: { title: "URL", type: "string", format: "uri", subtype: "uri", pattern: "^https?://" },
      },
      {
        name: "spatial_extent",
        description: "The area to load: a bounding box, or GeoJSON (its bounding box is used); null for everything the STAC covers.",
        schema: [
          { title: "Bounding Box", ...boundingBox("The CRS of the box, an EPSG code or WKT2; WGS 84 (4326) by default. The box is reprojected to the cube's CRS.") },
          { title: "GeoJSON", description: "The bounding box of the geometries limits the cube.", type: "object", subtype: "geojson" },
          { title: "Vector data cube", description: "The bounding box of the cube's geometries limits the cube.", type: "object", subtype: "datacube", dimensions: [{ type: "geometry" }] },
          { title: "No filter", description: "Everything the STAC covers.", type: "null" },
        ],
        default: null,
        optional: true,
      },
      {
        name: "temporal_extent",
        description: "The time to load, [start, end) with the end excluded; either end may be null. null loads all times.",
        schema: [{ ...TEMPORAL_INTERVAL, uniqueItems: true }, { title: "No filter", description: "All times of the STAC.", type: "null" }],
        default: null,
        optional: true,
      },
      LOAD_BANDS,
      LOAD_PROPERTIES,
    ],
    returns: { description: "A lazy data cube with the dimensions x, y, t and bands.", schema: DATACUBE },
    exceptions: {
      NoDataAvailable: { message: "There is no data available for the given extents." },
      TemporalExtentEmpty: { message: "The temporal extent is empty. The second instant in time must always be greater/later than the first instant in time." },
      PropertiesUnsupported: { message: "The `properties` parameter is not supported for the given STAC entity." },
    },
  },
  run: async (args, ctx): Promise<LazyCube> => {
    const url = args.url as string;
    // The arguments are checked before anything is fetched.
    const spatial = spatialExtent(args.spatial_extent, "load_stac", "spatial_extent");
    const temporal = temporalExtent(args.temporal_extent, "load_stac", "temporal_extent");
    const collection = await stacAccess(dataAccess(ctx)).collection(url);
    return {
      kind: "lazy",
      collection: url,
      source: { stacUrl: url },
      bands: chooseBands(collectionBands(collection), (args.bands as string[] | null) ?? null, "load_stac", "the STAC"),
      spatial,
      temporal,
      properties: propertyFilters(args.properties, "load_stac"),
    };
  },
};
