import type { User } from "./auth/user";
import type { Env } from "./env";
import type { RouteTable } from "./api/route-table";

/** Hono's typing of our context: bindings and per-request variables. */
export interface AppEnv {
  Bindings: Env;
  Variables: {
    user?: User;
    routes: RouteTable;
  };
}
