/**
 * The ESLint options layerlint lints with, as a module: ESLint's worker threads
 * load it (ESLint.fromOptionsModule) because plugin objects cannot be cloned
 * into a worker. The run's parameters travel in an environment variable, which
 * worker threads inherit.
 */
import type { ESLint, Linter } from "eslint";
import plugin from "../index.js";
import { PYTHON_FILES } from "../../configs/build.js";

export const ENGINE_ENV = "LAYERLINT_ENGINE_OPTIONS";

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
  concurrency: number | "off";
}

/** Builds the in-memory flat config: the repository's own eslint.config is never read. */
export function buildEslintOptions(params: EngineParams): ESLint.Options {
  const rules: Linter.RulesRecord = {};
  for (const [id, setting] of Object.entries(params.rules)) {
    rules[`layerlint/${id}`] = setting as Linter.RuleEntry;
  }
  const config: Linter.Config[] = [
    {
      name: "layerlint/python",
      files: PYTHON_FILES,
      plugins: { layerlint: plugin as unknown as ESLint.Plugin },
      language: "layerlint/python",
      languageOptions: { pythonVersion: params.pythonVersion } as Linter.LanguageOptions,
      settings: {
        layerlintResolved: {
          root: params.root,
          settings: params.settings,
          fingerprint: params.projectFingerprint,
          since: params.since,
        },
      },
      linterOptions: { reportUnusedDisableDirectives: "warn" },
      rules,
    },
  ];
  return {
    cwd: params.root,
    overrideConfigFile: true,
    overrideConfig: config,
    fix: params.fix,
    cache: params.cache,
    cacheLocation: params.cacheLocation,
    cacheStrategy: "content",
    concurrency: params.concurrency,
    errorOnUnmatchedPattern: false,
    warnIgnored: false,
  };
}

function paramsFromEnv(): EngineParams {
  const raw = process.env[ENGINE_ENV];
  if (!raw)
    throw new Error(`${ENGINE_ENV} is not set: this module is loaded by layerlint's engine`);
  return JSON.parse(raw) as EngineParams;
}

// Loaded as an options module (by ESLint in each worker thread): export the options.
export default process.env[ENGINE_ENV] ? buildEslintOptions(paramsFromEnv()) : {};
