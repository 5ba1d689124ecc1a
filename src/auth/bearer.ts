import { OpenEOError } from "../errors";

export type BearerCredentials = { method: "basic"; token: string } | { method: "oidc"; provider: string; token: string };

/** Parses `Authorization: Bearer basic//TOKEN` or `Bearer oidc/PROVIDER/TOKEN`. */
export function parseBearer(header: string): BearerCredentials {
  const match = /^Bearer\s+(\S+)$/i.exec(header.trim());
  if (!match) {
    throw new OpenEOError("AuthenticationSchemeInvalid", {}, {
      message: "Authentication method not supported: send 'Authorization: Bearer basic//TOKEN' or 'Bearer oidc/PROVIDER/TOKEN'.",
    });
  }
  const value = match[1]!;
  const first = value.indexOf("/");
  const second = first < 0 ? -1 : value.indexOf("/", first + 1);
  if (second < 0) {
    throw new OpenEOError("AuthenticationSchemeInvalid", {}, {
      message: "Malformed bearer token: expected METHOD/PROVIDER/TOKEN, such as basic//TOKEN.",
    });
  }
  const method = value.slice(0, first).toLowerCase();
  const provider = value.slice(first + 1, second);
  const token = value.slice(second + 1);
  if (!token) throw new OpenEOError("TokenInvalid", {}, { message: "The bearer token is empty." });
  if (method === "basic" && provider === "") return { method, token };
  if (method === "oidc" && provider !== "") return { method, provider, token };
  throw new OpenEOError("AuthenticationSchemeInvalid", {}, {
    message: `Authentication method '${method}' with provider '${provider}' is not supported: use basic// or oidc/PROVIDER/.`,
  });
}
