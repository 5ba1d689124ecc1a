import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { checkFormatLiterals, FORMAT_PARAMETERS, formatOf, LOADED_CUBE, loadFiles, MAX_FILES, MAX_GEOJSON_BYTES } from "./load-files";

export const loadUploadedFiles: ProcessImplementation = {
  spec: {
    id: "load_uploaded_files",
    summary: "Make a data cube of the user's uploaded files",
    description:
      "Reads files the signed-in user uploaded (PUT /files/{path}) into one data cube, in one of the input formats of GET /file_formats (`format`, any letter case). Paths are relative to the user's own root: `/a/b.tif`, `a/b.tif` and `./a/b.tif` name the same file, and a path leading outside it (such as one with `..`) names no file, as a missing file does: `FileNotFound`. " +
      `At most ${MAX_FILES} files at once.\n\n` +
      `\`GeoJSON\` gives one vector data cube of the features of all files, in the order given, as load_geojson makes it (at most ${MAX_GEOJSON_BYTES / 2 ** 20} MiB of GeoJSON in all; the \`properties\` option names Feature properties to keep as a dimension). ` +
      "`GTiff` gives a raster data cube with the dimensions x, y, t and bands that is not read yet: the headers are read now, the pixels once a process needs them, on the native grid of the first file; its bands are named by the files' band descriptions (GDAL's metadata), band_1, band_2, ... (by their number) where they have none or the files name them differently; each file's time step is the day of the `datetime` option, else of its own observation date (a DATETIME or ACQUISITIONDATETIME item of its GDAL metadata; not the TIFF DateTime tag, which says when the file was written), else 1970-01-01; files of the same day are mosaicked (where several have a value, the first given wins). `STAC` reads one uploaded STAC document as load_stac does with no extents (its relative asset links lead to further uploaded files). A file the format can't read fails with `FormatUnsuitable`.",
    categories: ["cubes", "import"],
    experimental: true,
    parameters: [
      {
        name: "paths",
        description: "The files, by their paths in the user's files (folders are not expanded).",
        schema: { type: "array", subtype: "file-paths", items: { type: "string", subtype: "file-path", pattern: "^[^\r\n\\:'\"]+$" } },
      },
      ...FORMAT_PARAMETERS,
    ],
    returns: LOADED_CUBE,
    exceptions: {
      FormatUnsuitable: { message: "Data can't be loaded with the requested input format." },
      FileNotFound: { message: "The specified file does not exist." },
    },
  },
  checkLiterals: checkFormatLiterals,
  // The same cube in every strip, as load_stac's: a lazy cube reads only the strip's window.
  worksInStrips: () => true,
  run: (args, ctx) => {
    const { format, options } = formatOf("load_uploaded_files", args);
    const paths = args.paths as string[];
    const invalid = (reason: string) => new OpenEOError("ProcessParameterInvalid", { process: "load_uploaded_files", parameter: "paths", reason });
    if (paths.length === 0) throw invalid("no file given");
    // Each file is at least one read.
    if (paths.length > MAX_FILES) throw invalid(`at most ${MAX_FILES} files can be loaded at once, not ${paths.length}`);
    budgetOf(ctx).reserveElements(paths.length, "the paths");
    const data = dataAccess(ctx);
    if (!data.userFileHref) throw new OpenEOError("Internal", { message: "load_uploaded_files needs the user's files, but the run was started without them" });
    const files = paths.map((path) => ({ href: data.userFileHref!(path), name: path }));
    return loadFiles("load_uploaded_files", files, format, options, ctx);
  },
};
