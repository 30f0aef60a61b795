/**
 * A file's role (layer), from its path alone, as the rule catalog defines it:
 * tests win over everything, then migrations directories, then a module name
 * that speaks for the file, then the nearest directory that names a role; a
 * module that matches nothing is a composition root.
 */
import { DEFAULT_PROJECT_SETTINGS, ROLES, type ProjectSettings, type Role } from "./defaults.js";

/** Extensions of the source files roles are given to, longest first. */
const SOURCE_EXTENSIONS = [".py", ".pyi", ".tsx", ".mts", ".cts", ".mjs", ".cjs", ".ts", ".js"];

/** The roles a file name or a directory can name (tests, migrations and roots are decided first). */
export const LAYER_ROLES: readonly Role[] = ROLES.filter(
  (role) => role !== "tests" && role !== "migrations" && role !== "roots",
);

interface Matcher {
  testDirs: string[][];
  testNames: RegExp[];
  testSuffixes: readonly string[];
  migrationDirs: string[][];
  migrationNames: RegExp[];
  rootNames: RegExp[];
  rootPaths: string[][];
  rootSuffixes: readonly string[];
  names: { role: Role; pattern: RegExp }[];
  suffixes: { role: Role; suffix: string }[];
  dirs: { role: Role; segments: string[] }[];
}

const matchers = new WeakMap<ProjectSettings, Matcher>();

function wildcard(name: string): RegExp {
  const escaped = name.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

function segmentsOf(name: string): string[] {
  return name.split("/").filter((s) => s !== "");
}

function compile(settings: ProjectSettings): Matcher {
  const rootEntries = [...settings.layers.roots, ...settings.fileNames.roots];
  const dirs: Matcher["dirs"] = [];
  for (const role of LAYER_ROLES) {
    for (const name of settings.layers[role]) dirs.push({ role, segments: segmentsOf(name) });
  }
  // At one depth a longer name (`db/models`) is the more specific match.
  dirs.sort((a, b) => b.segments.length - a.segments.length);
  return {
    testDirs: settings.layers.tests.map(segmentsOf),
    testNames: settings.fileNames.tests.map(wildcard),
    testSuffixes: settings.fileSuffixes.tests,
    migrationDirs: settings.layers.migrations.map(segmentsOf),
    migrationNames: settings.fileNames.migrations.map(wildcard),
    rootNames: rootEntries.filter((n) => !n.includes("/")).map(wildcard),
    rootPaths: rootEntries.filter((n) => n.includes("/")).map(segmentsOf),
    rootSuffixes: settings.fileSuffixes.roots,
    names: LAYER_ROLES.flatMap((role) =>
      settings.fileNames[role].map((name) => ({ role, pattern: wildcard(name) })),
    ),
    suffixes: LAYER_ROLES.flatMap((role) =>
      settings.fileSuffixes[role].map((suffix) => ({ role, suffix })),
    ),
    dirs: dirs.filter((d) => d.segments.length > 0),
  };
}

function matcherFor(settings: ProjectSettings): Matcher {
  let matcher = matchers.get(settings);
  if (!matcher) {
    matcher = compile(settings);
    matchers.set(settings, matcher);
  }
  return matcher;
}

/** Whether `segments` ends (at index `end`, inclusive) with `suffix`. */
function endsWithAt(segments: readonly string[], end: number, suffix: readonly string[]): boolean {
  if (suffix.length === 0 || suffix.length > end + 1) return false;
  for (let i = 0; i < suffix.length; i++) {
    if (segments[end - i] !== suffix[suffix.length - 1 - i]) return false;
  }
  return true;
}

/** Whether any directory in `dirs` (at any depth) matches one of `names`. */
function anyDirMatches(dirs: readonly string[], names: readonly string[][]): boolean {
  for (let end = dirs.length - 1; end >= 0; end--) {
    for (const name of names) if (endsWithAt(dirs, end, name)) return true;
  }
  return false;
}

/** The module name of a source file (its name without the extension), or null for other files. */
export function moduleStem(fileName: string): string | null {
  for (const ext of SOURCE_EXTENSIONS) {
    if (fileName.endsWith(ext) && fileName.length > ext.length)
      return fileName.slice(0, -ext.length);
  }
  return null;
}

/** Entry-point names: the module that builds the app, except in a settings package. */
const ENTRY_NAMES = new Set(["main", "app", "server"]);
/** Packages of settings: their `app.py` holds the app's settings (`AppSettings`), it wires nothing. */
const SETTINGS_DIRS = new Set(["settings", "config", "configs", "conf"]);

function namesRoot(dirs: string[], stem: string, m: Matcher): boolean {
  const modulePath = [...dirs, stem];
  if (m.rootPaths.some((p) => endsWithAt(modulePath, modulePath.length - 1, p))) return true;
  if (!m.rootNames.some((p) => p.test(stem))) return false;
  return !(ENTRY_NAMES.has(stem) && dirs.some((d) => SETTINGS_DIRS.has(d)));
}

/**
 * Whether a file is a composition root by name (`main`, `dependencies`,
 * `alembic/env.py`, ...), as opposed to a module that is a root only because
 * it matches no layer (a script, the db module).
 */
export function isNamedRoot(
  relPath: string,
  settings: ProjectSettings = DEFAULT_PROJECT_SETTINGS,
): boolean {
  const dirs = relPath.replace(/\\/g, "/").split("/");
  const stem = moduleStem(dirs.pop()!);
  return stem !== null && namesRoot(dirs, stem, matcherFor(settings));
}

/**
 * The role of a source file, from its path relative to the project root
 * (POSIX or native separators). Null for paths outside the root and for files
 * that are not Python/TypeScript/JavaScript sources.
 */
export function roleOf(
  relPath: string,
  settings: ProjectSettings = DEFAULT_PROJECT_SETTINGS,
  isFeatureDir?: (dir: string, role: Role) => boolean,
): Role | null {
  const path = relPath.replace(/\\/g, "/").replace(/^(\.\/)+/, "");
  if (path === "" || path.startsWith("/") || path === ".." || path.startsWith("../")) return null;
  const dirs = path.split("/");
  const fileName = dirs.pop()!;
  const stem = moduleStem(fileName);
  if (stem === null) return null;
  const m = matcherFor(settings);

  if (
    anyDirMatches(dirs, m.testDirs) ||
    m.testNames.some((p) => p.test(stem)) ||
    m.testSuffixes.some((s) => stem.endsWith(s))
  ) {
    return "tests";
  }
  // Migration files are named after what they change (`add_post_service_table`): the
  // directory decides, or a module named for them (lnbits' `migrations.py` of DDL functions).
  if (anyDirMatches(dirs, m.migrationDirs) || m.migrationNames.some((p) => p.test(stem))) {
    return "migrations";
  }

  if (namesRoot(dirs, stem, m)) return "roots";
  // A NestJS module (`orders.module.ts`) wires its controllers, services and
  // repositories together, wherever it lives.
  if (m.rootSuffixes.some((s) => stem.endsWith(s))) return "roots";
  const named = nameRole(stem, m);
  if (named) return named;

  for (let end = dirs.length - 1; end >= 0; end--) {
    for (const { role, segments } of m.dirs) {
      if (!endsWithAt(dirs, end, segments)) continue;
      // A package-by-feature directory that happens to be named like a layer
      // (dispatch's `feedback/service/`, beside its models.py and views.py) is a
      // domain, not that layer: look further out.
      if (isFeatureDir?.(dirs.slice(0, end + 1).join("/"), role)) break;
      return role;
    }
  }
  return "roots";
}

/** The layer role a module's own name gives it (`post_service` -> services), or null. */
export function roleFromName(
  fileName: string,
  settings: ProjectSettings = DEFAULT_PROJECT_SETTINGS,
): Role | null {
  const stem = moduleStem(fileName);
  return stem === null ? null : nameRole(stem, matcherFor(settings));
}

function nameRole(stem: string, m: ReturnType<typeof matcherFor>): Role | null {
  for (const { role, pattern } of m.names) if (pattern.test(stem)) return role;
  for (const { role, suffix } of m.suffixes) if (stem.endsWith(suffix)) return role;
  return null;
}
