/**
 * The one settings schema, shared by the CLI (pyproject.toml, layerlint.config.*,
 * package.json) and the ESLint plugin (`settings.layerlint`). Validation is
 * hand-written so that every problem is reported at once, with its path and a
 * message a person can act on, which JSON-schema validators do not give.
 */

import { SUPPORTED_PYTHON_VERSIONS } from "../languages/python/versions.js";

export type Role =
  | "routes"
  | "services"
  | "repositories"
  | "models"
  | "schemas"
  | "events"
  | "shared"
  | "roots"
  | "migrations"
  | "tests";

/** Every role, in the order `src/project/roles.ts` breaks ties between them. */
export const ROLES: readonly Role[] = [
  "tests",
  "migrations",
  "roots",
  "routes",
  "services",
  "repositories",
  "models",
  "schemas",
  "events",
  "shared",
];

export type Severity = "off" | "warn" | "error" | 0 | 1 | 2;

/** As in ESLint: a severity, or an array of a severity followed by the rule's options. */
export type RuleSetting = Severity | [Severity, ...unknown[]];

export interface LayerlintSettings {
  /**
   * Directory names per role; multi-segment names (`db/models`) match as path
   * suffixes. For `roots`: module names (`main`, `alembic/env`).
   */
  layers: Record<Role, string[]>;
  /** Whole module names (file name without extension) that speak for a file; `*` is a wildcard. */
  fileNames: Record<Role, string[]>;
  /** Endings of module names that speak for a file (`_service`, `.controller`), case-sensitive. */
  fileSuffixes: Record<Role, string[]>;
  /** gitignore-style patterns, relative to the project root, never linted or indexed. */
  ignore: string[];
  python: {
    /**
     * The Python version whose syntax the parser accepts, "3.8" to "3.14"; "auto"
     * (the default) takes the lower bound of `requires-python`, else the newest.
     */
    version: string;
    /** Extra import roots, relative to the project root (the root and `src/` are automatic). */
    sourceRoots: string[];
  };
  /** Which languages to lint; "auto" follows the stack detected from the manifests. */
  stack: { python: boolean | "auto"; typescript: boolean | "auto" };
  /** Rule settings by id, without the `layerlint/` prefix. */
  rules: Record<string, RuleSetting>;
}

/** What a user writes: every key optional; `extendLayers` adds to the defaults instead of replacing them. */
export interface LayerlintConfig {
  layers?: Partial<Record<Role, string[]>>;
  extendLayers?: Partial<Record<Role, string[]>>;
  fileNames?: Partial<Record<Role, string[]>>;
  fileSuffixes?: Partial<Record<Role, string[]>>;
  ignore?: string[];
  python?: Partial<LayerlintSettings["python"]>;
  stack?: Partial<LayerlintSettings["stack"]>;
  rules?: Record<string, RuleSetting>;
}

/** The Python versions whose syntax the parser knows. */
export const PYTHON_VERSIONS: readonly string[] = SUPPORTED_PYTHON_VERSIONS;

export const RULE_PREFIX = "layerlint/";

function deepFreeze<T>(value: T): T {
  if (typeof value === "object" && value !== null) {
    for (const child of Object.values(value)) deepFreeze(child);
    Object.freeze(value);
  }
  return value;
}

/**
 * The rule catalog's default layer map, in module-name terms: `alembic/env.py`
 * is the root `alembic/env`, `test_*.py` the name `test_*`, `*.test.ts` the
 * suffix `.test`. `conftest` and `_test` follow pytest's own defaults. Frozen,
 * because every run shares it; `validateSettings` hands out copies.
 */
export const DEFAULT_SETTINGS: LayerlintSettings = deepFreeze({
  layers: {
    routes: ["routes", "routers", "api", "endpoints", "views", "controllers", "handlers"],
    services: ["services", "service", "use_cases", "usecases"],
    repositories: ["repositories", "repository", "repos", "crud", "dao"],
    models: ["models", "entities", "db/models", "tables"],
    schemas: ["schemas", "dto", "dtos"],
    events: ["events", "kafka", "messaging", "consumers", "producers"],
    shared: ["core", "config", "utils", "exceptions", "middleware"],
    roots: [
      "main",
      "app",
      "server",
      "dependencies",
      // FastAPI's full-stack template: `app/api/deps.py` builds what routes `Depends()` on.
      "deps",
      "providers",
      "container",
      "wiring",
      "bootstrap",
      "alembic/env",
    ],
    migrations: ["alembic/versions", "migrations", "prisma/migrations", "drizzle"],
    tests: ["tests", "test", "__tests__"],
  },
  fileNames: {
    routes: ["views", "endpoints", "routes", "router", "controller", "resolver"],
    services: ["service"],
    repositories: ["repository", "repo", "crud", "dao"],
    models: ["models", "entities"],
    schemas: ["schemas", "dto"],
    events: ["consumer", "producer"],
    shared: [],
    roots: [],
    migrations: ["migrations"],
    tests: ["test_*", "conftest"],
  },
  fileSuffixes: {
    routes: [".controller", "Controller", ".resolver"],
    services: ["_service", "Service", ".service"],
    repositories: ["_repository", "Repository", ".repository"],
    models: [".entity", ".model"],
    schemas: [".dto"],
    events: ["_consumer", ".consumer", "_producer", ".producer"],
    shared: [],
    roots: [".module"],
    migrations: [],
    tests: ["_test", ".test", ".spec"],
  },
  ignore: [],
  python: { version: "auto", sourceRoots: [] },
  stack: { python: "auto", typescript: "auto" },
  rules: {},
});

export interface ConfigProblem {
  /** Where the problem is: a key path (`tool.layerlint.layers.routes[2]`) or `file:line:column`. */
  path: string;
  message: string;
}

/** A configuration the user must fix; the message lists every problem, one per line. */
export class ConfigError extends Error {
  readonly problems: ConfigProblem[];
  /** The file the key paths are in, when they are not self-explanatory. */
  readonly file: string | undefined;

  constructor(problems: ConfigProblem[], file?: string) {
    super(
      problems
        .map((p) => {
          const where = [file, p.path].filter((s) => s).join(": ");
          return where ? `${where}: ${p.message}` : p.message;
        })
        .join("\n"),
    );
    this.name = "ConfigError";
    this.problems = problems;
    this.file = file;
  }
}

export interface ValidateOptions {
  /** Rule ids (without prefix) that exist; when given, other ids are reported. */
  knownRules?: ReadonlySet<string>;
}

/** Strips the `layerlint/` prefix a rule id may be written with. */
export function normalizeRuleId(id: string): string {
  return id.startsWith(RULE_PREFIX) ? id.slice(RULE_PREFIX.length) : id;
}

/** Optimal string alignment distance: a swapped pair of letters (`layres`) counts as one edit. */
function editDistance(a: string, b: string): number {
  const d: number[][] = [];
  for (let i = 0; i <= a.length; i++) {
    d.push([i]);
    for (let j = 1; j <= b.length; j++) {
      if (i === 0) {
        d[i].push(j);
        continue;
      }
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let best = Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) {
        best = Math.min(best, d[i - 2][j - 2] + 1);
      }
      d[i].push(best);
    }
  }
  return d[a.length][b.length];
}

/** The candidate `word` was most likely meant to be, or null when none is close. */
export function closestMatch(word: string, candidates: Iterable<string>): string | null {
  // `file_names` and `FileNames` mean `fileNames`: spelling conventions are not typos.
  const fold = (s: string): string => s.toLowerCase().replace(/[-_]/g, "");
  const limit = Math.max(1, Math.floor(word.length / 3));
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const candidate of candidates) {
    const distance =
      fold(candidate) === fold(word)
        ? 0
        : editDistance(word.toLowerCase(), candidate.toLowerCase());
    if (distance <= limit && distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== "object" || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  // TOML tables come without a prototype.
  return proto === Object.prototype || proto === null;
}

/** "a number", "an array": for messages that say what was found instead. */
export function describeValue(value: unknown): string {
  if (value === null || value === undefined) return String(value);
  if (Array.isArray(value)) return value.length === 0 ? "an empty array" : "an array";
  // TOML dates (TomlDate) are Dates too.
  if (value instanceof Date) return "a date";
  if (typeof value === "object") return "an object";
  if (typeof value === "bigint") return "a number";
  return `a ${typeof value}`;
}

export function keyPath(base: string, key: string): string {
  if (!/^[A-Za-z_$][\w$-]*$/.test(key)) return `${base}[${JSON.stringify(key)}]`;
  return base ? `${base}.${key}` : key;
}

const TOP_LEVEL_KEYS = [
  "layers",
  "extendLayers",
  "fileNames",
  "fileSuffixes",
  "ignore",
  "python",
  "stack",
  "rules",
] as const;

const SEVERITIES: readonly unknown[] = ["off", "warn", "error", 0, 1, 2];
const SEVERITY_TEXT = '"off", "warn", "error", 0, 1 or 2';
const RULE_ID = /^[a-z][a-z0-9-]*$/;

function unknownKey(kind: string, key: string, allowed: readonly string[]): string {
  const guess = closestMatch(key, allowed);
  return guess
    ? `unknown ${kind} ${JSON.stringify(key)}; did you mean ${JSON.stringify(guess)}?`
    : `unknown ${kind} ${JSON.stringify(key)} (expected one of: ${allowed.join(", ")})`;
}

function copyRoleMap(map: Record<Role, readonly string[]>): Record<Role, string[]> {
  const copy = {} as Record<Role, string[]>;
  for (const role of Object.keys(map) as Role[]) copy[role] = [...map[role]];
  return copy;
}

/** A fresh, mutable copy of the defaults. */
export function defaultSettings(): LayerlintSettings {
  return {
    layers: copyRoleMap(DEFAULT_SETTINGS.layers),
    fileNames: copyRoleMap(DEFAULT_SETTINGS.fileNames),
    fileSuffixes: copyRoleMap(DEFAULT_SETTINGS.fileSuffixes),
    ignore: [...DEFAULT_SETTINGS.ignore],
    python: {
      version: DEFAULT_SETTINGS.python.version,
      sourceRoots: [...DEFAULT_SETTINGS.python.sourceRoots],
    },
    stack: { ...DEFAULT_SETTINGS.stack },
    rules: {},
  };
}

class Validator {
  readonly problems: ConfigProblem[] = [];

  constructor(private readonly options: ValidateOptions) {}

  report(path: string, message: string): void {
    this.problems.push({ path, message });
  }

  object(value: unknown, path: string): Record<string, unknown> | null {
    if (isPlainObject(value)) return value;
    this.report(path, `must be an object, not ${describeValue(value)}`);
    return null;
  }

  /** A list of non-empty strings, or null (and a problem) when it is not one. */
  strings(value: unknown, path: string): string[] | null {
    if (!Array.isArray(value)) {
      this.report(path, `must be an array of strings, not ${describeValue(value)}`);
      return null;
    }
    let ok = true;
    value.forEach((item: unknown, i) => {
      if (typeof item !== "string") {
        this.report(`${path}[${i}]`, `must be a string, not ${describeValue(item)}`);
        ok = false;
      } else if (item.trim() === "") {
        this.report(`${path}[${i}]`, "must not be empty");
        ok = false;
      }
    });
    return ok ? (value as string[]) : null;
  }

  /** Per-role lists; only the roles given, each validated on its own. */
  roleMap(value: unknown, path: string): Partial<Record<Role, string[]>> {
    const result: Partial<Record<Role, string[]>> = {};
    const map = this.object(value, path);
    if (!map) return result;
    for (const [key, item] of Object.entries(map)) {
      const itemPath = keyPath(path, key);
      if (!(ROLES as readonly string[]).includes(key)) {
        this.report(itemPath, unknownKey("role", key, ROLES));
        continue;
      }
      const names = this.strings(item, itemPath);
      if (names) result[key as Role] = names;
    }
    return result;
  }

  python(value: unknown, path: string, settings: LayerlintSettings): void {
    const python = this.object(value, path);
    if (!python) return;
    for (const [key, item] of Object.entries(python)) {
      const itemPath = keyPath(path, key);
      if (key === "version") {
        if (typeof item === "string" && (item === "auto" || PYTHON_VERSIONS.includes(item))) {
          settings.python.version = item;
        } else if (typeof item === "string") {
          this.report(
            itemPath,
            `unsupported Python version ${JSON.stringify(item)}; expected "3.8" to "3.14", or "auto"`,
          );
        } else {
          // In TOML `3.10` unquoted is the float 3.1, so the fix must be quoting.
          this.report(itemPath, `must be a string such as "3.13", not ${describeValue(item)}`);
        }
      } else if (key === "sourceRoots") {
        const roots = this.strings(item, itemPath);
        if (roots) settings.python.sourceRoots = [...roots];
      } else {
        this.report(itemPath, unknownKey("key", key, ["version", "sourceRoots"]));
      }
    }
  }

  stack(value: unknown, path: string, settings: LayerlintSettings): void {
    const stack = this.object(value, path);
    if (!stack) return;
    for (const [key, item] of Object.entries(stack)) {
      const itemPath = keyPath(path, key);
      if (key !== "python" && key !== "typescript") {
        this.report(itemPath, unknownKey("key", key, ["python", "typescript"]));
      } else if (typeof item === "boolean" || item === "auto") {
        settings.stack[key] = item;
      } else {
        this.report(itemPath, `must be true, false or "auto", not ${describeValue(item)}`);
      }
    }
  }

  rules(value: unknown, path: string, settings: LayerlintSettings): void {
    const rules = this.object(value, path);
    if (!rules) return;
    const seen = new Map<string, string>();
    for (const [key, item] of Object.entries(rules)) {
      const itemPath = keyPath(path, key);
      const id = normalizeRuleId(key);
      if (id.includes("/")) {
        this.report(itemPath, "only layerlint rules can be configured here");
        continue;
      }
      if (!RULE_ID.test(id)) {
        this.report(
          itemPath,
          'rule ids start with a lowercase letter and contain only a-z, 0-9 and "-"',
        );
        continue;
      }
      const known = this.options.knownRules;
      if (known && !known.has(id)) {
        const guess = closestMatch(id, known);
        this.report(
          itemPath,
          guess
            ? `unknown rule ${JSON.stringify(id)}; did you mean ${JSON.stringify(guess)}?`
            : `unknown rule ${JSON.stringify(id)}`,
        );
        continue;
      }
      const earlier = seen.get(id);
      if (earlier !== undefined) {
        this.report(itemPath, `configures the same rule as ${JSON.stringify(earlier)}`);
        continue;
      }
      seen.set(id, key);
      const setting = this.ruleSetting(item, itemPath);
      if (setting !== null) settings.rules[id] = setting;
    }
  }

  ruleSetting(value: unknown, path: string): RuleSetting | null {
    if (SEVERITIES.includes(value)) return value as Severity;
    if (Array.isArray(value) && value.length > 0) {
      if (SEVERITIES.includes(value[0])) return [...value] as RuleSetting;
      this.report(`${path}[0]`, `must be ${SEVERITY_TEXT}, not ${shown(value[0])}`);
      return null;
    }
    this.report(
      path,
      `must be ${SEVERITY_TEXT}, or an array starting with one of them, not ${shown(value)}`,
    );
    return null;
  }
}

/** A short rendering of a bad value: the value itself when it is a scalar. */
function shown(value: unknown): string {
  if (typeof value === "string" || typeof value === "number" || typeof value === "boolean") {
    return JSON.stringify(value);
  }
  return describeValue(value);
}

function addUnique(target: string[], extra: readonly string[]): void {
  for (const name of extra) if (!target.includes(name)) target.push(name);
}

/**
 * Checks a user configuration and merges it over the defaults. `source` labels
 * where it came from and prefixes every problem path (`tool.layerlint`,
 * `settings.layerlint`, or "" for a file that holds nothing else). `undefined`
 * means no configuration. The settings are usable even when there are
 * problems: the valid parts are applied.
 */
export function validateSettings(
  raw: unknown,
  source: string,
  options: ValidateOptions = {},
): { settings: LayerlintSettings; problems: ConfigProblem[] } {
  const settings = defaultSettings();
  const v = new Validator(options);
  if (raw === undefined) return { settings, problems: [] };
  const config = v.object(raw, source);
  if (!config) return { settings, problems: v.problems };

  let extendLayers: Partial<Record<Role, string[]>> = {};
  for (const [key, value] of Object.entries(config)) {
    const path = keyPath(source, key);
    switch (key) {
      case "layers":
      case "fileNames":
      case "fileSuffixes":
        // A role given replaces its default list; roles not given keep theirs.
        for (const [role, names] of Object.entries(v.roleMap(value, path))) {
          settings[key][role as Role] = [...names];
        }
        break;
      case "extendLayers":
        extendLayers = v.roleMap(value, path);
        break;
      case "ignore": {
        const patterns = v.strings(value, path);
        if (patterns) settings.ignore = [...patterns];
        break;
      }
      case "python":
        v.python(value, path, settings);
        break;
      case "stack":
        v.stack(value, path, settings);
        break;
      case "rules":
        v.rules(value, path, settings);
        break;
      default:
        v.report(path, unknownKey("key", key, TOP_LEVEL_KEYS));
    }
  }
  // Applied after the loop so that key order does not decide whether an extension survives.
  for (const role of Object.keys(extendLayers) as Role[]) {
    addUnique(settings.layers[role], extendLayers[role] ?? []);
  }
  return { settings, problems: v.problems };
}
