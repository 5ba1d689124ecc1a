import { isNodata } from "../shared/values";
import type { ProcessImplementation } from "../types";

export const linearScaleRange: ProcessImplementation = {
  spec: {
    id: "linear_scale_range",
    summary: "Map a number linearly between ranges",
    description:
      "Maps `x` from the input range [`inputMin`, `inputMax`] onto the output range [`outputMin`, `outputMax`] with a linear function. `x` is first limited to the input range, so the result never leaves the output range. Useful e.g. to stretch values to 0-255 for images or to percentages. No-data values are returned unchanged.",
    categories: ["math"],
    parameters: [
      { name: "x", description: "The number to map; it is limited to the input range first.", schema: { type: ["number", "null"] } },
      { name: "inputMin", description: "Start of the input range.", schema: { type: "number" } },
      { name: "inputMax", description: "End of the input range.", schema: { type: "number" } },
      { name: "outputMin", description: "Start of the output range.", schema: { type: "number" }, optional: true, default: 0 },
      { name: "outputMax", description: "End of the output range.", schema: { type: "number" }, optional: true, default: 1 },
    ],
    returns: { description: "The mapped number.", schema: { type: ["number", "null"] } },
  },
  run: (args) => {
    if (isNodata(args.x)) return null;
    const [inMin, inMax] = [args.inputMin as number, args.inputMax as number];
    const [outMin, outMax] = [args.outputMin as number, args.outputMax as number];
    // The input range may be given in descending order (inputMin > inputMax); clip to either way.
    const x = Math.min(Math.max(args.x as number, Math.min(inMin, inMax)), Math.max(inMin, inMax));
    return ((x - inMin) / (inMax - inMin)) * (outMax - outMin) + outMin;
  },
};
