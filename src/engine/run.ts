/**
 * Runs ESLint with layerlint's in-memory config on a list of files. Files that
 * cannot be linted (unreadable, too large) become one clear message each, and
 * every other file is still linted.
 */
import { availableParallelism } from "node:os";
import { closeSync, openSync, statSync } from "node:fs";
import { join } from "node:path";
import { ESLint } from "eslint";
import { buildEslintOptions, ENGINE_ENV, type EngineParams } from "./eslint-options.js";

/** Above this size a file is reported and skipped: it is generated or vendored, not written. */
export const MAX_FILE_BYTES = 5 * 1024 * 1024;
/** Fewer files than this per worker and threads cost more than they save. */
const FILES_PER_WORKER = 40;

export interface LintRun {
  results: ESLint.LintResult[];
  eslint: ESLint;
}

/**
 * The worker count for a concurrency setting. Unlike ESLint's own "auto"
 * (half the cores, so none on a 2-core CI machine), ours uses every core once
 * there are enough files to share.
 */
export function workerCount(concurrency: number | "auto" | "off", files: number): number | "off" {
  if (concurrency === "off") return "off";
  const wanted =
    concurrency === "auto"
      ? Math.min(availableParallelism(), Math.floor(files / FILES_PER_WORKER))
      : Math.min(concurrency, files);
  return wanted > 1 ? wanted : "off";
}

let optionsModuleRuns = 0;

export async function lintFiles(
  params: Omit<EngineParams, "concurrency">,
  files: string[],
  concurrency: number | "auto" | "off",
): Promise<LintRun> {
  const lintable: string[] = [];
  const skipped: ESLint.LintResult[] = [];
  for (const file of files) {
    const problem = unlintable(join(params.root, file));
    if (problem)
      skipped.push(skippedResult(join(params.root, file), problem.message, problem.severity));
    else lintable.push(file);
  }
  const full: EngineParams = { ...params, concurrency: workerCount(concurrency, lintable.length) };
  let eslint: ESLint;
  if (full.concurrency === "off") {
    eslint = new ESLint(buildEslintOptions(full));
  } else {
    // Workers rebuild the options from this module; a fresh URL per run keeps module caches apart.
    process.env[ENGINE_ENV] = JSON.stringify(full);
    const url = new URL(`./eslint-options.js?run=${++optionsModuleRuns}`, import.meta.url);
    eslint = await ESLint.fromOptionsModule(url);
  }
  const results = lintable.length > 0 ? await eslint.lintFiles(lintable) : [];
  if (params.fix) await ESLint.outputFixes(results);
  const all = [...results, ...skipped];
  // Same tree, same bytes: order never depends on thread scheduling.
  all.sort((a, b) => (a.filePath < b.filePath ? -1 : a.filePath > b.filePath ? 1 : 0));
  return { results: all, eslint };
}

/** Why a file cannot be linted (an unreadable file is an error: it may hide findings), or null. */
function unlintable(path: string): { message: string; severity: 1 | 2 } | null {
  try {
    const stat = statSync(path);
    if (stat.size > MAX_FILE_BYTES) {
      const mb = (stat.size / 1024 / 1024).toFixed(1);
      const limit = MAX_FILE_BYTES / 1024 / 1024;
      return {
        message: `File skipped: it is ${mb} MB, over the ${limit} MB limit for source files.`,
        severity: 1,
      };
    }
    closeSync(openSync(path, "r"));
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code ?? "unknown error";
    return { message: `File could not be read (${code}).`, severity: 2 };
  }
}

function skippedResult(filePath: string, message: string, severity: 1 | 2): ESLint.LintResult {
  const fatal = severity === 2;
  return {
    filePath,
    messages: [{ ruleId: null, severity, message, line: 1, column: 1, fatal }],
    suppressedMessages: [],
    errorCount: fatal ? 1 : 0,
    fatalErrorCount: fatal ? 1 : 0,
    warningCount: fatal ? 0 : 1,
    fixableErrorCount: 0,
    fixableWarningCount: 0,
    usedDeprecatedRules: [],
  } as ESLint.LintResult;
}
