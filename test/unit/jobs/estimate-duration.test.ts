import { describe, expect, it } from "vitest";
import { estimatedDuration } from "../../../src/jobs/estimate-duration";

describe("estimatedDuration", () => {
  it("answers whole minutes as ISO 8601, 30 s to start plus 5 MB a second, at least one minute", () => {
    expect(estimatedDuration(0)).toBe("PT1M");
    // 30 s + 150 s = 3 min exactly.
    expect(estimatedDuration(750_000_000)).toBe("PT3M");
    // 30 s + 1000 s = 17.2 min.
    expect(estimatedDuration(5_000_000_000)).toBe("PT18M");
    // 30 s + 3570 s = 60 min.
    expect(estimatedDuration(17_850_000_000)).toBe("PT1H");
    // 30 s + 6000 s = 100.5 min.
    expect(estimatedDuration(30_000_000_000)).toBe("PT1H41M");
  });
});
