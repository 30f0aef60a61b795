/** The `layerlint` command: argv in, a report and an exit code out. */
import {
  closeSync,
  existsSync,
  mkdirSync,
  openSync,
  readFileSync,
  statSync,
  writeSync,
} from "node:fs";
import { dirname, isAbsolute, join, relative, resolve } from "node:path";
import type { ESLint } from "eslint";
import {
  ConfigError,
  detectStack,
  loadConfig,
  resolvePythonVersion,
  TS_BACKEND_PACKAGES,
  type LayerlintSettings,
} from "../config/index.js";
import { CATALOG_RULE_IDS } from "../catalog.js";
import { lintFiles } from "../engine/run.js";
import { readsScriptTrees } from "../engine/eslint-options.js";
import { changedSince, SinceError, type SinceInfo } from "../engine/since.js";
import { packageInfo } from "../package-info.js";
import {
  discoverFiles,
  PYTHON_EXTENSIONS,
  SCRIPT_EXTENSIONS,
  toPosix,
  type DiscoveredFiles,
} from "../project/files.js";
import { findRoot, getProject, type Project } from "../project/project.js";
import type { ProjectSettings } from "../project/defaults.js";
import { rules as allRules } from "../rules.js";
import { HELP, parseCliArgs, UsageError, type CliOptions } from "./args.js";
import { formatResults } from "./format.js";

export interface CliIO {
  cwd: string;
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Whether stderr is a terminal (progress lines go there only then). */
  interactive: boolean;
}

const defaultIO = (): CliIO => ({
  cwd: process.cwd(),
  stdout: (t) => process.stdout.write(t),
  stderr: (t) => process.stderr.write(t),
  interactive: Boolean(process.stderr.isTTY),
});

/** Runs the CLI and returns the exit code. Never throws for user errors. */
export async function main(argv: string[], io: CliIO = defaultIO()): Promise<number> {
  let options: CliOptions;
  try {
    options = parseCliArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    io.stderr(`layerlint: ${error.message}\nRun "layerlint --help" for usage.\n`);
    return 2;
  }
  if (options.help) {
    io.stdout(`${HELP}\n`);
    return 0;
  }
  if (options.version) {
    io.stdout(`${packageInfo.version}\n`);
    return 0;
  }
  try {
    return await check(options, io);
  } catch (error) {
    if (error instanceof ConfigError) {
      io.stderr(`layerlint: invalid configuration\n${error.message}\n`);
      return 2;
    }
    if (error instanceof UsageError || error instanceof SinceError) {
      io.stderr(`layerlint: ${error.message}\n`);
      return 2;
    }
    throw error;
  }
}

async function check(options: CliOptions, io: CliIO): Promise<number> {
  const given = options.paths.length > 0 ? options.paths : ["."];
  const missing = given.filter((p) => !existsSync(resolve(io.cwd, p)));
  if (missing.length > 0) {
    throw new UsageError(missing.map((m) => `No such file or directory: ${m}`).join("\n"));
  }
  const targets = given.map((p) => resolve(io.cwd, p));
  const root = findRoot(targets[0]);
  // Every catalog id is a valid key, so a config written for a newer layerlint still loads.
  const knownRules = new Set(CATALOG_RULE_IDS);
  const { settings, source } = await loadConfig(root, {
    configFile: options.config ? resolve(io.cwd, options.config) : undefined,
    knownRules,
  });

  settings.python.version = resolvePythonVersion(root, settings.python.version);

  const ruleConfig: Record<string, unknown> = {};
  for (const [id, rule] of Object.entries(allRules)) ruleConfig[id] = rule.meta.docs.recommended;
  for (const [id, setting] of Object.entries(settings.rules)) {
    if (id in allRules) ruleConfig[id] = setting;
  }

  if (options.printConfig) {
    const printed = { root, configFile: source, settings, rules: ruleConfig };
    io.stdout(`${JSON.stringify(printed, null, 2)}\n`);
    return 0;
  }

  let files = selectFiles(root, targets, settings);
  let since: SinceInfo | undefined;
  if (options.since !== null) {
    since = changedSince(root, options.since);
    const changed = new Set(since.changed);
    files = files.filter((file) => changed.has(file));
    if (files.length === 0) {
      io.stderr(`layerlint: no files changed since ${options.since}\n`);
      return 0;
    }
  }
  if (files.length === 0) {
    io.stderr(`layerlint: no files to lint under ${relative(io.cwd, root) || "."}\n`);
    return 0;
  }
  if (io.interactive && files.length >= 200) {
    io.stderr(`layerlint: linting ${files.length} files in ${relative(io.cwd, root) || "."}…\n`);
  }
  const {
    results: raw,
    eslint,
    generated,
  } = await lintFiles(
    {
      root,
      settings: settings as unknown as Record<string, unknown>,
      rules: ruleConfig,
      pythonVersion: settings.python.version,
      fix: options.fix,
      cache: options.cache,
      cacheLocation: options.cacheLocation
        ? resolve(io.cwd, options.cacheLocation)
        : join(root, ".layerlintcache"),
      since,
      typescript: files.some(isScriptFile),
    },
    files,
    options.concurrency,
  );

  const results = withoutForeignRules(raw);
  if (options.debug) {
    debugFacts(root, settings as unknown as ProjectSettings, io, generated, ruleConfig);
  }

  const shown = options.quiet ? errorsOnly(results) : results;
  const output = await formatResults(options.format, shown, eslint, io.cwd);
  if (options.outputFile) {
    const out = resolve(io.cwd, options.outputFile);
    mkdirSync(dirname(out), { recursive: true });
    writePieces(out, output);
  } else if (output.some((piece) => piece !== "")) {
    const last = output.length - 1;
    if (!output[last].endsWith("\n")) output[last] += "\n";
    for (const piece of output) io.stdout(piece);
  }

  const errors = results.reduce((n, r) => n + r.errorCount, 0);
  const warnings = results.reduce((n, r) => n + r.warningCount, 0);
  if (errors > 0) return 1;
  if (options.maxWarnings !== null && !options.quiet && warnings > options.maxWarnings) {
    io.stderr(
      `layerlint: ${warnings} warnings, more than the maximum of ${options.maxWarnings}.\n`,
    );
    return 1;
  }
  return 0;
}

/** Writes a file from pieces, as `writeFileSync` would from their concatenation. */
function writePieces(path: string, pieces: readonly string[]): void {
  const fd = openSync(path, "w");
  try {
    for (const piece of pieces) {
      const bytes = Buffer.from(piece, "utf8");
      for (let done = 0; done < bytes.length;) done += writeSync(fd, bytes, done);
    }
  } finally {
    closeSync(fd);
  }
}

/**
 * `--debug`: what the project model found and what it skipped, on stderr. Built here
 * (other processes have their own models); the model is cached, so with one process
 * this costs nothing the rules did not already pay.
 */
function debugFacts(
  root: string,
  settings: ProjectSettings,
  io: CliIO,
  generated: string[],
  rules: Record<string, unknown>,
): void {
  const project = getProject(root, settings);
  const where = (file: string) => relative(io.cwd, join(root, file)) || file;
  const lines: string[] = [];
  for (const file of generated)
    lines.push(`${where(file)}: not linted, its header says it is generated`);
  const routes = project.routeTable();
  lines.push(`${routes.entries.length} routes in ${routes.routeFiles.size} files`);
  const models = project.models().models.filter((m) => m.table !== null);
  lines.push(`${models.length} models, ${project.models().schema().size} tables`);
  const history = project.migrations();
  lines.push(
    history.versionDirs.length === 0
      ? "no Alembic history found"
      : `${history.revisions.length} migrations replayed from ${history.versionDirs.join(", ")}: ${history.schema.size} tables`,
  );
  for (const table of [...history.assumedTables].sort()) {
    lines.push(`table "${table}" is changed by the migrations but never created by them`);
  }
  for (const note of history.notes) lines.push(`${where(note.file)}:${note.line}: ${note.message}`);
  if (project.files.typescript.length > 0) {
    lines.push(...debugTypescript(project, where));
    if (!readsScriptTrees(rules)) {
      lines.push(
        "TypeScript/JavaScript files parsed for their imports only: no rule enabled for them reads a syntax tree",
      );
    }
  }
  io.stderr(lines.map((line) => `layerlint: debug: ${line}\n`).join(""));
}

/** `--debug` for TypeScript/JavaScript: the configs resolution used, and every import that found no file. */
function debugTypescript(project: Project, where: (file: string) => string): string[] {
  const lines: string[] = [];
  const configs = new Set<string>();
  let inProject = 0;
  let packages = 0;
  const unresolved: string[] = [];
  for (const file of project.files.typescript) {
    configs.add(project.tsConfigOf(file).path ?? "(no tsconfig.json: defaults)");
    for (const resolved of project.tsResolvedImportsOf(file)) {
      if (resolved.targets.length > 0) inProject++;
      else if (resolved.external !== null) packages++;
      else if (resolved.unresolved) {
        const { line, specifier } = resolved.record;
        unresolved.push(`${where(file)}:${line}: "${specifier}" resolves to no file`);
      }
    }
  }
  lines.push(
    `${project.files.typescript.length} TypeScript/JavaScript files; imports: ${inProject} to project files, ${packages} to packages, ${unresolved.length} unresolved`,
  );
  for (const config of [...configs].sort()) {
    const rel = project.relative(config);
    lines.push(`resolving with ${rel === null ? config : where(rel)}`);
  }
  return [...lines, ...unresolved];
}

/** `.jsx` is not discovered (backends do not write it), but a file named on the command line is linted. */
const LINTED_SCRIPT_EXTENSIONS = [...SCRIPT_EXTENSIONS, ".jsx"];

function isPythonFile(file: string): boolean {
  return PYTHON_EXTENSIONS.some((ext) => file.endsWith(ext)) || file.endsWith(".pyi");
}

function isScriptFile(file: string): boolean {
  return LINTED_SCRIPT_EXTENSIONS.some((ext) => file.endsWith(ext));
}

/**
 * The Python and TypeScript/JavaScript files under the given targets (files or
 * directories), relative to the root: the languages `stack` turns on.
 */
function selectFiles(root: string, targets: string[], settings: LayerlintSettings): string[] {
  const discovered = discoverFiles(root, { ignore: settings.ignore });
  const all = [
    ...(settings.stack.python === false ? [] : discovered.python),
    ...scriptFiles(root, settings.stack.typescript, discovered),
    ...(discovered.prisma ?? []),
  ];
  const selected = new Set<string>();
  for (const target of targets) {
    const rel = toPosix(relative(root, target));
    if (rel.startsWith("..") || isAbsolute(rel)) continue;
    if (statSync(target).isFile()) {
      // An explicitly named file is linted even when discovery would skip it, as ESLint does.
      if (isPythonFile(rel) || isScriptFile(rel) || rel.endsWith(".prisma")) selected.add(rel);
      continue;
    }
    const prefix = rel === "" ? "" : `${rel}/`;
    for (const file of all) if (file.startsWith(prefix)) selected.add(file);
  }
  return [...selected].sort();
}

/**
 * The TypeScript/JavaScript files to lint. With `stack.typescript` "auto": all of
 * them in a Node project (a `tsconfig.json`, or a backend framework or ORM in the
 * root `package.json`) or a project with no Python file; in a Python project, only
 * those of Node backends inside it (below a `package.json` that depends on one),
 * so a frontend or a static `app.js` beside the Python is left alone.
 */
function scriptFiles(
  root: string,
  setting: boolean | "auto",
  discovered: DiscoveredFiles,
): string[] {
  const scripts = discovered.typescript;
  if (setting === false || scripts.length === 0) return [];
  if (setting === true) return scripts;
  const stack = detectStack(root);
  // Python deeper than the manifests' reach (platform/<package>/*.py) makes a Python project too.
  if (stack.typescript || (!stack.python && discovered.python.length === 0)) return scripts;
  const backend = new Map<string, boolean>();
  const isBackendDir = (dir: string): boolean => {
    let known = backend.get(dir);
    if (known === undefined) {
      const parent = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
      known =
        (dir !== "" && dependsOnBackend(join(root, dir))) || (dir !== "" && isBackendDir(parent));
      backend.set(dir, known);
    }
    return known;
  };
  return scripts.filter((file) =>
    isBackendDir(file.includes("/") ? file.slice(0, file.lastIndexOf("/")) : ""),
  );
}

/** Whether the `package.json` in `dir` lists a TypeScript backend framework or ORM. */
function dependsOnBackend(dir: string): boolean {
  let pkg: Record<string, unknown>;
  try {
    pkg = JSON.parse(readFileSync(join(dir, "package.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return false;
  }
  for (const field of ["dependencies", "devDependencies", "peerDependencies"]) {
    const deps = pkg?.[field];
    if (
      deps &&
      typeof deps === "object" &&
      TS_BACKEND_PACKAGES.some((name) => Object.hasOwn(deps, name))
    ) {
      return true;
    }
  }
  return false;
}

/** What ESLint says of a directive (`// eslint-disable-next-line @typescript-eslint/no-explicit-any`) for a rule this run does not load. */
const FOREIGN_RULE =
  /^(Definition for rule '.*' was not found\.|Rule '.*' was removed and replaced by: .*)$/;

/** ESLint 10's word on an old `/* eslint-env node *\/` comment: about the repository's own ESLint setup. */
const ESLINT_ENV = "/* eslint-env */ comments are no longer supported.";

/**
 * Without the problems ESLint reports for disable directives naming other tools'
 * rules, and for `/* eslint-env *\/` comments: a TypeScript codebase is full of
 * them, written for its own ESLint config, which layerlint never reads. Those
 * rules do not run here, so there is nothing to disable or configure.
 */
function withoutForeignRules(results: ESLint.LintResult[]): ESLint.LintResult[] {
  return results.map((result) => {
    const foreign = result.messages.filter(
      (m) =>
        (m.ruleId !== null && !m.ruleId.startsWith("layerlint/") && FOREIGN_RULE.test(m.message)) ||
        (m.ruleId === null && m.message === ESLINT_ENV),
    );
    if (foreign.length === 0) return result;
    const messages = result.messages.filter((m) => !foreign.includes(m));
    const count = (severity: number) => messages.filter((m) => m.severity === severity).length;
    return {
      ...result,
      messages,
      errorCount: count(2),
      warningCount: count(1),
      fatalErrorCount: messages.filter((m) => m.fatal).length,
    };
  });
}

function errorsOnly(results: ESLint.LintResult[]): ESLint.LintResult[] {
  return results
    .map((r) => ({ ...r, messages: r.messages.filter((m) => m.severity === 2), warningCount: 0 }))
    .filter((r) => r.messages.length > 0 || r.errorCount > 0);
}
