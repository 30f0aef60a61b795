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
import typedModels from "../rules/typed-models/typed-models.js";
import modelRepr from "../rules/model-repr/model-repr.js";
import relationshipLoading from "../rules/relationship-loading/relationship-loading.js";
import indexForeignKeys from "../rules/index-foreign-keys/index-foreign-keys.js";
import migrationForModel from "../rules/migration-for-model/migration-for-model.js";
import migrationIntegrity from "../rules/migration-integrity/migration-integrity.js";
import noSwallowedErrors from "../rules/no-swallowed-errors/no-swallowed-errors.js";
import validateInput from "../rules/validate-input/validate-input.js";
import noBlockingInAsync from "../rules/no-blocking-in-async/no-blocking-in-async.js";
import requireDocstrings from "../rules/require-docstrings/require-docstrings.js";
import domainExceptions from "../rules/domain-exceptions/domain-exceptions.js";
import pydanticV2 from "../rules/pydantic-v2/pydantic-v2.js";
import noGodService from "../rules/no-god-service/no-god-service.js";
import routeContract from "../rules/route-contract/route-contract.js";
import exceptionsMapped from "../rules/exceptions-mapped/exceptions-mapped.js";
import endpointTests from "../rules/endpoint-tests/endpoint-tests.js";
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
  "pydantic-v2": pydanticV2,
  "typed-models": typedModels,
  "model-repr": modelRepr,
  "relationship-loading": relationshipLoading,
  "index-foreign-keys": indexForeignKeys,
  "migration-for-model": migrationForModel,
  "migration-integrity": migrationIntegrity,
  "validate-input": validateInput,
  "no-swallowed-errors": noSwallowedErrors,
  "no-blocking-in-async": noBlockingInAsync,
  "require-docstrings": requireDocstrings,
  "domain-exceptions": domainExceptions,
  "no-god-service": noGodService,
  "route-contract": routeContract,
  "exceptions-mapped": exceptionsMapped,
  "endpoint-tests": endpointTests,
};
