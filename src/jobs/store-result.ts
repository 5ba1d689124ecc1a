import type { ResultBody } from "../execution/outputs";

async function* pieces(chunks: ResultBody["chunks"]): AsyncGenerator<Uint8Array> {
  yield* chunks;
}

async function joined(chunks: ResultBody["chunks"]): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of pieces(chunks)) parts.push(part);
  const bytes = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    bytes.set(part, at);
    at += part.length;
  }
  return bytes;
}

/**
 * Writes a computed result file to R2 and answers its size. A file of known length streams in as
 * it is computed (R2 needs the length of a stream up front); one encoded without a known length
 * (PNG) is joined in memory first, which its modest size allows.
 */
export async function storeResultFile(bucket: R2Bucket, key: string, body: ResultBody): Promise<number> {
  const httpMetadata = { contentType: body.mediaType };
  if (body.byteLength === undefined) {
    const bytes = await joined(body.chunks);
    await bucket.put(key, bytes, { httpMetadata });
    return bytes.length;
  }
  const source = pieces(body.chunks);
  const stream = new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await source.next();
      if (done) controller.close();
      else controller.enqueue(value);
    },
    // The write failed: a large result's temporary storage is deleted as it stops.
    async cancel() {
      await source.return(undefined);
    },
  });
  await bucket.put(key, stream.pipeThrough(new FixedLengthStream(body.byteLength)), { httpMetadata });
  return body.byteLength;
}
