/**
 * Python module names and import resolution over the project's own files,
 * statically (no interpreter, no site-packages): what does not resolve to a
 * project file is external (third-party or standard library).
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import type { ImportRecord, PythonModuleFacts } from "./imports.js";

export interface ImportTarget {
  /** The from-imported name this target is for (`*` for a wildcard), or null for `import a.b`. */
  name: string | null;
  /** The project file the statement loads: the module, the submodule, or the package's `__init__.py`. */
  direct: string;
  /** Where the name comes from after following `__init__.py` re-exports; `direct` when there is none. */
  file: string;
}

export interface ResolvedImport {
  record: ImportRecord;
  /** One per resolved name (from-imports) or one for `import a.b`; empty when nothing resolved. */
  targets: ImportTarget[];
  /** Top-level package of a third-party or standard-library import (`sqlalchemy`); null otherwise. */
  external: string | null;
  /** A relative import, or a module of one of the project's own packages, that points at no file. */
  unresolved: boolean;
}

/** The facts of a project file (parsed on demand by the caller, cached there). */
export type FactsProvider = (file: string) => PythonModuleFacts;

type Location =
  | { kind: "package"; file: string; dir: string }
  | { kind: "module"; file: string }
  | { kind: "namespace"; dir: string };

const PROJECT_MARKERS = ["pyproject.toml", "setup.py", "setup.cfg"];
const IDENTIFIER = /^[\p{ID_Start}_][\p{ID_Continue}]*$/u;

function joinPath(base: string, parts: readonly string[]): string {
  if (parts.length === 0) return base;
  const tail = parts.join("/");
  return base === "" ? tail : `${base}/${tail}`;
}

function dirOf(file: string): string {
  const slash = file.lastIndexOf("/");
  return slash < 0 ? "" : file.slice(0, slash);
}

function isInit(file: string): boolean {
  return file === "__init__.py" || file.endsWith("/__init__.py");
}

function depth(dir: string): number {
  return dir === "" ? 0 : dir.split("/").length;
}

function normalizeRoot(root: string): string {
  return root
    .replace(/\\/g, "/")
    .replace(/^(\.\/)+/, "")
    .replace(/\/+$/, "")
    .replace(/^\.$/, "");
}

/**
 * Import roots, in the order an absolute import tries them: the configured
 * `sourceRoots`, the project root, `src/`, then the parents of top-level
 * packages (a directory with `__init__.py` whose parent has none). A parent
 * that holds modules itself is a namespace package, not a root, unless it
 * carries a project marker (`pyproject.toml`, `setup.py`, `setup.cfg`):
 * otherwise `app/kafka/__init__.py` under a namespace `app/` would shadow the
 * `kafka` library.
 */
export function detectSourceRoots(
  files: readonly string[],
  sourceRoots: readonly string[],
  rootDir?: string,
): string[] {
  const fileSet = new Set(files);
  const dirsWithModules = new Set(files.map(dirOf));
  const roots: string[] = [];
  const add = (root: string): void => {
    if (!roots.includes(root)) roots.push(root);
  };
  for (const root of sourceRoots) add(normalizeRoot(root));
  add("");
  if (files.some((f) => f.startsWith("src/"))) add("src");
  const parents = new Set<string>();
  for (const file of files) {
    if (!isInit(file)) continue;
    const pkg = dirOf(file);
    if (pkg === "") continue;
    const parent = dirOf(pkg);
    if (fileSet.has(joinPath(parent, ["__init__.py"]))) continue;
    if (
      parent !== "" &&
      dirsWithModules.has(parent) &&
      !(rootDir && PROJECT_MARKERS.some((m) => existsSync(join(rootDir, parent, m))))
    ) {
      continue;
    }
    parents.add(parent);
  }
  for (const parent of [...parents].sort()) add(parent);
  return roots;
}

export class PythonModuleIndex {
  /** Import roots in resolution order (relative POSIX, "" for the project root). */
  readonly roots: readonly string[];
  private readonly files: ReadonlySet<string>;
  private readonly dirs: ReadonlySet<string>;

  constructor(files: readonly string[], sourceRoots: readonly string[] = [], rootDir?: string) {
    this.files = new Set(files);
    const dirs = new Set<string>();
    for (const file of files) {
      for (let dir = dirOf(file); dir !== "" && !dirs.has(dir); dir = dirOf(dir)) dirs.add(dir);
    }
    this.dirs = dirs;
    this.roots = detectSourceRoots(files, sourceRoots, rootDir);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  /**
   * The dotted module name of a project file (`app.services.post_service`;
   * a package's `__init__.py` is the package), from the deepest import root
   * under which every part is an identifier. Null for non-Python files.
   */
  moduleOf(file: string): string | null {
    if (!file.endsWith(".py")) return null;
    let path = file.slice(0, -3);
    if (path === "__init__") return null;
    if (path.endsWith("/__init__")) path = path.slice(0, -"/__init__".length);
    let best: string | null = null;
    let bestDepth = -1;
    let fallback: string | null = null;
    for (const root of this.roots) {
      if (root !== "" && !path.startsWith(`${root}/`)) continue;
      const rel = root === "" ? path : path.slice(root.length + 1);
      const parts = rel.split("/");
      fallback ??= parts.join(".");
      if (depth(root) > bestDepth && parts.every((p) => IDENTIFIER.test(p))) {
        best = parts.join(".");
        bestDepth = depth(root);
      }
    }
    return best ?? fallback;
  }

  /** The file an absolute dotted module name resolves to (module or package `__init__.py`). */
  fileOf(moduleName: string): string | null {
    const location = this.locateAbsolute(moduleName.split("."));
    return location.regular?.file ?? null;
  }

  /** Resolves one import statement of `fromFile` (a relative POSIX path). */
  resolve(fromFile: string, record: ImportRecord, facts: FactsProvider): ResolvedImport {
    return this.resolveRecord(fromFile, record, record.names, facts, new Set());
  }

  private locate(base: string, parts: readonly string[]): Location | null {
    const path = joinPath(base, parts);
    const init = joinPath(path, ["__init__.py"]);
    if (this.files.has(init)) return { kind: "package", file: init, dir: path };
    if (parts.length > 0 && this.files.has(`${path}.py`))
      return { kind: "module", file: `${path}.py` };
    if (path === "" || this.dirs.has(path)) return { kind: "namespace", dir: path };
    return null;
  }

  /** The first root where `parts` is a module or package, else every namespace portion. */
  private locateAbsolute(parts: readonly string[]): {
    regular: Extract<Location, { file: string }> | null;
    portions: string[];
  } {
    const portions: string[] = [];
    for (const root of this.roots) {
      const location = this.locate(root, parts);
      if (!location) continue;
      if (location.kind !== "namespace") return { regular: location, portions: [] };
      portions.push(location.dir);
    }
    return { regular: null, portions };
  }

  private resolveRecord(
    fromFile: string,
    record: ImportRecord,
    names: readonly string[],
    facts: FactsProvider,
    seen: Set<string>,
  ): ResolvedImport {
    const parts = record.module.slice(record.level).split(".").filter(Boolean);
    let regular: Extract<Location, { file: string }> | null = null;
    let portions: string[] = [];
    if (record.level > 0) {
      let base = dirOf(fromFile);
      let outside = false;
      for (let i = 1; i < record.level; i++) {
        if (base === "") outside = true;
        base = dirOf(base);
      }
      const location = outside ? null : this.locate(base, parts);
      if (location?.kind === "namespace") portions = [location.dir];
      else regular = location;
    } else {
      ({ regular, portions } = this.locateAbsolute(parts));
    }

    const targets: ImportTarget[] = [];
    if (record.kind === "import") {
      if (regular) targets.push({ name: null, direct: regular.file, file: regular.file });
    } else if (record.wildcard) {
      if (regular) targets.push({ name: "*", direct: regular.file, file: regular.file });
    } else {
      const packageDirs = regular ? (regular.kind === "package" ? [regular.dir] : []) : portions;
      for (const name of names) {
        const sub = this.submodule(packageDirs, name);
        if (sub) targets.push({ name, direct: sub, file: sub });
        else if (regular) {
          targets.push({
            name,
            direct: regular.file,
            file: this.follow(regular.file, name, facts, seen),
          });
        }
      }
    }

    if (targets.length > 0 || record.level > 0) {
      return { record, targets, external: null, unresolved: targets.length === 0 };
    }
    // One of our own regular packages without that module is a broken import, not a library.
    if (parts.length > 0 && this.locateAbsolute(parts.slice(0, 1)).regular) {
      return { record, targets, external: null, unresolved: true };
    }
    return { record, targets, external: parts[0] ?? null, unresolved: false };
  }

  private submodule(packageDirs: readonly string[], name: string): string | null {
    for (const dir of packageDirs) {
      const location = this.locate(dir, [name]);
      if (location && location.kind !== "namespace") return location.file;
    }
    return null;
  }

  /**
   * Where `name`, taken from package `file`, is defined: follows the
   * package's `from .x import name` (and `from .x import *`) re-exports,
   * hop by hop, through further `__init__.py` files. Stops at a cycle.
   */
  private follow(file: string, name: string, facts: FactsProvider, seen: Set<string>): string {
    if (!isInit(file)) return file;
    const key = `${file}\0${name}`;
    if (seen.has(key)) return file;
    seen.add(key);
    try {
      const { imports, definitions } = facts(file);
      for (let i = imports.length - 1; i >= 0; i--) {
        const record = imports[i];
        if (record.inFunction) continue;
        if (record.kind === "import") {
          if (record.alias !== name) continue;
          const resolved = this.resolveRecord(file, record, [], facts, seen);
          return resolved.targets[0]?.file ?? file;
        }
        if (record.wildcard) continue;
        const index = record.names.findIndex((n, j) => (record.aliases[j] ?? n) === name);
        if (index < 0) continue;
        const resolved = this.resolveRecord(file, record, [record.names[index]], facts, seen);
        return resolved.targets[0]?.file ?? file;
      }
      if (definitions.includes(name)) return file;
      for (let i = imports.length - 1; i >= 0; i--) {
        const record = imports[i];
        if (!record.wildcard || record.inFunction) continue;
        const target = this.resolveRecord(file, record, [], facts, seen).targets[0];
        if (target && this.exports(target.direct, name, facts, new Set())) {
          return this.follow(target.direct, name, facts, seen);
        }
      }
      return file;
    } finally {
      seen.delete(key);
    }
  }

  /** Whether module `file` has `name` at module level (defined, imported or star-imported). */
  private exports(file: string, name: string, facts: FactsProvider, seen: Set<string>): boolean {
    if (seen.has(file)) return false;
    seen.add(file);
    const { imports, definitions } = facts(file);
    if (definitions.includes(name)) return true;
    for (const record of imports) {
      if (record.inFunction) continue;
      if (record.kind === "import") {
        if ((record.alias ?? record.module.split(".")[0]) === name) return true;
      } else if (!record.wildcard) {
        if (record.names.some((n, j) => (record.aliases[j] ?? n) === name)) return true;
      } else {
        const target = this.resolveRecord(file, record, [], facts, new Set()).targets[0];
        if (target && this.exports(target.direct, name, facts, seen)) return true;
      }
    }
    return false;
  }
}
