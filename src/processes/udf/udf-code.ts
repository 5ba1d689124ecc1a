/**
 * run_udf's `udf`: source code (it has a line break), an https URL or a path in the user's files,
 * as the process definition tells them apart. Fetched scripts are small and read once per run.
 */
import type { DataAccess } from "../../cube/context";
import { OpenEOError } from "../../errors";
import { MAX_UDF_CHARS } from "../../sandbox/instrument";

/**
 * Scripts read in a run, by the run's reader (the same function however its data access is copied
 * for strips and tiles): each block of pixels asks again, the file is read once.
 */
const readInRun = new WeakMap<NonNullable<DataAccess["readFile"]>, Map<string, Promise<string>>>();

export async function udfCode(udf: unknown, data: DataAccess | undefined): Promise<string> {
  if (typeof udf !== "string" || udf === "") throw new OpenEOError("ProcessParameterInvalid", { process: "run_udf", parameter: "udf", reason: "expected JavaScript source code, an https URL or a path to a .js file" });
  if (/\r|\n/.test(udf)) return udf;
  const readFile = data?.readFile;
  if (!readFile) throw new OpenEOError("FileNotFound", { file: udf });
  let read = readInRun.get(readFile);
  if (!read) readInRun.set(readFile, (read = new Map()));
  let code = read.get(udf);
  if (!code) read.set(udf, (code = readScript(readFile, udf)));
  return code;
}

async function readScript(readFile: NonNullable<DataAccess["readFile"]>, udf: string): Promise<string> {
  const bytes = await readFile(udf, MAX_UDF_CHARS * 4);
  try {
    return new TextDecoder("utf-8", { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    throw new OpenEOError("ProcessParameterInvalid", { process: "run_udf", parameter: "udf", reason: `${udf} is not UTF-8 text` });
  }
}
