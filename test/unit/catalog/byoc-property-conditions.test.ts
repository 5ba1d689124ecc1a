import { describe, expect, it } from "vitest";
import { propertyConditions } from "../../../src/catalog/byoc/property-conditions";
import { parseFilter } from "../../../src/catalog/search";

const text = (filter: string) => parseFilter(filter, "cql2-text");

describe("the filter conditions a BYOC index checks in SQL", () => {
  it("takes the top-level AND's comparisons of a property with a number or string literal", () => {
    expect(propertyConditions(text("eo:cloud_cover <= 10 AND platform = 'sentinel-2b' AND 5 < properties.gsd"))).toEqual([
      { property: "eo:cloud_cover", op: "<=", value: 10 },
      { property: "platform", op: "=", value: "sentinel-2b" },
      { property: "gsd", op: ">", value: 5 },
    ]);
    expect(propertyConditions(text("eo:cloud_cover > 90"))).toEqual([{ property: "eo:cloud_cover", op: ">", value: 90 }]);
  });

  it("leaves out what it can't check exactly: ORs, NOTs, other operations, special names, string order, odd names", () => {
    expect(propertyConditions(text("eo:cloud_cover < 10 OR platform = 'x'"))).toEqual([]);
    expect(propertyConditions(text("NOT (eo:cloud_cover < 10)"))).toEqual([]);
    expect(propertyConditions(text("eo:cloud_cover BETWEEN 1 AND 5 AND id = 'a' AND collection = 'c'"))).toEqual([]);
    expect(propertyConditions(text("platform < 'b' AND a = b"))).toEqual([]);
    expect(propertyConditions({ op: "=", args: [{ property: 'x") OR 1=1 --' }, 1] })).toEqual([]);
    expect(propertyConditions(undefined)).toEqual([]);
  });

  it("passes down at most 8 comparisons", () => {
    const many = Array.from({ length: 12 }, (_, i) => `p${i} = ${i}`).join(" AND ");
    expect(propertyConditions(text(many))).toHaveLength(8);
  });
});
