import { beforeAll, describe, expect, it } from "vitest";
import { OpenEOError } from "../../src/errors";
import { guessMediaType } from "../../src/files/media-type";
import { decodePageToken, encodePageToken } from "../../src/files/page-token";
import { MAX_PATH_BYTES, parentFolders, validateFilePath } from "../../src/files/path";
import { parseRange } from "../../src/files/range";
import { expectError, loginAs, request } from "../support/http";

let bob: string;
beforeAll(async () => {
  bob = await loginAs("bob");
});

/** The code of the OpenEOError a call throws. */
function errorCode(call: () => unknown): string | undefined {
  try {
    call();
  } catch (error) {
    return error instanceof OpenEOError ? error.code : `not an OpenEOError: ${error}`;
  }
  return undefined;
}

describe("file paths over HTTP", () => {
  it.each([
    ["'..' encoded with its separators", "a%2F..%2Fb"],
    ["'%2e%2e' with an encoded separator", "%2e%2e%2Fusers%2Fbasic.alice%2Fx"],
    ["'.'", "a%2F.%2Fb"],
    ["a leading slash", "/etc/passwd"],
    ["an empty folder name", "a//b"],
    ["a backslash", "a%5C..%5Cb"],
    ["a colon", "C%3A%2Fwindows"],
    ["a quote", "it's.txt"],
    ["a NUL", "a%00b"],
    ["a newline", "a%0Ab"],
    ["a carriage return", "a%0D"],
    ["DEL", "a%7F"],
    ["a path that is too long", "x".repeat(MAX_PATH_BYTES + 1)],
    ["a name over 255 bytes of UTF-8", "%C3%B6".repeat(128)],
  ])("rejects %s with FilePathInvalid, whatever the method", async (_, path) => {
    for (const method of ["GET", "PUT", "DELETE"]) {
      const res = await request(`/v1/files/${path}`, { method, headers: { Authorization: bob }, body: method === "PUT" ? "x" : undefined });
      await expectError(res, 400, "FilePathInvalid");
    }
  });

  it("leaves plain dot segments to the URL parser, which resolves them before routing", async () => {
    expect(new URL("https://x.test/v1/files/sub/%2e%2e/dot.txt").pathname).toBe("/v1/files/dot.txt");
    const res = await request("/v1/files/sub/%2e%2e/dot.txt", { method: "PUT", headers: { Authorization: bob }, body: "x" });
    expect(await res.json()).toMatchObject({ path: "dot.txt" });
  });

  it("takes a double-encoded name literally, decoding once", async () => {
    const res = await request("/v1/files/%252e%252e", { method: "PUT", headers: { Authorization: bob }, body: "x" });
    expect(await res.json()).toMatchObject({ path: "%2e%2e" });
  });
});

describe("validateFilePath", () => {
  it.each(["a.txt", ".hidden", "a..b/c", "folder/sub folder/münster.shp", "100%.csv", "(a)[b]{c}&=+,;!@#$~.txt", "x".repeat(255), `${"x/".repeat(449)}x`])(
    "accepts %s",
    (path) => {
      expect(validateFilePath(path)).toBe(path);
    },
  );

  it.each(["", "a/", "/a", "a/../b", "..", "./a", "a\\b", "a:b", 'a"b', "a\u0085b", "a\ud800b", `${"x".repeat(255)}y`, "ö".repeat(MAX_PATH_BYTES / 2 + 1)])(
    "rejects %j",
    (path) => {
      expect(errorCode(() => validateFilePath(path))).toBe("FilePathInvalid");
    },
  );

  it("names the parent folders of a path", () => {
    expect(parentFolders("a/b/c.txt")).toEqual(["a", "a/b"]);
    expect(parentFolders("c.txt")).toEqual([]);
  });
});

describe("parseRange", () => {
  it.each([
    [undefined, 10, undefined],
    ["bytes=0-0", 10, { start: 0, end: 0 }],
    ["bytes=2-", 10, { start: 2, end: 9 }],
    ["bytes=-3", 10, { start: 7, end: 9 }],
    ["bytes=8-99", 10, { start: 8, end: 9 }],
    ["bytes=10-", 10, "unsatisfiable"],
    ["bytes=-1", 0, "unsatisfiable"],
    ["bytes=0-", 0, "unsatisfiable"],
    ["bytes=0-1, 3-4", 10, undefined],
    ["bytes=5-2", 10, undefined],
    ["bytes=x-y", 10, undefined],
  ] as const)("%s of %i bytes -> %j", (header, size, expected) => {
    expect(parseRange(header, size)).toEqual(expected);
  });
});

describe("guessMediaType", () => {
  it.each([
    ["a/b.TIF", "image/tiff; application=geotiff"],
    ["x.geojson", "application/geo+json"],
    ["x.nc", "application/netcdf"],
    ["x.zip", "application/zip"],
    [".json", "application/octet-stream"],
    ["folder.d/file", "application/octet-stream"],
  ])("%s -> %s", (path, type) => {
    expect(guessMediaType(path)).toBe(type);
  });
});

describe("page tokens", () => {
  it("round-trip cursors, Unicode included, and reject anything else", () => {
    for (const cursor of [{ after: "österreich/münster.shp" }, { before: "a" }]) expect(decodePageToken(encodePageToken(cursor))).toEqual(cursor);
    for (const token of ["", "!!", btoa("[1]"), btoa('{"after":1}'), btoa('{"after":"a","before":"b"}')]) {
      expect(errorCode(() => decodePageToken(token))).toBe("RequestInvalid");
    }
  });
});
