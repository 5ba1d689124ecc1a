// npm run bench:jpeg-encoding: our baseline JPEG encoder (src/formats/jpeg-writer.ts) on the largest
// Process API output (2500 x 2500 px), RGB and grey, at qualities 50, 75 and 90: milliseconds (median
// of 7 runs after one untimed), bytes, and PSNR of our decoder's reading against the input.
import { writeJpeg, type JpegImage } from "../src/formats/jpeg-writer";
import { jpegDecode } from "../src/raster/jpeg";
import { median } from "./memory";

const SIDE = 2500;
const RUNS = 7;

/** Smooth colour fields with 16 levels of fixed-seed noise in red: neither flat nor pure noise. */
function testImage(channels: 1 | 3): JpegImage {
  const pixels = new Uint8Array(SIDE * SIDE * channels);
  let seed = 7;
  for (let y = 0; y < SIDE; y++) {
    for (let x = 0; x < SIDE; x++) {
      seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
      const rgb = [(((x * 255) / SIDE) | 0) + ((seed >>> 16) & 15), ((y * 255) / SIDE) | 0, (128 + 100 * Math.sin(x / 37) * Math.cos(y / 23)) | 0];
      for (let k = 0; k < channels; k++) pixels[(y * SIDE + x) * channels + k] = Math.min(255, rgb[k]!);
    }
  }
  return { width: SIDE, height: SIDE, channels, pixels };
}

function psnr(a: Uint8Array, b: Uint8Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += (a[i]! - b[i]!) ** 2;
  return 10 * Math.log10((255 * 255) / (sum / a.length));
}

console.log(`${SIDE} x ${SIDE} px, median of ${RUNS} runs`);
for (const channels of [3, 1] as const) {
  const img = testImage(channels);
  for (const quality of [50, 75, 90]) {
    let jpeg = writeJpeg(img, quality);
    const times: number[] = [];
    for (let run = 0; run < RUNS; run++) {
      const started = performance.now();
      jpeg = writeJpeg(img, quality);
      times.push(performance.now() - started);
    }
    const decoded = jpegDecode(jpeg, null, { width: SIDE, height: SIDE, samples: channels }, channels === 3);
    const name = channels === 3 ? "RGB " : "grey";
    console.log(`${name} q${quality}: ${median(times).toFixed(0)} ms, ${(jpeg.length / 1024).toFixed(0)} KiB, PSNR ${psnr(img.pixels, decoded).toFixed(1)} dB`);
  }
}
