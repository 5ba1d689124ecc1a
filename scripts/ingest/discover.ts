import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { basename, dirname, join, resolve } from "node:path";
import type { StacCollection, StacItem } from "../../src/catalog/stac-types";

export interface FoundItem {
  item: StacItem;
  /** The folder relative asset hrefs resolve against. */
  dir: string;
}

export interface FoundCollection {
  template?: StacCollection;
  items: FoundItem[];
}

function readJson(path: string): Record<string, unknown> {
  return JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
}

function linked(doc: Record<string, unknown>, rel: string, base: string): string[] {
  const links = (doc.links ?? []) as { rel: string; href: string }[];
  return links.filter((l) => l.rel === rel && !/^[a-z]+:\/\//.test(l.href)).map((l) => resolve(base, l.href)).filter(existsSync);
}

function itemsOf(collectionPath: string): FoundItem[] {
  const doc = readJson(collectionPath);
  return linked(doc, "item", dirname(collectionPath)).map((path) => ({ item: readJson(path) as unknown as StacItem, dir: dirname(path) }));
}

function fromCatalog(catalogPath: string): FoundCollection[] {
  const doc = readJson(catalogPath);
  const base = dirname(catalogPath);
  return linked(doc, "child", base).flatMap((child) => {
    const childDoc = readJson(child);
    if (childDoc.type === "Collection") return [{ template: childDoc as unknown as StacCollection, items: itemsOf(child) }];
    return fromCatalog(child);
  });
}

/** Any folder of STAC JSON: the first Collection found is the template, every Feature an item. */
function fromFolder(folder: string): FoundCollection {
  const found: FoundCollection = { items: [] };
  const walk = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path);
      else if (name.endsWith(".json")) {
        const doc = readJson(path);
        if (doc.type === "Collection" && !found.template) found.template = doc as unknown as StacCollection;
        if (doc.type === "Feature" && doc.stac_version) found.items.push({ item: doc as unknown as StacItem, dir });
      }
    }
  };
  walk(folder);
  return found;
}

/** Finds the collections and items of a folder: catalog.json, collection.json, or loose STAC files. */
export function discover(folder: string): FoundCollection[] {
  if (existsSync(join(folder, "catalog.json"))) return fromCatalog(join(folder, "catalog.json"));
  if (existsSync(join(folder, "collection.json"))) {
    const path = join(folder, "collection.json");
    return [{ template: readJson(path) as unknown as StacCollection, items: itemsOf(path) }];
  }
  return [fromFolder(folder)];
}

function isFile(path: string): boolean {
  return existsSync(path) && statSync(path).isFile();
}

/**
 * The local file an asset href points to, or null. A remote href whose file name sits beside
 * the item counts as local: items copied out of a cloud catalog keep their original hrefs.
 */
export function localFile(href: string, dir: string): string | null {
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(href)) return isFile(resolve(dir, href)) ? resolve(dir, href) : null;
  const url = new URL(href);
  if (url.protocol === "file:") return isFile(url.pathname) ? url.pathname : null;
  const beside = join(dir, basename(url.pathname));
  return isFile(beside) ? beside : null;
}
