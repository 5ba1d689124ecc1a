import { OpenAPIHono } from "@hono/zod-openapi";
import { except } from "hono/combine";
import type { AppEnv } from "./app-env";
import { capabilitiesApi } from "./api/capabilities";
import { collectionsApi } from "./api/collections";
import { itemsApi } from "./api/items";
import { searchApi } from "./api/search";
import { credentialsApi } from "./api/credentials";
import { docsApi } from "./api/docs";
import { renderError, validationHook } from "./api/error-handler";
import { fileFormatsApi } from "./api/file-formats";
import { filesApi, isFileUpload } from "./api/files";
import { jobsApi } from "./api/jobs";
import { meApi } from "./api/me";
import { jsonBodyLimit } from "./api/middleware/body-limit";
import { jsonDepthLimit } from "./api/middleware/json-depth";
import { cors } from "./api/middleware/cors";
import { notFound } from "./api/middleware/not-found";
import { processGraphsApi } from "./api/process-graphs";
import { processesApi } from "./api/processes";
import { resultApi } from "./api/result";
import { RouteTable } from "./api/route-table";
import { oauthTokenApi } from "./api/oauth-token";
import { sentinelHubAsyncApi } from "./api/sentinel-hub-async";
import { sentinelHubBatchApi } from "./api/sentinel-hub-batch";
import { sentinelHubByocApi } from "./api/sentinel-hub-byoc";
import { sentinelHubCatalogApi } from "./api/sentinel-hub-catalog";
import { sentinelHubProcessApi } from "./api/sentinel-hub-process";
import { sentinelHubStatisticsApi } from "./api/sentinel-hub-statistics";
import { sentinelHubStatisticsBatchApi } from "./api/sentinel-hub-statistics-batch";
import { serviceMapApi } from "./api/service-map";
import { serviceTilesApi } from "./api/service-tiles";
import { serviceTypesApi } from "./api/service-types";
import { servicesApi } from "./api/services";
import { udfRuntimesApi } from "./api/udf-runtimes";
import { validationApi } from "./api/validation";
import { API_PREFIX } from "./api/version";
import { wellKnownApi } from "./api/well-known";

/** A Hono app with the back-end's conventions: lenient trailing slashes and openEO-shaped validation errors. */
export function createOpenAPIApp(): OpenAPIHono<AppEnv> {
  return new OpenAPIHono<AppEnv>({ strict: false, defaultHook: validationHook });
}

/** The versioned API tree, one sub-app per openEO area. */
export function createApiV1(): OpenAPIHono<AppEnv> {
  return createOpenAPIApp()
    .route("/", capabilitiesApi)
    .route("/", fileFormatsApi)
    .route("/", udfRuntimesApi)
    .route("/", serviceTypesApi)
    .route("/", credentialsApi)
    .route("/", meApi)
    .route("/", collectionsApi)
    .route("/", itemsApi)
    .route("/", searchApi)
    .route("/", filesApi)
    .route("/", processesApi)
    .route("/", processGraphsApi)
    .route("/", validationApi)
    .route("/", resultApi)
    .route("/", jobsApi)
    .route("/", servicesApi)
    .route("/", serviceTilesApi)
    .route("/", serviceMapApi);
}

/** The whole Worker app around a versioned API tree (tests hand in their own tree). */
export function createApp(apiV1: OpenAPIHono<AppEnv> = createApiV1()): OpenAPIHono<AppEnv> {
  const app = createOpenAPIApp();
  let routes: RouteTable | undefined;
  app.use(async (c, next) => {
    c.set("routes", (routes ??= RouteTable.fromApp(app)));
    await next();
  });
  app.use(cors);
  // File uploads stream to R2 with their own limits; the JSON limits would buffer or refuse them.
  app.use(except(isFileUpload, jsonBodyLimit, jsonDepthLimit));
  app.route("/", wellKnownApi);
  app.route(API_PREFIX, apiV1);
  app.route("/", sentinelHubProcessApi);
  app.route("/", sentinelHubCatalogApi);
  app.route("/", sentinelHubStatisticsApi);
  app.route("/", sentinelHubStatisticsBatchApi);
  app.route("/", sentinelHubByocApi);
  app.route("/", sentinelHubAsyncApi);
  app.route("/", sentinelHubBatchApi);
  app.route("/", oauthTokenApi);
  app.route("/", docsApi(app));
  app.get("/", (c) => c.redirect(`${API_PREFIX}/`));
  app.openAPIRegistry.registerComponent("securitySchemes", "Bearer", {
    type: "http",
    scheme: "bearer",
    bearerFormat: "basic//TOKEN or oidc/PROVIDER/TOKEN",
  });
  app.openAPIRegistry.registerComponent("securitySchemes", "Basic", { type: "http", scheme: "basic" });
  app.notFound(notFound);
  app.onError(renderError);
  return app;
}
