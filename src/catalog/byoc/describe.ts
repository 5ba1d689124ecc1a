import { describeCollection } from "../collection-metadata";
import type { StacCollection } from "../stac-types";
import type { ByocAggregates, ByocCollectionRecord } from "./records";

/** A collection's id here: `byoc-<uuid>`, as Sentinel Hub's Process API names it. */
export const BYOC_ID = /^byoc-([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/;

export function byocCollectionId(uuid: string): string {
  return `byoc-${uuid}`;
}

/** The UUID behind a `byoc-<uuid>` id, or undefined for any other id. */
export function byocUuid(id: string): string | undefined {
  return BYOC_ID.exec(id)?.[1];
}

/**
 * The STAC collection of a BYOC collection: bands from one item (every tile has the collection's
 * bands), extents from the index's aggregates, so describing it never reads
 * every item.
 */
export function describeByocCollection(record: ByocCollectionRecord, aggregates: ByocAggregates): StacCollection {
  const id = byocCollectionId(record.id);
  const described = describeCollection(
    { id, title: record.name, description: `Bring-your-own-COG collection '${record.name}' (Sentinel Hub BYOC ${record.id}).`, license: "other" },
    aggregates.sample ? [aggregates.sample] : [],
  );
  const interval = aggregates.interval;
  const dimensions = { ...described["cube:dimensions"] } as Record<string, unknown>;
  const bbox = aggregates.bbox;
  if (aggregates.native) {
    const { epsg, extent, step } = aggregates.native;
    dimensions.x = { type: "spatial", axis: "x", extent: [extent[0], extent[2]], reference_system: epsg, step };
    dimensions.y = { type: "spatial", axis: "y", extent: [extent[1], extent[3]], reference_system: epsg, step };
  } else if (bbox) {
    dimensions.x = { type: "spatial", axis: "x", extent: [bbox[0], bbox[2]], reference_system: 4326, step: null };
    dimensions.y = { type: "spatial", axis: "y", extent: [bbox[1], bbox[3]], reference_system: 4326, step: null };
  }
  dimensions.t = { type: "temporal", extent: interval, step: null };
  return {
    ...described,
    extent: { spatial: { bbox: [bbox ?? [-180, -90, 180, 90]] }, temporal: { interval: [interval] } },
    "cube:dimensions": dimensions,
    summaries: described.summaries,
  };
}
