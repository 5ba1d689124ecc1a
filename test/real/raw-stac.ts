import { readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";

export const DATA_DIR = process.env.OPENEO_DATA_DIR ?? "../shared/data";

export interface RawItem {
  id: string;
  bbox: number[];
  properties: Record<string, unknown> & { datetime: string };
  assets: Record<string, { href: string; type?: string }>;
  dir: string;
}

/** Every STAC Item JSON under a folder of ../shared/data, read straight from the files. */
export function rawItems(folder: string): RawItem[] {
  const found: RawItem[] = [];
  const walk = (dir: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) {
        const doc = JSON.parse(readFileSync(path, "utf8"));
        if (doc.type === "Feature") found.push({ ...doc, dir });
      }
    }
  };
  walk(join(DATA_DIR, folder));
  return found;
}

/** The Items of a folder, oldest first. */
export const itemsOldestFirst = (folder: string): RawItem[] => [...rawItems(folder)].sort((a, b) => a.properties.datetime.localeCompare(b.properties.datetime));

/** The back-end's t label of an item: its acquisition day at midnight UTC. */
export const dayLabel = (item: RawItem) => `${item.properties.datetime.slice(0, 10)}T00:00:00Z`;
