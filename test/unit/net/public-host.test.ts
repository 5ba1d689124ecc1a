import { describe, expect, it } from "vitest";
import { notPublicHttps } from "../../../src/net/public-host";

describe("notPublicHttps", () => {
  it("lets https URLs of public names and addresses through", () => {
    for (const url of ["https://example.com/a.tif", "https://sentinel-cogs.s3.us-west-2.amazonaws.com/x.tif", "https://8.8.8.8/a", "https://172.32.0.1/a", "https://100.128.0.1/a", "https://[2606:4700::1111]/a", "https://user:secret@example.com/a?key=1"]) {
      expect([url, notPublicHttps(url)]).toEqual([url, undefined]);
    }
  });

  it("refuses other schemes and what is not a URL", () => {
    expect(notPublicHttps("http://example.com/a")).toBe("only https URLs are read, not http");
    expect(notPublicHttps("ftp://example.com/a")).toBe("only https URLs are read, not ftp");
    expect(notPublicHttps("example.com/a")).toBe("'example.com/a' is not a URL");
  });

  it("refuses loopback, private, link-local, shared and reserved addresses in every spelling the URL parser accepts", () => {
    const refused = [
      "https://127.0.0.1/", "https://127.255.0.9/", "https://0.0.0.0/", "https://10.0.0.1/", "https://172.16.0.1/", "https://172.31.255.255/",
      "https://192.168.1.1/", "https://169.254.169.254/", "https://100.64.0.1/", "https://192.0.0.8/", "https://198.18.0.1/", "https://224.0.0.1/", "https://255.255.255.255/",
      // Decimal, hexadecimal and short forms of 127.0.0.1, which the URL parser writes out as dotted quads.
      "https://2130706433/", "https://0x7f.1/", "https://127.1/",
      "https://[::1]/", "https://[::]/", "https://[fc00::1]/", "https://[fd12:3456::1]/", "https://[fe80::1]/", "https://[::ffff:127.0.0.1]/", "https://[::ffff:a9fe:a9fe]/",
    ];
    for (const url of refused) expect([url, notPublicHttps(url)]).toEqual([url, expect.stringContaining("is not a public internet host")]);
  });

  it("refuses local names: single labels, localhost and the local, internal and home suffixes", () => {
    for (const url of ["https://localhost/", "https://LOCALHOST./", "https://api.localhost/", "https://metadata/", "https://printer.local/", "https://db.internal/", "https://nas.home.arpa/"]) {
      expect([url, notPublicHttps(url)]).toEqual([url, expect.stringContaining("is not a public internet host")]);
    }
  });
});
