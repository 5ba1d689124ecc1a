import type { ByocAggregates, ByocCollectionRecord, ByocTileRecord } from "../../catalog/byoc/records";

/** A collection as Sentinel Hub's BYOC API answers it; additionalData from its index's aggregates. */
export function collectionView(record: ByocCollectionRecord, aggregates: ByocAggregates) {
  const [from, to] = aggregates.interval;
  const box = aggregates.bbox;
  return {
    id: record.id,
    userId: record.owner,
    name: record.name,
    s3Bucket: record.s3Bucket,
    created: record.created,
    isConfigured: record.bands !== null,
    noData: record.noData,
    additionalData: {
      ...(record.bands ? { bands: record.bands } : {}),
      hasSensingTimes: "YES",
      ...(from ? { fromSensingTime: from, toSensingTime: to } : {}),
      ...(box ? { extent: { type: "Polygon", coordinates: [[[box[0], box[1]], [box[2], box[1]], [box[2], box[3]], [box[0], box[3]], [box[0], box[1]]]] } } : {}),
    },
  };
}

export function tileView(tile: ByocTileRecord) {
  return {
    id: tile.id,
    path: tile.path,
    status: tile.status,
    sensingTime: tile.sensingTime,
    ...(tile.cloudCoverage !== undefined ? { cloudCoverage: tile.cloudCoverage } : {}),
    created: tile.created,
    ingestionStart: tile.ingestionStart,
    ...(tile.coverGeometry ? { coverGeometry: tile.coverGeometry } : {}),
    additionalData: tile.additionalData,
  };
}

/** Sentinel Hub's paging links: the token of this page and, when more follow, the next one and its URL. */
export function viewLinks(url: string, current: string | undefined, next: string | undefined) {
  if (!next) return { currentToken: current ?? null };
  const nextUrl = new URL(url);
  nextUrl.searchParams.set("viewtoken", next);
  return { currentToken: current ?? null, nextToken: next, next: nextUrl.toString() };
}
