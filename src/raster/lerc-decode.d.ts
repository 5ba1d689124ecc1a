/** The parts of the `lerc` package's (v3, pure JavaScript LercDecode.js) API that lerc.ts uses. */
declare module "lerc" {
  interface LercPixelBlock {
    width: number;
    height: number;
    /** One typed array per band (LERC blob); pixel-interleaved dimensions when asked for. */
    pixels: ArrayLike<number>[];
    /** 1 = valid, 0 = masked, per pixel; absent when every pixel is valid. */
    mask: Uint8Array | null | undefined;
  }
  const Lerc: { decode(input: ArrayBuffer, options?: { returnPixelInterleavedDims?: boolean }): LercPixelBlock };
  export default Lerc;
}
