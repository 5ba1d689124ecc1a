/** The outputs and bands a Statistical API response reports: all but the dataMask output and any band named dataMask. */
import type { EvalscriptSetup } from "../../processes/udf/evalscript-setup";

export const DATA_MASK = "dataMask";

export type Output = EvalscriptSetup["outputs"][number];

/** Band names as setup() gives them, else B0, B1, ... */
export function bandNames(output: Output): string[] {
  return output.names ?? Array.from({ length: output.bands }, (_, k) => `B${k}`);
}
