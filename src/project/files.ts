/**
 * Source file discovery under a project root. Synchronous: the project model
 * is built once per process. Never throws on what it finds (unreadable
 * directories, dangling or looping symlinks are skipped).
 */
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { join, relative, sep } from "node:path";
import ignore, { type Ignore } from "ignore";

/** Directories that never hold project sources. */
export const ALWAYS_SKIPPED_DIRS: ReadonlySet<string> = new Set([
  "node_modules",
  ".venv",
  "venv",
  "__pycache__",
  "build",
  "dist",
  ".git",
  ".tox",
  ".mypy_cache",
]);

export const PYTHON_EXTENSIONS: readonly string[] = [".py"];
export const SCRIPT_EXTENSIONS: readonly string[] = [
  ".ts",
  ".tsx",
  ".mts",
  ".cts",
  ".js",
  ".mjs",
  ".cjs",
];

export const PRISMA_EXTENSIONS: readonly string[] = [".prisma"];

export interface DiscoveredFiles {
  /** `.py` files, relative POSIX paths, sorted. */
  python: string[];
  /** TypeScript and JavaScript files, relative POSIX paths, sorted. */
  typescript: string[];
  /** Prisma schema files (`.prisma`), relative POSIX paths, sorted; absent when there are none. */
  prisma?: string[];
}

export interface DiscoverOptions {
  /** gitignore-style patterns relative to the root; applied after (and not undone by) `.gitignore`. */
  ignore?: readonly string[];
}

/** A `.gitignore` and the directory (relative, POSIX, "" for the root) its patterns are relative to. */
interface IgnoreLevel {
  base: string;
  rules: Ignore;
}

interface PendingDir {
  rel: string;
  abs: string;
  levels: IgnoreLevel[];
}

/** Converts a native relative path to POSIX separators. */
export function toPosix(path: string): string {
  return sep === "/" ? path : path.split(sep).join("/");
}

/** Directories whose JavaScript is served to browsers (`src/public/js/main.js`), not run by the backend. */
const ASSET_DIRS = /(?:^|\/)(?:public|static|vendor|assets)\//;

/**
 * Minified bundles (`jquery-3.1.1.min.js`) anywhere, and plain JavaScript under a
 * public, static, vendor or assets directory: browser code a backend serves,
 * not backend code. TypeScript there is still linted.
 */
function isBrowserAsset(rel: string, name: string): boolean {
  if (/\.min\.[cm]?js$/.test(name)) return true;
  return /\.[cm]?jsx?$/.test(name) && ASSET_DIRS.test(rel);
}

function extensionKind(name: string): "python" | "typescript" | "prisma" | null {
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return null;
  const ext = name.slice(dot);
  if (PYTHON_EXTENSIONS.includes(ext)) return "python";
  if (SCRIPT_EXTENSIONS.includes(ext)) return "typescript";
  if (PRISMA_EXTENSIONS.includes(ext)) return "prisma";
  return null;
}

function readGitignore(dir: string, base: string): IgnoreLevel | null {
  let text: string;
  try {
    text = readFileSync(join(dir, ".gitignore"), "utf8");
  } catch {
    return null;
  }
  return { base, rules: ignore().add(text) };
}

/** `ignore` throws on names it takes for non-relative paths (`...`); such a name is not ignored. */
function safeTest(rules: Ignore, path: string): { ignored: boolean; unignored: boolean } {
  try {
    return rules.test(path);
  } catch {
    return { ignored: false, unignored: false };
  }
}

/** Whether `rel` (a path relative to the root, `/`-terminated for directories) is git-ignored. */
function isGitIgnored(rel: string, levels: readonly IgnoreLevel[]): boolean {
  let ignored = false;
  for (const level of levels) {
    const local = level.base === "" ? rel : rel.slice(level.base.length + 1);
    const result = safeTest(level.rules, local);
    if (result.ignored) ignored = true;
    else if (result.unignored) ignored = false;
  }
  return ignored;
}

/**
 * Finds the Python and TypeScript/JavaScript sources under `root`. Respects
 * `.gitignore` files at every level, skips `ALWAYS_SKIPPED_DIRS` and
 * `options.ignore`. Symlinked directories are followed once per real
 * directory: real directories are walked first, so a link never shadows its
 * target, and a link back into the tree cannot loop.
 */
export function discoverFiles(root: string, options: DiscoverOptions = {}): DiscoveredFiles {
  const python: string[] = [];
  const typescript: string[] = [];
  const prisma: string[] = [];
  const userIgnore = ignore().add([...(options.ignore ?? [])]);
  const visited = new Set<string>();
  let rootReal: string;
  try {
    rootReal = realpathSync(root);
  } catch {
    return { python, typescript };
  }
  visited.add(rootReal);
  const linked: PendingDir[] = [];

  const walk = (dir: PendingDir, real: string): void => {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir.abs, { withFileTypes: true });
    } catch {
      return;
    }
    const own = readGitignore(dir.abs, dir.rel);
    const levels = own ? [...dir.levels, own] : dir.levels;
    for (const entry of entries) {
      const name = entry.name;
      const rel = dir.rel === "" ? name : `${dir.rel}/${name}`;
      const abs = join(dir.abs, name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      const isLink = entry.isSymbolicLink();
      if (isLink) {
        try {
          const stats = statSync(abs);
          isDir = stats.isDirectory();
          isFile = stats.isFile();
        } catch {
          continue; // dangling link
        }
      }
      if (isDir) {
        if (ALWAYS_SKIPPED_DIRS.has(name)) continue;
        const relDir = `${rel}/`;
        if (safeTest(userIgnore, relDir).ignored || isGitIgnored(relDir, levels)) continue;
        if (isLink) {
          linked.push({ rel, abs, levels });
        } else {
          const childReal = join(real, name);
          if (visited.has(childReal)) continue;
          visited.add(childReal);
          walk({ rel, abs, levels }, childReal);
        }
      } else if (isFile) {
        const kind = extensionKind(name);
        if (kind === null) continue;
        if (kind === "typescript" && isBrowserAsset(rel, name)) continue;
        if (safeTest(userIgnore, rel).ignored || isGitIgnored(rel, levels)) continue;
        (kind === "python" ? python : kind === "prisma" ? prisma : typescript).push(rel);
      }
    }
  };

  walk({ rel: "", abs: root, levels: [] }, rootReal);
  // Breadth-first over links, so the shortest path to a linked directory is the one kept.
  for (let i = 0; i < linked.length; i++) {
    const dir = linked[i];
    let real: string;
    try {
      real = realpathSync(dir.abs);
    } catch {
      continue;
    }
    if (visited.has(real)) continue;
    visited.add(real);
    walk(dir, real);
  }
  python.sort(compareStrings);
  typescript.sort(compareStrings);
  if (prisma.length === 0) return { python, typescript };
  return { python, typescript, prisma: prisma.sort(compareStrings) };
}

/** Code-unit order, independent of locale. */
export function compareStrings(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/** The POSIX path of `file` relative to `root`, or null when it lies outside. */
export function relativeTo(root: string, file: string): string | null {
  const rel = toPosix(relative(root, file));
  if (rel === "" || rel === ".." || rel.startsWith("../") || /^[a-zA-Z]:/.test(rel)) return null;
  return rel;
}
