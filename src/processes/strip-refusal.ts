import { OpenEOError } from "../errors";

/** Why a process that reads its own data in strips (apply_polygon, apply_neighborhood) can't here. */
export function stripRefusal(process: string, reason: string): OpenEOError {
  return new OpenEOError("ProcessGraphComplexity", {}, { message: `${process} can't be computed in strips here: ${reason}.` });
}
