/**
 * A request of Sentinel Hub's Asynchronous Processing API: a Process API request whose
 * `output.delivery.s3.url` names where its responses go, mapped onto the caller's files:
 * <prefix>/<request id>/<identifier>.<extension>, as Sentinel Hub names them under the URL.
 */
import { badRequest, isObject, parseProcessRequest, type ProcessRequest } from "../process-request";
import { EXTENSIONS } from "../run-process-request";
import { checkDeliveryPath, filesFolderOf, SAMPLE_REQUEST_ID, underFolder } from "../s3-folder";

export interface AsyncRequest {
  process: ProcessRequest;
  /** The files folder the responses go into, under a folder named by the request's id. */
  folder: string;
}

export function parseAsyncRequest(body: Record<string, unknown>): AsyncRequest {
  if (body.evalscriptReference !== undefined) throw badRequest("evalscriptReference (an evalscript in object storage) is not supported; send the evalscript itself.");
  const output = isObject(body.output) ? body.output : undefined;
  const delivery = output && isObject(output.delivery) ? output.delivery : undefined;
  const s3 = delivery && isObject(delivery.s3) ? delivery.s3 : undefined;
  if (!s3) throw badRequest("output.delivery.s3.url must say where the results go: s3://<bucket>/<prefix>.");
  const folder = filesFolderOf(s3.url, "output.delivery.s3.url");
  const { delivery: _delivery, ...rest } = output!;
  const process = parseProcessRequest({ ...body, output: rest });
  // The responses' identifiers name their files.
  for (const response of process.responses) checkDeliveryPath(underFolder(folder, `${SAMPLE_REQUEST_ID}/${response.identifier}.${EXTENSIONS[response.type]}`), `output.responses '${response.identifier}'`);
  return { process, folder };
}

/** The body as kept with the request: the delivery's credentials (never ours to use) left out. */
export function storedAsyncBody(body: Record<string, unknown>): Record<string, unknown> {
  const output = body.output as Record<string, unknown>;
  const s3 = (output.delivery as { s3: Record<string, unknown> }).s3;
  return { ...body, output: { ...output, delivery: { s3: { url: s3.url } } } };
}
