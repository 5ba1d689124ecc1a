import { nameBands, SENTINEL_2_NAMING } from "./band-names";
import type { BandInfo } from "./collection-metadata";
import type { StacCollection } from "./stac-types";

/** A collection of a public STAC API whose COGs are read with HTTPS range requests. */
export interface RemoteCollectionConfig {
  /** Our collection id. */
  id: string;
  /** Root of the STAC API, without a trailing slash. */
  api: string;
  /** The collection's id at that API. */
  remoteId: string;
  /** Served as is when the API can't be reached; its extent must never promise more than the source holds. */
  metadata: Pick<StacCollection, "id" | "title" | "description" | "keywords" | "license" | "providers" | "extent">;
  bands: BandInfo[];
  /** Native CRS of the data: null when items use several (such as UTM zones). */
  referenceSystem: number | null;
  platforms: string[];
  constellation: string;
  licenseUrl?: string;
}

const reflectance = { data_type: "uint16", nodata: 0, scale: 0.0001, offset: -0.1 } as const;

/** Sentinel-2 bands under Earth Search v1's asset keys, with MSI's band characteristics (renamed to ESA's names below). */
const SENTINEL_2_REFLECTANCE: BandInfo[] = [
  ["coastal", "coastal", 0.443, 0.027, 60],
  ["blue", "blue", 0.49, 0.098, 10],
  ["green", "green", 0.56, 0.045, 10],
  ["red", "red", 0.665, 0.038, 10],
  ["rededge1", "rededge", 0.704, 0.019, 20],
  ["rededge2", "rededge", 0.74, 0.018, 20],
  ["rededge3", "rededge", 0.783, 0.028, 20],
  ["nir", "nir", 0.842, 0.145, 10],
  ["nir08", "nir08", 0.865, 0.033, 20],
  ["nir09", "nir09", 0.945, 0.026, 60],
  ["swir16", "swir16", 1.61, 0.143, 20],
  ["swir22", "swir22", 2.19, 0.242, 20],
].map(([name, common, center, fwhm, gsd]) => ({
  name: name as string,
  eo: { name: name as string, common_name: common as string, center_wavelength: center as number, full_width_half_max: fwhm as number },
  raster: { ...reflectance, spatial_resolution: gsd as number },
  gsd: gsd as number,
}));

const SENTINEL_2_AUXILIARY: BandInfo[] = [
  { name: "scl", raster: { data_type: "uint8", nodata: 0, spatial_resolution: 20 }, gsd: 20 },
  { name: "aot", raster: { data_type: "uint16", nodata: 0, scale: 0.001, offset: 0, spatial_resolution: 20 }, gsd: 20 },
  { name: "wvp", raster: { data_type: "uint16", nodata: 0, scale: 0.001, offset: 0, spatial_resolution: 20 }, gsd: 20 },
];

/** The remote collections every deployment serves; configuration lives here, in the repo. */
export const REMOTE_COLLECTIONS: RemoteCollectionConfig[] = [
  {
    id: "sentinel-2-l2a",
    api: "https://earth-search.aws.element84.com/v1",
    remoteId: "sentinel-2-l2a",
    metadata: {
      id: "sentinel-2-l2a",
      title: "Sentinel-2 Level-2A",
      description:
        "Bottom-of-atmosphere reflectance from the MultiSpectral Instrument of Sentinel-2A/B/C, worldwide since 2015, " +
        "as Cloud-Optimized GeoTIFFs in the public Sentinel-2 COG bucket on AWS, catalogued by Element 84's Earth Search.",
      keywords: ["sentinel", "copernicus", "esa", "msi", "reflectance", "l2a"],
      license: "proprietary",
      providers: [
        { name: "ESA", roles: ["producer", "licensor"], url: "https://sentinel.esa.int/web/sentinel/missions/sentinel-2" },
        { name: "Element 84", roles: ["processor"], url: "https://element84.com" },
        { name: "AWS", roles: ["host"], url: "https://registry.opendata.aws/sentinel-2-l2a-cogs/" },
      ],
      extent: { spatial: { bbox: [[-180, -90, 180, 90]] }, temporal: { interval: [["2015-06-27T10:25:31Z", null]] } },
    },
    bands: nameBands([...SENTINEL_2_REFLECTANCE, ...SENTINEL_2_AUXILIARY], SENTINEL_2_NAMING),
    referenceSystem: null,
    platforms: ["sentinel-2a", "sentinel-2b", "sentinel-2c"],
    constellation: "sentinel-2",
    licenseUrl: "https://sentinel.esa.int/documents/247904/690755/Sentinel_Data_Legal_Notice",
  },
];
