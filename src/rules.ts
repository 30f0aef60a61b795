/** Every rule, by id. Kept apart from index.ts so the CLI and tests can load rules without configs. */
import eventsFromServices from "../rules/events-from-services/events-from-services.js";
import injectDependencies from "../rules/inject-dependencies/inject-dependencies.js";
import layers from "../rules/layers/layers.js";
import noDbInRoutes from "../rules/no-db-in-routes/no-db-in-routes.js";
import noHttpInServices from "../rules/no-http-in-services/no-http-in-services.js";
import noRawSql from "../rules/no-raw-sql/no-raw-sql.js";
import noImportCycles from "../rules/no-import-cycles/no-import-cycles.js";
import requireParamTypes from "../rules/require-param-types/require-param-types.js";
import requireReturnType from "../rules/require-return-type/require-return-type.js";
import type { LayerlintRule } from "./rule.js";

export const rules: Record<string, LayerlintRule> = {
  layers,
  "no-import-cycles": noImportCycles,
  "no-db-in-routes": noDbInRoutes,
  "no-raw-sql": noRawSql,
  "no-http-in-services": noHttpInServices,
  "inject-dependencies": injectDependencies,
  "events-from-services": eventsFromServices,
  "require-param-types": requireParamTypes,
  "require-return-type": requireReturnType,
};
