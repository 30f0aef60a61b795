import { createRequire } from "node:module";
import type { ESLint, Linter } from "eslint";
import type { LayerlintRule } from "../src/rule.js";

export const PYTHON_FILES = ["**/*.py", "**/*.pyi"];
export const SCRIPT_FILES = ["**/*.{ts,tsx,mts,cts,js,jsx,mjs,cjs}"];
export const PRISMA_FILES = ["**/*.prisma"];

let tsParser: Linter.Parser | undefined;

/**
 * typescript-eslint's parser, loaded on the first TypeScript file: a team that lints
 * only Python with the plugin never pays for loading it.
 */
const lazyScriptParser = {
  meta: { name: "layerlint/typescript-eslint-parser" },
  parseForESLint(text: string, options?: unknown): unknown {
    tsParser ??= createRequire(import.meta.url)("@typescript-eslint/parser") as Linter.Parser;
    return (tsParser as { parseForESLint(t: string, o?: unknown): unknown }).parseForESLint(
      text,
      options,
    );
  },
} as unknown as Linter.Parser;

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
    const scripts: Linter.RulesRecord = {};
    const prisma: Linter.RulesRecord = {};
    for (const [id, rule] of Object.entries(plugin.rules)) {
      if (rule.meta.languages.includes("layerlint/python"))
        python[`layerlint/${id}`] = severity(rule);
      // ESLint refuses a rule enabled for a language it does not declare.
      if (rule.meta.languages.includes("js/js")) scripts[`layerlint/${id}`] = severity(rule);
      if (rule.meta.languages.includes("layerlint/prisma"))
        prisma[`layerlint/${id}`] = severity(rule);
    }
    const layerlint = plugin as unknown as ESLint.Plugin;
    return [
      {
        name: `layerlint/${name}/python`,
        files: PYTHON_FILES,
        plugins: { layerlint },
        language: "layerlint/python",
        rules: python,
      },
      {
        name: `layerlint/${name}/typescript`,
        files: SCRIPT_FILES,
        plugins: { layerlint },
        // Without type information, as the CLI runs it.
        languageOptions: {
          parser: lazyScriptParser,
          sourceType: "module",
          ecmaVersion: "latest",
          parserOptions: { ecmaFeatures: { jsx: true } },
        },
        rules: scripts,
      },
      {
        name: `layerlint/${name}/prisma`,
        files: PRISMA_FILES,
        plugins: { layerlint },
        language: "layerlint/prisma",
        rules: prisma,
      },
    ] as Linter.Config[];
  };
  return {
    recommended: build("recommended", (rule) => rule.meta.docs.recommended),
    strict: build("strict", () => "error"),
  };
}
