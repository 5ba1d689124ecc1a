import { describe, expect, it } from "vitest";
import { decodeRemoteToken, encodeRemoteToken, MAX_REMOTE_TOKEN_LENGTH, pagingMembers } from "../../../src/catalog/sources/remote-token";

describe("remote paging tokens", () => {
  it("round-trip the paging members of a next link, whatever their characters", () => {
    const members = pagingMembers({ next: "næste:sentinel-2-l2a:S2B_33TWM", page: 3, collections: ["sentinel-2-l2a"], limit: 10 });
    expect(members).toEqual({ next: "næste:sentinel-2-l2a:S2B_33TWM", page: 3 });
    const token = encodeRemoteToken(members)!;
    expect(token.startsWith("remote.")).toBe(true);
    expect(decodeRemoteToken(token, "next")).toEqual(members);
  });

  it("makes no token of values out of bounds, or longer than a token may be", () => {
    expect(encodeRemoteToken({})).toBeUndefined();
    expect(encodeRemoteToken({ token: "x".repeat(1025) })).toBeUndefined();
    expect(encodeRemoteToken({ page: -1 })).toBeUndefined();
    const long = { token: "x".repeat(1000), next: "y".repeat(1000) };
    expect(encodeRemoteToken(long)).toBeUndefined();
    expect(encodeRemoteToken({ token: "x".repeat(1000) })!.length).toBeLessThanOrEqual(MAX_REMOTE_TOKEN_LENGTH);
  });

  it("refuses, naming the parameter, any token that isn't paging members alone", () => {
    const wrap = (text: string) => `remote.${btoa(text)}`;
    for (const token of ["abc", "remote.%%%", wrap("{not json"), wrap('{"token":"t","limit":10000}'), wrap('{"collections":["other"]}'), wrap("[1]"), wrap("{}"), wrap('{"page":1e300}'), `remote.${btoa("\xff\xfe")}`]) {
      expect(() => decodeRemoteToken(token, "next"), token).toThrow(expect.objectContaining({ code: "SearchParameterInvalid", message: expect.stringContaining("'next'") }));
    }
  });
});
