import { dataAccess } from "../../cube/context";
import { labelDimension, labelValues, type Label } from "../../cube/dimensions";
import { findBand } from "../../cube/bands";
import type { BandLabel, LabelDimension } from "../../cube/types";
import { materialize } from "../../cube/materialize";
import { anyCubeArgument } from "../../cube/parameters";
import { vectorDimension } from "../../cube/vector-labels";
import { OpenEOError } from "../../errors";
import type { ProcessImplementation } from "../types";
import { DATACUBE } from "./schemas";

const LABELS = { type: "array", uniqueItems: true, items: { type: ["number", "string"] } };

/** Labels as the cube holds them: band names and instants are strings. */
const same = (a: Label, b: Label, temporal: boolean) => String(a) === String(b) || (temporal && Date.parse(String(a)) === Date.parse(String(b)));

/** An ISO 8601 date or date-time, the only labels a temporal dimension holds. */
const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}(?:[Tt ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[Zz]|[+-]\d{2}:?\d{2})?)?$/;
const isInstant = (label: Label): boolean => typeof label === "string" && ISO_INSTANT.test(label) && !Number.isNaN(Date.parse(label));

/** A source label naming a band by alias or common name, as that band's label; others as given. */
function bandName(bands: BandLabel[], label: Label): Label {
  const band = typeof label === "string" ? findBand(bands, label) : undefined;
  return band && band !== "ambiguous" ? band.name : label;
}

/** The new labels: `source[i]` becomes `target[i]`, or with no source label `i` becomes `target[i]`. */
function renamed(labels: Label[], source: Label[], target: Label[], temporal: boolean): Label[] {
  let from: number[];
  if (source.length === 0) {
    if (!labels.every((label, i) => String(label) === String(i))) throw OpenEOError.processException("LabelsNotEnumerated", "The labels are not 0, 1, 2, ...: give `source`.");
    if (target.length > labels.length) throw OpenEOError.processException("LabelMismatch", `${target.length} target labels for a dimension of ${labels.length}.`);
    from = target.map((_, i) => i);
  } else {
    if (source.length !== target.length) throw OpenEOError.processException("LabelMismatch", `${source.length} source labels but ${target.length} target labels.`);
    from = source.map((s) => {
      const i = labels.findIndex((label) => same(label, s, temporal));
      if (i < 0) throw OpenEOError.processException("LabelNotAvailable", `The dimension has no label ${JSON.stringify(s)}.`);
      return i;
    });
  }
  const result = [...labels];
  from.forEach((i, k) => (result[i] = target[k]!));
  labels.forEach((label, i) => {
    if (from.includes(i)) return;
    const clash = target.find((t) => same(t, label, temporal));
    if (clash !== undefined) throw OpenEOError.processException("LabelExists", `The dimension already has the label ${JSON.stringify(clash)}.`);
  });
  return result;
}

/** The dimension with the labels `source` (or 0, 1, ...) renamed to `target`. */
function renamedDimension(dim: LabelDimension, args: Record<string, unknown>): LabelDimension {
  const source = dim.type === "bands" ? (args.source as Label[]).map((label) => bandName(dim.labels as BandLabel[], label)) : (args.source as Label[]);
  const labels = renamed(labelValues(dim), source, args.target as Label[], dim.type === "temporal");
  if (dim.type === "bands") return { ...dim, labels: dim.labels.map((band, i) => ({ ...band, name: String(labels[i]) })) };
  if (dim.type === "temporal" && labels.every(isInstant)) return { ...dim, labels: labels as string[] };
  // Labels that are not instants (any string or number is allowed) leave a dimension of type other.
  return { name: dim.name, type: "other", labels };
}

export const renameLabels: ProcessImplementation = {
  spec: {
    id: "rename_labels",
    summary: "Give dimension labels new names",
    description:
      "Changes labels of one dimension (`bands`, `t` or another label dimension, of raster and vector data cubes alike; not the spatial or geometry dimensions) without touching the values or their order: each label in `source` gets the name at the same position in `target` (a band may be named by alias or common name too). With no `source`, the labels must be 0, 1, 2, ... and label i gets `target[i]`. When a new label of a temporal dimension is not an ISO 8601 instant, the dimension becomes one of type `other` holding the labels as given. Reads the cube if it was not read yet.",
    categories: ["cubes"],
    parameters: [
      { name: "data", description: "The data cube with the labels to rename.", schema: DATACUBE },
      { name: "dimension", description: "The dimension whose labels change.", schema: { type: "string" } },
      { name: "target", description: "The new labels; none of them may already be a label the renaming keeps (`LabelExists`).", schema: LABELS },
      {
        name: "source",
        description: "The labels to rename, matched by position with `target`; a subset in any order is fine. Empty (the default) means the labels are 0, 1, 2, ... (else `LabelsNotEnumerated`); a label not in the dimension fails with `LabelNotAvailable`.",
        schema: LABELS,
        default: [],
        optional: true,
      },
    ],
    returns: { description: "The data cube with the new labels for the dimension; everything else is unchanged.", schema: DATACUBE },
    exceptions: {
      LabelsNotEnumerated: { message: "The dimension labels are not enumerated." },
      LabelMismatch: { message: "The number of labels in the parameters `source` and `target` don't match." },
      LabelNotAvailable: { message: "A label with the specified name does not exist." },
      LabelExists: { message: "A label with the specified name exists." },
    },
  },
  run: async (args, ctx) => {
    const dimension = args.dimension as string;
    const input = anyCubeArgument(args.data, "rename_labels");
    if (input.kind === "vector") {
      const ref = vectorDimension(input, dimension);
      if (ref.kind === "geometry") throw new OpenEOError("ProcessParameterInvalid", { process: "rename_labels", parameter: "dimension", reason: "the labels of the geometry dimension are its geometries (their positions) and can't be renamed" });
      return { ...input, dims: input.dims.map((d, i) => (i === ref.index ? renamedDimension(d, args) : d)) };
    }
    const cube = await materialize(input, dataAccess(ctx));
    const { index, dim } = labelDimension(cube, dimension, () => new OpenEOError("ProcessParameterInvalid", { process: "rename_labels", parameter: "dimension", reason: "the labels of the spatial dimensions are coordinates and can't be renamed" }));
    return { ...cube, dims: cube.dims.map((d, i) => (i === index ? renamedDimension(dim, args) : d)) };
  },
};
