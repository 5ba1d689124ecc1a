import type { ServiceRecord } from "../../durable-objects/service";
import type { Env } from "../env";
import { OpenEOError } from "../errors";

/** The ServiceDO of a service id; ids are unguessable and unique across users. */
export function serviceStub(env: Env, serviceId: string) {
  return env.SERVICES.get(env.SERVICES.idFromName(serviceId));
}

/** A service's record, or null; typed as the plain record it is (the RPC wrapper's type is too deep to compare). */
export async function readService(stub: ReturnType<typeof serviceStub>): Promise<ServiceRecord | null> {
  return (await stub.get()) as unknown as ServiceRecord | null;
}

/** A user's service; another user's, like a missing one, is ServiceNotFound. */
export async function ownService(env: Env, userId: string, serviceId: string) {
  const stub = serviceStub(env, serviceId);
  const service = await readService(stub);
  if (!service || service.user_id !== userId) throw new OpenEOError("ServiceNotFound", { identifier: serviceId });
  return { stub, service };
}

/** A service that serves tiles to anyone holding its URL: it exists and is enabled. */
export async function servingService(env: Env, serviceId: string) {
  const stub = serviceStub(env, serviceId);
  const service = await readService(stub);
  if (!service || !service.enabled) throw new OpenEOError("ServiceNotFound", { identifier: serviceId });
  return { stub, service };
}
