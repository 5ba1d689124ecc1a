/**
 * The file is not a TIFF this back-end can read: malformed, truncated, hostile or of an
 * unsupported layout. `file` names it (an asset's href) once a caller that knows the name has seen
 * the error; the API answers it as the file's fault, never as the host's or ours.
 */
export class CogFormatError extends Error {
  override name = "CogFormatError";
  file?: string;
}

/** The tiles use a compression this back-end cannot decode; the message names the codec. */
export class UnsupportedCodecError extends CogFormatError {
  override name = "UnsupportedCodecError";
  constructor(readonly compression: number, readonly codec: string) {
    super(`COG compression ${codec} (${compression}) is not supported by this back-end`);
  }
}

/** Names the file of a format error, unless a caller nearer the read named it already. */
export function inFile<E>(error: E, file: string): E {
  if (error instanceof CogFormatError) error.file ??= file;
  return error;
}
