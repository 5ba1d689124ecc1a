import { OpenAPIHono } from "@hono/zod-openapi";
import { html, raw } from "hono/html";
import type { AppEnv } from "../app-env";
import { API_PREFIX, API_VERSION, BACKEND_VERSION } from "./version";

interface DocumentedOperation {
  summary?: string;
}

/**
 * /openapi.json (rel service-desc) and /docs (rel service-doc), both generated from the routes
 * the app registered. `documented` is the root app, whose registry holds every route.
 */
export function docsApi(documented: OpenAPIHono<AppEnv>) {
  const openapi = (origin: string, title: string) =>
    documented.getOpenAPIDocument({
      openapi: "3.0.3",
      info: { title, version: BACKEND_VERSION, description: `openEO API ${API_VERSION}` },
      servers: [{ url: origin }],
    });

  return new OpenAPIHono<AppEnv>()
    .get(`${API_PREFIX}/openapi.json`, (c) =>
      c.json(openapi(new URL(c.req.url).origin, c.env.BACKEND_TITLE), 200, {
        "Content-Type": "application/vnd.oai.openapi+json;version=3.0",
      }),
    )
    .get(`${API_PREFIX}/docs`, (c) => {
      const doc = openapi(new URL(c.req.url).origin, c.env.BACKEND_TITLE);
      const rows = Object.entries(doc.paths ?? {}).flatMap(([path, operations]) =>
        Object.entries(operations as Record<string, DocumentedOperation>).map(
          ([method, op]) => html`<tr><td>${method.toUpperCase()}</td><td><code>${path}</code></td><td>${op.summary ?? ""}</td></tr>`,
        ),
      );
      return c.html(html`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>${c.env.BACKEND_TITLE}: API</title>
<style>body{font-family:system-ui,sans-serif;margin:2rem;max-width:60rem}td{padding:.2rem .6rem;vertical-align:top}</style></head>
<body><h1>${c.env.BACKEND_TITLE}</h1><p>${c.env.BACKEND_DESCRIPTION}</p>
<p>openEO API ${API_VERSION}, back-end ${BACKEND_VERSION}. Machine-readable: <a href="openapi.json">openapi.json</a>.
Connect an openEO client to <code>${new URL(c.req.url).origin}</code>.</p>
<table>${raw(rows.join(""))}</table></body></html>`);
    });
}
