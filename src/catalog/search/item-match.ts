/**
 * The item predicate of a SearchQuery: all given criteria must hold (ids and collections too;
 * they narrow the result like any other parameter). Cheap checks run first.
 */
import { bboxToGeometry, itemIntersectsBbox } from "./bbox";
import { matchesFilter } from "./cql2/evaluate";
import { intervalsIntersect, itemTimeRange } from "./datetime";
import { itemGeometry } from "./geojson";
import { geometriesIntersect } from "./intersects";
import type { SearchQuery, StacItem } from "./types";

export type ItemPredicate = (item: StacItem) => boolean;

export function createItemMatcher(query: SearchQuery): ItemPredicate {
  const checks: ItemPredicate[] = [];
  if (query.ids) {
    const ids = new Set(query.ids);
    checks.push((item) => ids.has(item.id));
  }
  if (query.collections) {
    const collections = new Set(query.collections);
    checks.push((item) => item.collection !== undefined && collections.has(item.collection));
  }
  const { bbox, intersects, datetime, filter } = query;
  if (datetime) {
    checks.push((item) => {
      const range = itemTimeRange(item);
      return range !== undefined && intervalsIntersect(range, datetime);
    });
  }
  if (bbox) {
    const bboxGeometry = bboxToGeometry(bbox);
    checks.push((item) => itemIntersectsBbox(item, bbox, bboxGeometry));
  }
  if (intersects) {
    checks.push((item) => {
      const geometry = itemGeometry(item.geometry);
      return geometry !== null && geometriesIntersect(geometry, intersects);
    });
  }
  if (filter !== undefined) checks.push((item) => matchesFilter(filter, item));
  return (item) => checks.every((check) => check(item));
}
