import { SignJWT, jwtVerify } from "jose";
import { basicUsers, tokenSecret } from "../config";
import type { Env } from "../env";
import { OpenEOError } from "../errors";
import { admitLogin } from "./login-throttle";
import { verifyPassword } from "./password";
import { basicUser, type User } from "./user";

const TOKEN_ISSUER = "openeo-edge/basic";
export const BASIC_TOKEN_TTL_SECONDS = 24 * 60 * 60;

/** Compared against when the user does not exist, so both cases cost the same time. */
const UNKNOWN_USER_HASH = "pbkdf2-sha256$100000$AAAAAAAAAAAAAAAAAAAAAA==$AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=";

function decodeBasicHeader(header: string | undefined): { username: string; password: string } {
  if (!header) {
    throw new OpenEOError("AuthenticationRequired", {}, {
      message: "Send the user name and password with HTTP Basic authentication.",
      headers: { "WWW-Authenticate": 'Basic realm="openEO"' },
    });
  }
  const match = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header.trim());
  let decoded: string | undefined;
  try {
    decoded = match ? new TextDecoder().decode(Uint8Array.from(atob(match[1]!), (ch) => ch.charCodeAt(0))) : undefined;
  } catch {
    decoded = undefined;
  }
  const colon = decoded?.indexOf(":") ?? -1;
  if (decoded === undefined || colon < 0) {
    throw new OpenEOError("AuthenticationSchemeInvalid", {}, {
      message: "Expected 'Authorization: Basic <base64 of user:password>'.",
    });
  }
  return { username: decoded.slice(0, colon), password: decoded.slice(colon + 1) };
}

/** Checks HTTP Basic credentials of a login from `client` (throttled, see login-throttle.ts) and issues a signed, expiring access token. */
export async function issueBasicToken(env: Env, authorization: string | undefined, client: string): Promise<string> {
  const { username, password } = decodeBasicHeader(authorization);
  const login = await admitLogin(env, username, client);
  const users = basicUsers(env);
  const stored = Object.hasOwn(users, username) ? users[username]! : undefined;
  const valid = (await verifyPassword(password, stored ?? UNKNOWN_USER_HASH)) && stored !== undefined;
  await login.settle(valid ? "succeeded" : "failed");
  if (!valid) throw new OpenEOError("CredentialsInvalid");
  return new SignJWT({})
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setIssuer(TOKEN_ISSUER)
    .setSubject(username)
    .setIssuedAt()
    .setExpirationTime(`${BASIC_TOKEN_TTL_SECONDS}s`)
    .sign(tokenSecret(env));
}

/** Verifies a token from issueBasicToken; the user must still be configured. */
export async function verifyBasicToken(env: Env, token: string): Promise<User> {
  let subject: string | undefined;
  try {
    const { payload } = await jwtVerify(token, tokenSecret(env), { issuer: TOKEN_ISSUER, algorithms: ["HS256"], requiredClaims: ["exp"] });
    subject = payload.sub;
  } catch (cause) {
    if (cause instanceof OpenEOError) throw cause;
    throw new OpenEOError("TokenInvalid", {}, { cause });
  }
  if (!subject || !Object.hasOwn(basicUsers(env), subject)) throw new OpenEOError("TokenInvalid");
  return basicUser(subject);
}
