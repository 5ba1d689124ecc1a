import { budgetOf } from "../../budget";
import { dataAccess } from "../../cube/context";
import { convolve, type Border } from "../../cube/kernel";
import { materialize } from "../../cube/materialize";
import { cubeArgument } from "../../cube/parameters";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { RASTER_CUBE } from "./schemas";

/** The kernel as rows of equal, odd length, an odd number of them. */
function kernelArgument(value: unknown): number[][] {
  const kernel = value as number[][];
  const cols = kernel[0]?.length ?? 0;
  if (kernel.some((row) => row.length !== cols)) throw new OpenEOError("ProcessParameterInvalid", { process: "apply_kernel", parameter: "kernel", reason: "every row of the kernel must have the same number of weights" });
  if (kernel.length % 2 === 0 || cols % 2 === 0) throw OpenEOError.processException("KernelDimensionsUneven", `The kernel is ${cols} x ${kernel.length} (x by y); both must be odd.`);
  return kernel;
}

export const applyKernel: ProcessImplementation = {
  spec: {
    id: "apply_kernel",
    summary: "Convolve each image of a cube with a kernel",
    description:
      "Runs a 2D convolution over x and y on every image of the data cube (each combination of the other dimensions' labels, such as every band at every time step): each new pixel is the sum of the kernel's weights times the pixels under them, with the kernel centred on the pixel, multiplied by `factor`. The weights are used as given, not flipped. Kernel rows run along x, the outer array along y from north to south; both sizes must be odd (else `KernelDimensionsUneven`).\n\n" +
      "No-data, NaN and infinite values are replaced by `replace_invalid` before convolving, so every output pixel has a value, also where the input had none. Beyond the edges, `border` decides what the kernel sees: a number, or the `replicate`, `reflect`, `reflect_pixel` or `wrap` extension of the image. Reads the cube if it was not read yet; the values are computed in double precision and stored as 32-bit floats.",
    categories: ["cubes", "math > image filter"],
    parameters: [
      { name: "data", description: "The raster data cube to filter.", schema: RASTER_CUBE },
      {
        name: "kernel",
        description: "The weights: an array of rows (along y, north first), each an array of weights along x (west first). Both the number of rows and the number of weights per row must be odd.",
        schema: { description: "Rows of numbers.", type: "array", subtype: "kernel", items: { type: "array", items: { type: "number" } } },
      },
      { name: "factor", description: "Multiplies every convolved value, e.g. 1/16 to normalise a 3 x 3 Gaussian kernel.", schema: { type: "number" }, default: 1, optional: true },
      {
        name: "border",
        description:
          "What lies beyond the edges: a number fills them with that value (default 0: `000|abcd|000`); `replicate` repeats the edge pixel (`aaa|abcd|ddd`), `reflect` mirrors including the edge pixel (`cba|abcd|dcb`), `reflect_pixel` mirrors around the edge pixel (`dcb|abcd|cba`) and `wrap` continues from the opposite edge (`bcd|abcd|abc`).",
        schema: [{ type: "string", enum: ["replicate", "reflect", "reflect_pixel", "wrap"] }, { type: "number" }],
        default: 0,
        optional: true,
      },
      { name: "replace_invalid", description: "The value no-data, NaN and infinite values take before convolving (default 0).", schema: { type: "number" }, default: 0, optional: true },
    ],
    returns: { description: "The data cube with the convolved values; dimensions, labels, reference system and resolution stay the same.", schema: RASTER_CUBE },
    exceptions: { KernelDimensionsUneven: { message: "Each dimension of the kernel must have an uneven number of elements." } },
  },
  run: async (args, ctx) => {
    const kernel = kernelArgument(args.kernel);
    const budget = budgetOf(ctx);
    const cube = await materialize(cubeArgument(args.data, "apply_kernel"), dataAccess(ctx));
    const { width, height } = cube.grid;
    const [rows, cols] = [kernel.length, kernel[0]!.length];
    // convolve() pads each plane by the kernel's reach, in doubles, and visits every weight at every pixel.
    budget.reserve((width + cols - 1) * (height + rows - 1) * 8, `the image padded for a ${cols} x ${rows} kernel`);
    budget.spend(width * height * rows * cols * cube.planes.length, `a ${cols} x ${rows} kernel over ${cube.planes.length} images of ${width} x ${height} px`);
    const options = { factor: args.factor as number, border: args.border as Border, replaceInvalid: args.replace_invalid as number };
    return { ...cube, planes: cube.planes.map((plane) => convolve(plane, cube.grid.width, cube.grid.height, kernel, options)) };
  },
};
