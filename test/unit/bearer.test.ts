import { describe, expect, it } from "vitest";
import { parseBearer } from "../../src/auth/bearer";
import { OpenEOError } from "../../src/errors";

function codeOf(header: string): string {
  try {
    parseBearer(header);
    return "parsed";
  } catch (error) {
    return error instanceof OpenEOError ? error.code : "other";
  }
}

describe("bearer token format", () => {
  it("parses basic and oidc tokens, keeping slashes inside the token", () => {
    expect(parseBearer("Bearer basic//abc.def")).toEqual({ method: "basic", token: "abc.def" });
    expect(parseBearer("bearer oidc/egi/a/b/c")).toEqual({ method: "oidc", provider: "egi", token: "a/b/c" });
  });

  it("names what is wrong", () => {
    expect(codeOf("Token x")).toBe("AuthenticationSchemeInvalid");
    expect(codeOf("Bearer")).toBe("AuthenticationSchemeInvalid");
    expect(codeOf("Bearer abc")).toBe("AuthenticationSchemeInvalid");
    expect(codeOf("Bearer basic/provider/abc")).toBe("AuthenticationSchemeInvalid");
    expect(codeOf("Bearer oidc//abc")).toBe("AuthenticationSchemeInvalid");
    expect(codeOf("Bearer basic//")).toBe("TokenInvalid");
  });
});
