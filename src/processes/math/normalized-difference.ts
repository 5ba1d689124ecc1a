import { binaryRun } from "../shared/math";
import type { ProcessImplementation } from "../types";

export const normalizedDifference: ProcessImplementation = {
  spec: {
    id: "normalized_difference",
    summary: "Normalized difference of two values",
    description:
      "Computes `(x - y) / (x + y)`, the form of many spectral indices: NDVI with near infrared as `x` and red as `y`, NDWI with near infrared and short-wave infrared, NDSI with green and short-wave infrared. No-data in either value gives no-data.",
    categories: ["math > indices", "vegetation indices"],
    parameters: [
      { name: "x", description: "The first band's value.", schema: { type: "number" } },
      { name: "y", description: "The second band's value.", schema: { type: "number" } },
    ],
    returns: { description: "The normalized difference, between -1 and 1.", schema: { type: "number", minimum: -1, maximum: 1 } },
  },
  // Inside data cubes the bands may carry no-data even though the schema says number.
  run: binaryRun("x", "y", (x, y) => (x - y) / (x + y)),
};
