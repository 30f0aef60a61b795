/**
 * The ESLint options layerlint lints with: one in-memory flat config, the
 * linted repository's own eslint.config never read. ESLint always runs on one
 * thread here; parallel runs are separate processes (`shards.ts`).
 */
import { createRequire } from "node:module";
import type { ESLint, Linter } from "eslint";
import plugin from "../index.js";
import { PRISMA_FILES, PYTHON_FILES, SCRIPT_FILES } from "../../configs/build.js";
import type { LayerlintRule } from "../rule.js";
import { importsOnlyParser } from "../project/typescript/imports-only-parser.js";

import type { SinceInfo } from "./since.js";

export interface EngineParams {
  root: string;
  /** Validated settings, as plain JSON (they reach rules as `settings.layerlint`). */
  settings: Record<string, unknown>;
  /** Final rule configuration: ids without the `layerlint/` prefix. */
  rules: Record<string, unknown>;
  pythonVersion: string;
  fix: boolean;
  cache: boolean;
  cacheLocation: string;
  /**
   * With the cache on: a digest of every project file's path, size and mtime.
   * Cross-file rules (cycles, layering through re-exports) depend on files other
   * than the one linted, which ESLint's per-file cache cannot see; putting the
   * digest in the settings makes any change anywhere invalidate every entry.
   */
  projectFingerprint?: string;
  /** `--since <ref>`: what changed since the ref, for rules that judge a change (migration-for-model). */
  since?: SinceInfo;
  /**
   * Whether TypeScript/JavaScript files are linted in this run: only then is
   * typescript-eslint's parser loaded (about 0.7 s of start-up a Python-only run never pays).
   */
  typescript?: boolean;
}

/** The TypeScript and JavaScript files layerlint lints, through typescript-eslint's parser. */
export { SCRIPT_FILES };

/** ESLint's built-in JavaScript language, which typescript-eslint's parser runs under. */
const JS_LANGUAGE = "js/js";
const PYTHON_LANGUAGE = "layerlint/python";
const PRISMA_LANGUAGE = "layerlint/prisma";

/** Builds the in-memory flat config: the repository's own eslint.config is never read. */
export function buildEslintOptions(params: EngineParams): ESLint.Options {
  const pythonRules: Linter.RulesRecord = {};
  const scriptRules: Linter.RulesRecord = {};
  const prismaRules: Linter.RulesRecord = {};
  const defined = plugin.rules as unknown as Record<string, LayerlintRule>;
  for (const [id, setting] of Object.entries(params.rules)) {
    // ESLint refuses a config that enables a rule for a language it does not declare.
    const languages = defined[id]?.meta.languages ?? [PYTHON_LANGUAGE];
    if (languages.includes(PYTHON_LANGUAGE)) {
      pythonRules[`layerlint/${id}`] = setting as Linter.RuleEntry;
    }
    if (languages.includes(JS_LANGUAGE)) {
      scriptRules[`layerlint/${id}`] = setting as Linter.RuleEntry;
    }
    if (languages.includes(PRISMA_LANGUAGE)) {
      prismaRules[`layerlint/${id}`] = setting as Linter.RuleEntry;
    }
  }
  const settings = {
    layerlintResolved: {
      root: params.root,
      settings: params.settings,
      fingerprint: params.projectFingerprint,
      since: params.since,
    },
  };
  const layerlint = plugin as unknown as ESLint.Plugin;
  const config: Linter.Config[] = [
    {
      name: "layerlint/python",
      files: PYTHON_FILES,
      plugins: { layerlint },
      language: PYTHON_LANGUAGE,
      // Only layerlint's rules run here, and they say what they listen to.
      languageOptions: {
        pythonVersion: params.pythonVersion,
        visitListenedOnly: true,
      } as Linter.LanguageOptions,
      settings,
      linterOptions: { reportUnusedDisableDirectives: "warn" },
      rules: pythonRules,
    },
    {
      name: "layerlint/prisma",
      files: PRISMA_FILES,
      plugins: { layerlint },
      language: PRISMA_LANGUAGE,
      settings,
      linterOptions: { reportUnusedDisableDirectives: "warn" },
      rules: prismaRules,
    },
  ];
  if (params.typescript) {
    // When no enabled rule reads the syntax tree, none is built (see imports-only-parser.ts).
    const treeFree = !readsScriptTrees(params.rules);
    config.push({
      name: "layerlint/typescript",
      files: SCRIPT_FILES,
      plugins: { layerlint },
      // ESLint's own JavaScript language (the default, spelled "@/js" in configs).
      languageOptions: {
        // Without type information: no `project`, no `projectService`.
        parser: treeFree ? importsOnlyParser : scriptParser(),
        sourceType: "module",
        ecmaVersion: "latest",
        // No lib globals (`Promise`, `console`): no rule asks for them, and
        // typescript-eslint would declare hundreds in every file's scope.
        parserOptions: { ecmaFeatures: { jsx: true }, lib: [] },
      },
      settings,
      // Off: a TypeScript codebase's directives are for its own ESLint rules
      // (`// eslint-disable-next-line no-console`), which do not run here, so
      // ESLint would call every one of them unused.
      linterOptions: { reportUnusedDisableDirectives: "off" },
      rules: scriptRules,
    });
  }
  quietEslintIgnoreWarning();
  return {
    cwd: params.root,
    overrideConfigFile: true,
    overrideConfig: config,
    fix: params.fix,
    cache: params.cache,
    cacheLocation: params.cacheLocation,
    cacheStrategy: "content",
    concurrency: "off",
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  };
}

/**
 * Whether a rule configuration (ids without the `layerlint/` prefix) enables a
 * rule that reads TypeScript/JavaScript syntax trees; when none does, the files
 * are parsed for their imports only.
 */
export function readsScriptTrees(rules: Record<string, unknown>): boolean {
  const defined = plugin.rules as unknown as Record<string, LayerlintRule>;
  return Object.entries(rules).some(([id, setting]) => {
    const meta = defined[id]?.meta;
    if (!meta?.languages.includes(JS_LANGUAGE) || isOff(setting)) return false;
    return !(meta.importFactsOnly?.includes(JS_LANGUAGE) ?? false);
  });
}

function isOff(setting: unknown): boolean {
  const severity = Array.isArray(setting) ? setting[0] : setting;
  return severity === "off" || severity === 0;
}

let parser: Linter.Parser | null = null;

/** typescript-eslint's parser, loaded on first use. */
function scriptParser(): Linter.Parser {
  parser ??= createRequire(import.meta.url)("@typescript-eslint/parser") as Linter.Parser;
  return parser;
}

let quieted = false;

/**
 * ESLint warns, at construction, about a `.eslintignore` in its cwd. layerlint
 * ignores the linted repository's own ESLint setup (and reads `.gitignore` and
 * its own `ignore` globs), so the warning and its stack trace only confuse.
 * Every other process warning is passed on.
 */
function quietEslintIgnoreWarning(): void {
  if (quieted) return;
  quieted = true;
  const emit = process.emitWarning.bind(process) as (...args: unknown[]) => void;
  process.emitWarning = ((warning: unknown, ...rest: unknown[]) => {
    const type =
      typeof rest[0] === "string" ? rest[0] : (rest[0] as { type?: string } | undefined)?.type;
    if (type === "ESLintIgnoreWarning") return;
    emit(warning, ...rest);
  }) as typeof process.emitWarning;
}
