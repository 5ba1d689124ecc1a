import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { verifyBasicToken } from "./basic";
import { parseBearer } from "./bearer";
import { verifyOidcToken } from "./oidc";
import type { User } from "./user";

/** Resolves the Authorization header of a request to a user, or throws the fitting openEO error. */
export async function authenticate(env: Env, authorization: string | undefined): Promise<User> {
  if (!authorization) {
    throw new OpenEOError("AuthenticationRequired", {}, {
      message: "Unauthorized: this endpoint requires a bearer token (see GET /credentials/basic and GET /credentials/oidc).",
    });
  }
  const credentials = parseBearer(authorization);
  return credentials.method === "basic"
    ? verifyBasicToken(env, credentials.token)
    : verifyOidcToken(env, credentials.provider, credentials.token);
}
