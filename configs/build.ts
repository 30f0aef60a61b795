import type { ESLint, Linter } from "eslint";
import type { LayerlintRule } from "../src/rule.js";

export const PYTHON_FILES = ["**/*.py", "**/*.pyi"];

/**
 * `recommended` uses each rule's documented severity; `strict` makes every rule an error.
 * Built from rule metadata so a new rule cannot be forgotten here.
 */
export function buildConfigs(plugin: { rules: Record<string, LayerlintRule> }): {
  recommended: Linter.Config[];
  strict: Linter.Config[];
} {
  const build = (name: string, severity: (rule: LayerlintRule) => "error" | "warn") => {
    const python: Linter.RulesRecord = {};
    for (const [id, rule] of Object.entries(plugin.rules)) {
      if (rule.meta.languages.includes("layerlint/python"))
        python[`layerlint/${id}`] = severity(rule);
    }
    return [
      {
        name: `layerlint/${name}/python`,
        files: PYTHON_FILES,
        plugins: { layerlint: plugin as unknown as ESLint.Plugin },
        language: "layerlint/python",
        rules: python,
      },
    ];
  };
  return {
    recommended: build("recommended", (rule) => rule.meta.docs.recommended),
    strict: build("strict", () => "error"),
  };
}
