import { createRequire } from "node:module";
import { relative } from "node:path";
import type { ESLint } from "eslint";
import type { Format } from "./args.js";

const require = createRequire(import.meta.url);

/** Renders results in the chosen format, using ESLint's own formatters where it has them. */
export async function formatResults(
  format: Format,
  results: ESLint.LintResult[],
  eslint: ESLint,
  cwd: string,
): Promise<string> {
  const data = { cwd, rulesMeta: eslint.getRulesMetaForResults(results) };
  if (format === "sarif") {
    const sarif = require("@microsoft/eslint-formatter-sarif") as (
      r: ESLint.LintResult[],
      d: unknown,
    ) => string;
    return sarif(results, data);
  }
  const formatter = await eslint.loadFormatter(format);
  if (format === "stylish") {
    // Paths relative to where the user stands read better and are the same on every machine.
    const relativeResults = results.map((r) => ({ ...r, filePath: relative(cwd, r.filePath) }));
    return formatter.format(relativeResults);
  }
  return formatter.format(results);
}
