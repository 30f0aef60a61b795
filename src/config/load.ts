/**
 * Finds and reads the user's configuration where each ecosystem keeps it:
 * `layerlint.config.{js,mjs,json}`, `[tool.layerlint]` in pyproject.toml, or
 * `"layerlint"` in package.json. Every problem, including a syntax error in
 * the file, becomes a ConfigError, never a stack trace.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { basename, extname, isAbsolute, join, relative, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import { parse as parseToml, TomlError } from "smol-toml";
import {
  ConfigError,
  describeValue,
  isPlainObject,
  keyPath,
  validateSettings,
  type ConfigProblem,
  type LayerlintSettings,
} from "./schema.js";

export interface LoadOptions {
  /** A config file named on the command line (`--config`); no other file is looked for then. */
  configFile?: string;
  /** Rule ids (without prefix) that exist, so that unknown ids are reported. */
  knownRules?: ReadonlySet<string>;
}

export interface LoadedConfig {
  settings: LayerlintSettings;
  /** Absolute path of the file the settings came from, or null for the defaults. */
  source: string | null;
}

/** Config files of their own, in the order they are looked for (before pyproject and package.json). */
export const CONFIG_FILE_NAMES = [
  "layerlint.config.js",
  "layerlint.config.mjs",
  "layerlint.config.json",
] as const;

/** pyproject.toml keys in Python's spellings, and the schema keys they stand for. */
const TOML_ALIASES: Record<string, string> = {
  file_names: "fileNames",
  "file-names": "fileNames",
  file_suffixes: "fileSuffixes",
  "file-suffixes": "fileSuffixes",
  extend_layers: "extendLayers",
  "extend-layers": "extendLayers",
};
const TOML_PYTHON_ALIASES: Record<string, string> = {
  source_roots: "sourceRoots",
  "source-roots": "sourceRoots",
};

function isFile(path: string): boolean {
  try {
    return statSync(path).isFile();
  } catch {
    return false;
  }
}

/** How a file is named in messages: relative to the project root when inside it. */
function displayPath(root: string, file: string): string {
  const rel = relative(root, file);
  if (rel === "" || rel.startsWith("..") || isAbsolute(rel)) return file;
  return rel.split("\\").join("/");
}

function readText(file: string, shown: string): string {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === "ENOENT" ? "file not found" : `cannot be read (${code ?? "error"})`;
    throw new ConfigError([{ path: shown, message: reason }]);
  }
  // Editors on Windows still write a BOM now and then; neither parser accepts one.
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}

function lineAndColumn(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split("\n").length;
  const column = offset - before.lastIndexOf("\n");
  return `${line}:${column}`;
}

/**
 * Where and why JSON text is invalid. V8's own messages change between Node
 * versions and often give no position, so the place is found here.
 */
export function locateJsonError(text: string): { offset: number; message: string } | null {
  let i = 0;
  const fail = (message: string): never => {
    throw { offset: i, message: i >= text.length ? "unexpected end of file" : message };
  };
  const space = (): void => {
    while (i < text.length && " \t\n\r".includes(text[i])) i++;
  };
  const literal = (word: string): void => {
    if (text.startsWith(word, i)) i += word.length;
    else fail(`expected ${word}`);
  };
  const string = (): void => {
    i++;
    while (text[i] !== '"') {
      if (i >= text.length || text[i] === "\n") fail("unterminated string");
      if (text.charCodeAt(i) < 0x20) fail("control character in string");
      if (text[i] === "\\") {
        i++;
        if (text[i] === "u") {
          if (!/^[0-9a-fA-F]{4}$/.test(text.slice(i + 1, i + 5))) fail("invalid \\u escape");
          i += 4;
        } else if (!'"\\/bfnrt'.includes(text[i] ?? "")) {
          fail("invalid escape");
        }
      }
      i++;
    }
    i++;
  };
  const value = (): void => {
    space();
    const ch = text[i];
    if (ch === "{") {
      i++;
      space();
      if (text[i] === "}") {
        i++;
        return;
      }
      for (;;) {
        space();
        if (text[i] !== '"') fail("expected a property name in double quotes");
        string();
        space();
        if (text[i] !== ":") fail('expected ":"');
        i++;
        value();
        space();
        if (text[i] === "}") break;
        if (text[i] !== ",") fail('expected "," or "}"');
        i++;
      }
      i++;
    } else if (ch === "[") {
      i++;
      space();
      if (text[i] === "]") {
        i++;
        return;
      }
      for (;;) {
        value();
        space();
        if (text[i] === "]") break;
        if (text[i] !== ",") fail('expected "," or "]"');
        i++;
      }
      i++;
    } else if (ch === '"') {
      string();
    } else if (ch === "t") {
      literal("true");
    } else if (ch === "f") {
      literal("false");
    } else if (ch === "n") {
      literal("null");
    } else {
      const number = /-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/y;
      number.lastIndex = i;
      if (!number.test(text)) fail("expected a value");
      i = number.lastIndex;
    }
  };
  try {
    value();
    space();
    if (i < text.length) fail("unexpected text after the end");
    return null;
  } catch (error) {
    if (typeof error === "object" && error !== null && "offset" in error) {
      return error as { offset: number; message: string };
    }
    throw error;
  }
}

function parseJson(text: string, shown: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    const where = locateJsonError(text) ?? { offset: 0, message: "invalid JSON" };
    throw new ConfigError([
      {
        path: `${shown}:${lineAndColumn(text, where.offset)}`,
        message: `invalid JSON: ${where.message}`,
      },
    ]);
  }
}

function parseTomlText(text: string, shown: string): Record<string, unknown> {
  try {
    return parseToml(text);
  } catch (error) {
    if (!(error instanceof TomlError)) throw error;
    const reason = error.message.split("\n")[0].replace(/^Invalid TOML document: /, "");
    throw new ConfigError([
      { path: `${shown}:${error.line}:${error.column}`, message: `invalid TOML: ${reason}` },
    ]);
  }
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  result: { value: unknown } | { error: ConfigError };
}

// Keyed on the file's mtime and size as well, so an edited file is read again
// (the editor integration lives for hours).
const manifestCache = new Map<string, CacheEntry>();

function readCached(file: string, shown: string, parse: (text: string) => unknown): unknown {
  let stat;
  try {
    stat = statSync(file);
  } catch {
    return null;
  }
  if (!stat.isFile()) return null;
  const cached = manifestCache.get(file);
  if (!cached || cached.mtimeMs !== stat.mtimeMs || cached.size !== stat.size) {
    let result: CacheEntry["result"];
    try {
      result = { value: parse(readText(file, shown)) };
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      result = { error };
    }
    manifestCache.set(file, { mtimeMs: stat.mtimeMs, size: stat.size, result });
    return unwrap(result);
  }
  return unwrap(cached.result);
}

function unwrap(result: CacheEntry["result"]): unknown {
  if ("error" in result) throw result.error;
  return result.value;
}

/** The parsed `pyproject.toml` at `root`, or null when there is none. Throws ConfigError on bad TOML. */
export function readPyproject(root: string): Record<string, unknown> | null {
  const file = resolve(root, "pyproject.toml");
  const shown = displayPath(resolve(root), file);
  return readCached(file, shown, (text) => parseTomlText(text, shown)) as Record<
    string,
    unknown
  > | null;
}

/** The parsed `package.json` at `root`, or null when there is none. Throws ConfigError on bad JSON. */
export function readPackageJson(root: string): unknown {
  const file = resolve(root, "package.json");
  const shown = displayPath(resolve(root), file);
  return readCached(file, shown, (text) => parseJson(text, shown));
}

/** Renames Python-spelled keys to the schema's; both spellings at once is a problem. */
function renameAliases(
  table: Record<string, unknown>,
  aliases: Record<string, string>,
  path: string,
  problems: ConfigProblem[],
): Record<string, unknown> {
  // No prototype: a `__proto__` key must stay a key (and be reported), not replace it.
  const result = Object.create(null) as Record<string, unknown>;
  for (const [key, value] of Object.entries(table)) {
    const name = aliases[key];
    if (name === undefined) {
      if (!Object.hasOwn(result, key)) result[key] = value;
      continue;
    }
    if (Object.hasOwn(table, name) || Object.hasOwn(result, name)) {
      problems.push({
        path: keyPath(path, key),
        message: `same setting as ${JSON.stringify(name)}; keep one of them`,
      });
      continue;
    }
    result[name] = value;
  }
  return result;
}

function normalizeToml(raw: unknown, path: string, problems: ConfigProblem[]): unknown {
  if (!isPlainObject(raw)) return raw;
  const config = renameAliases(raw, TOML_ALIASES, path, problems);
  if (isPlainObject(config.python)) {
    config.python = renameAliases(
      config.python,
      TOML_PYTHON_ALIASES,
      keyPath(path, "python"),
      problems,
    );
  }
  return config;
}

function finish(
  raw: unknown,
  label: string,
  file: string,
  root: string,
  options: LoadOptions,
  earlier: ConfigProblem[] = [],
): LoadedConfig {
  const { settings, problems } = validateSettings(raw, label, { knownRules: options.knownRules });
  const all = [...earlier, ...problems];
  if (all.length > 0) throw new ConfigError(all, displayPath(root, file));
  return { settings, source: file };
}

function fromToml(
  parsed: Record<string, unknown>,
  file: string,
  root: string,
  options: LoadOptions,
  topLevelFallback: boolean,
): LoadedConfig | null {
  const tool = parsed.tool;
  if (isPlainObject(tool) && Object.hasOwn(tool, "layerlint")) {
    const problems: ConfigProblem[] = [];
    const raw = normalizeToml(tool.layerlint, "tool.layerlint", problems);
    return finish(raw, "tool.layerlint", file, root, options, problems);
  }
  if (!topLevelFallback) return null;
  const problems: ConfigProblem[] = [];
  return finish(normalizeToml(parsed, "", problems), "", file, root, options, problems);
}

function fromPackageJson(
  parsed: unknown,
  file: string,
  root: string,
  options: LoadOptions,
): LoadedConfig | null {
  if (!isPlainObject(parsed) || !Object.hasOwn(parsed, "layerlint")) return null;
  return finish(parsed.layerlint, "layerlint", file, root, options);
}

async function fromModule(file: string, root: string, options: LoadOptions): Promise<LoadedConfig> {
  const shown = displayPath(root, file);
  let module: Record<string, unknown>;
  try {
    // The mtime in the URL defeats the ESM cache once the file changes, and only then.
    const url = pathToFileURL(file);
    url.search = `mtime=${statSync(file).mtimeMs}`;
    module = (await import(url.href)) as Record<string, unknown>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new ConfigError([{ path: shown, message: `cannot be loaded: ${reason}` }]);
  }
  if (!("default" in module)) {
    throw new ConfigError([{ path: shown, message: "has no default export" }]);
  }
  const raw = module.default;
  if (!isPlainObject(raw)) {
    throw new ConfigError([
      { path: shown, message: `must export an object, not ${describeValue(raw)}` },
    ]);
  }
  return finish(raw, "", file, root, options);
}

async function fromExplicitFile(
  file: string,
  root: string,
  options: LoadOptions,
): Promise<LoadedConfig> {
  const shown = displayPath(root, file);
  if (!isFile(file)) {
    const message = existsSync(file) ? "is not a file" : "file not found";
    throw new ConfigError([{ path: shown, message }]);
  }
  const ext = extname(file);
  if (ext === ".js" || ext === ".mjs" || ext === ".cjs") return fromModule(file, root, options);
  if (ext === ".json") {
    const parsed = parseJson(readText(file, shown), shown);
    if (basename(file) === "package.json") {
      const loaded = fromPackageJson(parsed, file, root, options);
      if (loaded) return loaded;
      throw new ConfigError([{ path: shown, message: 'has no "layerlint" key' }]);
    }
    return finish(parsed, "", file, root, options);
  }
  if (ext === ".toml") {
    const parsed = parseTomlText(readText(file, shown), shown);
    // A pyproject.toml's other tables are not layerlint settings.
    const isPyproject = basename(file) === "pyproject.toml";
    const loaded = fromToml(parsed, file, root, options, !isPyproject);
    if (loaded) return loaded;
    throw new ConfigError([{ path: shown, message: "has no [tool.layerlint] table" }]);
  }
  throw new ConfigError([
    {
      path: shown,
      message: `unsupported config file type "${ext}"; use .js, .mjs, .cjs, .json or .toml`,
    },
  ]);
}

/**
 * The settings for the project at `root`: from `options.configFile` when
 * given, otherwise from the first of layerlint.config.js, layerlint.config.mjs,
 * layerlint.config.json, `[tool.layerlint]` in pyproject.toml and `"layerlint"`
 * in package.json that exists; the defaults when there is none.
 */
export async function loadConfig(root: string, options: LoadOptions = {}): Promise<LoadedConfig> {
  const absRoot = resolve(root);
  if (options.configFile !== undefined) {
    return fromExplicitFile(resolve(absRoot, options.configFile), absRoot, options);
  }
  for (const name of CONFIG_FILE_NAMES) {
    const file = join(absRoot, name);
    if (!isFile(file)) continue;
    if (name.endsWith(".json")) {
      const shown = displayPath(absRoot, file);
      return finish(parseJson(readText(file, shown), shown), "", file, absRoot, options);
    }
    return fromModule(file, absRoot, options);
  }
  const pyproject = readPyproject(absRoot);
  if (pyproject) {
    const loaded = fromToml(pyproject, join(absRoot, "pyproject.toml"), absRoot, options, false);
    if (loaded) return loaded;
  }
  const pkg = readPackageJson(absRoot);
  if (pkg !== null) {
    const loaded = fromPackageJson(pkg, join(absRoot, "package.json"), absRoot, options);
    if (loaded) return loaded;
  }
  return { settings: validateSettings(undefined, "").settings, source: null };
}
