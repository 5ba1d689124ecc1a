import { OpenEOError } from "../../errors";
import { notPublicHttps } from "../../net/public-host";
import type { ProcessImplementation } from "../types";
import { checkFormatLiterals, FORMAT_PARAMETERS, formatOf, LOADED_CUBE, loadFiles, MAX_GEOJSON_BYTES } from "./load-files";

export const loadUrl: ProcessImplementation = {
  spec: {
    id: "load_url",
    summary: "Make a data cube of a file on the web",
    description:
      "Reads the file at an https URL in one of the input formats of GET /file_formats (`format`, any letter case) into a data cube. `GeoJSON` gives a vector data cube as load_geojson makes it (at most " +
      `${MAX_GEOJSON_BYTES / 2 ** 20} MiB; the \`properties\` option names Feature properties to keep as a dimension). ` +
      "`GTiff` gives a raster data cube with the dimensions x, y, t and bands that is not read yet: the header is read now, the pixels by HTTP range requests once a process needs them, on the file's native grid; its bands are named by the file's band descriptions (GDAL's metadata), band_1, band_2, ... (by their number) where it has none, and its single time step is the day of the `datetime` option, else of the file's own observation date (a DATETIME or ACQUISITIONDATETIME item of its GDAL metadata; not the TIFF DateTime tag, which says when the file was written), else 1970-01-01. `STAC` reads an Item, Collection, Catalog or ItemCollection as load_stac does with no extents.\n\n" +
      "Only https URLs of public hosts are read (http, loopback, private and link-local addresses and local names are refused, also as the target of a redirect), within the back-end's deadlines and size limits; credentials a host needs must be part of the URL. This back-end's own `/files/...` URLs read the signed-in user's files. A file the format can't read fails with `FormatUnsuitable`.",
    categories: ["cubes", "import"],
    experimental: true,
    parameters: [
      {
        name: "url",
        description: "The https URL of the file; any credentials the host asks for go into the URL itself.",
        schema: { title: "URL", type: "string", format: "uri", subtype: "uri", pattern: "^https?://" },
      },
      ...FORMAT_PARAMETERS,
    ],
    returns: LOADED_CUBE,
    exceptions: {
      FormatUnsuitable: { message: "Data can't be loaded with the requested input format." },
    },
  },
  checkLiterals: checkFormatLiterals,
  // The same cube in every strip, as load_stac's: a lazy cube reads only the strip's window.
  worksInStrips: () => true,
  run: (args, ctx) => {
    const { format, options } = formatOf("load_url", args);
    const url = args.url as string;
    const refused = notPublicHttps(url);
    if (refused) throw new OpenEOError("ProcessParameterInvalid", { process: "load_url", parameter: "url", reason: refused });
    return loadFiles("load_url", [{ href: url, name: url }], format, options, ctx);
  },
};
