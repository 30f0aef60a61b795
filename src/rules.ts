/** Every rule, by id. Kept apart from index.ts so the CLI and tests can load rules without configs. */
import layers from "../rules/layers/layers.js";
import noImportCycles from "../rules/no-import-cycles/no-import-cycles.js";
import requireParamTypes from "../rules/require-param-types/require-param-types.js";
import requireReturnType from "../rules/require-return-type/require-return-type.js";
import type { LayerlintRule } from "./rule.js";

export const rules: Record<string, LayerlintRule> = {
  layers,
  "no-import-cycles": noImportCycles,
  "require-param-types": requireParamTypes,
  "require-return-type": requireReturnType,
};
