import { describe, expect, it } from "vitest";
import { hashPassword, PBKDF2_ITERATIONS, verifyPassword } from "../../src/auth/password";

describe("password hashes", () => {
  it("verifies the right password only, with a fresh salt per hash", async () => {
    const a = await hashPassword("correct horse");
    const b = await hashPassword("correct horse");
    expect(a).not.toBe(b);
    expect(a.split("$")[1]).toBe(String(PBKDF2_ITERATIONS));
    expect(await verifyPassword("correct horse", a)).toBe(true);
    expect(await verifyPassword("correct horse", b)).toBe(true);
    expect(await verifyPassword("correct horsE", a)).toBe(false);
  });

  it("never matches malformed or foreign hashes", async () => {
    for (const stored of ["", "plain", "md5$1$x$y", "pbkdf2-sha256$0$AA==$AA==", "pbkdf2-sha256$999999999$AA==$AA=="]) {
      expect(await verifyPassword("x", stored)).toBe(false);
    }
  });
});
