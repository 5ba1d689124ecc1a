/** The file is not a TIFF this back-end can read: malformed, truncated or of an unsupported layout. */
export class CogFormatError extends Error {
  override name = "CogFormatError";
}

/** The tiles use a compression this back-end cannot decode; the message names the codec. */
export class UnsupportedCodecError extends CogFormatError {
  override name = "UnsupportedCodecError";
  constructor(readonly compression: number, readonly codec: string) {
    super(`COG compression ${codec} (${compression}) is not supported by this back-end`);
  }
}
