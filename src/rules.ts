/** Every rule, by id. Kept apart from index.ts so the CLI and tests can load rules without configs. */
import requireParamTypes from "../rules/require-param-types/require-param-types.js";
import requireReturnType from "../rules/require-return-type/require-return-type.js";
import type { LayerlintRule } from "./rule.js";

export const rules: Record<string, LayerlintRule> = {
  "require-param-types": requireParamTypes,
  "require-return-type": requireReturnType,
};
