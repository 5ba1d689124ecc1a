import type { OpenAPIHono } from "@hono/zod-openapi";

export interface Endpoint {
  /** OpenAPI path template, such as /jobs/{job_id}. */
  path: string;
  /** Upper-case HTTP methods. */
  methods: string[];
}

interface CompiledEndpoint extends Endpoint {
  pattern: RegExp;
}

/** One segment per parameter, except `{path}` (the openEO file paths), which spans folders. */
function compile(path: string): RegExp {
  const escaped = path
    .split(/(\{[^}]+\})/)
    .map((part) => {
      if (part === "{path}") return ".+";
      if (part.startsWith("{")) return "[^/]+";
      return part.replace(/[.*+?^$()|[\]\\]/g, "\\$&");
    })
    .join("");
  return new RegExp(`^${escaped}/?$`);
}

/**
 * The routes the app really serves, read from the OpenAPI registry that createRoute fills.
 * Capabilities, CORS preflights and 405 answers are derived from it, so nothing unimplemented
 * is ever advertised.
 */
export class RouteTable {
  private readonly endpoints: CompiledEndpoint[];

  constructor(endpoints: Endpoint[]) {
    this.endpoints = endpoints.map((e) => ({ ...e, pattern: compile(e.path) }));
  }

  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  static fromApp(app: OpenAPIHono<any>): RouteTable {
    const byPath = new Map<string, Set<string>>();
    for (const definition of app.openAPIRegistry.definitions) {
      if (definition.type !== "route") continue;
      const { path, method } = definition.route;
      const methods = byPath.get(path) ?? new Set<string>();
      methods.add(method.toUpperCase());
      byPath.set(path, methods);
    }
    return new RouteTable([...byPath].map(([path, methods]) => ({ path, methods: [...methods].sort() })));
  }

  /** The endpoint whose template matches a concrete request path. */
  match(pathname: string): Endpoint | undefined {
    return this.endpoints.find((e) => e.pattern.test(pathname));
  }

  has(path: string, method: string): boolean {
    return this.endpoints.some((e) => e.path === path && e.methods.includes(method));
  }

  /** Endpoints below a prefix, with the prefix removed (the capabilities' `endpoints`). */
  under(prefix: string): Endpoint[] {
    return this.endpoints
      .filter((e) => e.path === prefix || e.path.startsWith(`${prefix}/`))
      .map((e) => ({ path: e.path.slice(prefix.length) || "/", methods: e.methods }));
  }
}
