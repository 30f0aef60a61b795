import { createRequire } from "node:module";
import { relative } from "node:path";
import type { ESLint } from "eslint";
import type { Format } from "./args.js";
import { rules } from "../rules.js";

const require = createRequire(import.meta.url);

/** Above this many characters, a JSON report is handed out in pieces of about this size. */
const JSON_PIECE = 1 << 20;

/**
 * Renders results in the chosen format, using ESLint's own formatters where it
 * has them, as pieces to write one after another. JSON comes in pieces of
 * about 1 MB, the same bytes as ESLint's `json` formatter (`JSON.stringify` of
 * the results): a large run's report (stdlib: 57 MB, with each file's source)
 * took 0.5 s to build and write as one string, half that in pieces.
 */
export async function formatResults(
  format: Format,
  results: ESLint.LintResult[],
  eslint: ESLint,
  cwd: string,
): Promise<string[]> {
  if (format === "json") return jsonPieces(results);
  return [await formatWhole(format, results, eslint, cwd)];
}

/** `JSON.stringify(results)`, cut between results. */
export function jsonPieces(results: readonly ESLint.LintResult[]): string[] {
  const pieces: string[] = [];
  let parts: string[] = ["["];
  let size = 1;
  results.forEach((result, i) => {
    const text = JSON.stringify(result);
    parts.push(i === 0 ? text : `,${text}`);
    size += text.length + 1;
    if (size >= JSON_PIECE) {
      pieces.push(parts.join(""));
      parts = [];
      size = 0;
    }
  });
  parts.push("]");
  pieces.push(parts.join(""));
  return pieces;
}

async function formatWhole(
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
