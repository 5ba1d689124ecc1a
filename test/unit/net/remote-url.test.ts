import { describe, expect, it } from "vitest";
import { remoteUrlRefusal } from "../../../src/net/remote-url";

const PRIVATE = [
  "http://localhost../a",
  "http://127.0.0.1../a",
  "http://intranet../a",
  "http://[64:ff9b::7f00:1]/",
  "http://[2002:7f00:1::]/",
  "http://[2002:a9fe:a9fe::1]/",
  "http://[fec0::1]/",
  "http://[ff02::1]/",
  "http://127.0.0.1/a", "http://127.0.0.1:9000/a", "http://169.254.169.254/latest/meta-data", "http://[::1]/", "http://10.0.0.1/x", "https://192.168.0.7/x", "http://metadata.google.internal/", "http://localhost:8080/x", "http://2130706433/"];

describe("remoteUrlRefusal", () => {
  it("lets http and https URLs of public hosts through", () => {
    for (const url of ["https://example.com/item.json", "http://example.com/item.json", "https://example.com./a", "https://8.8.8.8/a", "https://[2606:4700::1111]/a", "https://[64:ff9b::808:808]/", "https://[2002:808:808::1]/"]) {
      expect([url, remoteUrlRefusal(url)]).toEqual([url, undefined]);
    }
  });

  it("refuses private, loopback and link-local hosts and local names, naming the host", () => {
    for (const url of PRIVATE) {
      const host = new URL(url).hostname;
      expect([url, remoteUrlRefusal(url)]).toEqual([url, `${host} is not a public internet host`]);
    }
  });

  it("refuses other schemes and what is not a URL", () => {
    expect(remoteUrlRefusal("file:///etc/passwd")).toBe("only http and https URLs are read, not file");
    expect(remoteUrlRefusal("ftp://example.com/a")).toBe("only http and https URLs are read, not ftp");
    expect(remoteUrlRefusal("item.json")).toBe("'item.json' is not a URL");
  });

  it("lets exactly the listed private hosts through, in any spelling the URL parser writes as them", () => {
    const allowed = new Set(["127.0.0.1", "[::1]"]);
    for (const url of ["http://127.0.0.1:9000/a", "http://127.1/a", "http://0x7f.0.0.1/a", "http://[::1]/", "http://[0:0::1]/"]) {
      expect([url, remoteUrlRefusal(url, allowed)]).toEqual([url, undefined]);
    }
    for (const url of ["http://127.0.0.2/a", "http://localhost/a", "http://169.254.169.254/"]) {
      expect([url, remoteUrlRefusal(url, allowed)]).toEqual([url, `${new URL(url).hostname} is not a public internet host`]);
    }
    expect(remoteUrlRefusal("file://127.0.0.1/etc/passwd", allowed)).toBe("only http and https URLs are read, not file");
  });
});
