import type { Env } from "../env";
import { Catalog } from "./catalog";
import { REMOTE_COLLECTIONS } from "./remote-collections";
import { ByocCatalog } from "./sources/byoc-source";

/** The catalogue as one user sees it: everything public, and their own BYOC collections (none without a user). */
export function userCatalog(env: Pick<Env, "DATA" | "BYOC">, userId: string | undefined): Catalog {
  return new Catalog(env.DATA, REMOTE_COLLECTIONS, new ByocCatalog(env.BYOC, env.DATA, userId));
}
