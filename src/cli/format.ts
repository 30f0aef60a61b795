import { createRequire } from "node:module";
import { relative } from "node:path";
import type { ESLint } from "eslint";
import type { Format } from "./args.js";
import { rules } from "../rules.js";

const require = createRequire(import.meta.url);

/** Renders results in the chosen format, using ESLint's own formatters where it has them. */
export async function formatResults(
  format: Format,
  results: ESLint.LintResult[],
  eslint: ESLint,
  cwd: string,
): Promise<string> {
  const data = { cwd, rulesMeta: rulesMetaOf(results) };
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

/**
 * The metadata of the rules in the results, as ESLint's `getRulesMetaForResults`
 * gives it, from layerlint's own rules: results linted in other processes were
 * not produced by this ESLint instance, which that method refuses.
 */
function rulesMetaOf(results: ESLint.LintResult[]): Record<string, unknown> {
  const meta: Record<string, unknown> = {};
  const defined = rules as unknown as Record<string, { meta: unknown }>;
  for (const result of results) {
    for (const { ruleId } of [...result.messages, ...result.suppressedMessages]) {
      const rule = ruleId?.startsWith("layerlint/") ? defined[ruleId.slice(10)] : undefined;
      if (rule) meta[ruleId!] = rule.meta;
    }
  }
  return meta;
}
