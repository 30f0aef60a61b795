/**
 * Module resolution for TypeScript and JavaScript files with TypeScript's own
 * `ts.resolveModuleName`, under the nearest `tsconfig.json` (or `jsconfig.json`)
 * as TypeScript reads it (`extends` followed, `paths`, `baseUrl`,
 * `moduleResolution`, package `exports` and `imports`). Statically: nothing is
 * executed, nothing outside the file system is asked. Workspace packages of the
 * project resolve to their sources even when `node_modules` was never installed.
 */
import { builtinModules } from "node:module";
import { readdirSync, readFileSync, realpathSync, statSync, type Dirent } from "node:fs";
import { dirname, join } from "node:path";
import type * as TS from "typescript";
import { relativeTo } from "../files.js";
import { typescript } from "./load.js";
import type { TsImportKind } from "./imports.js";

export interface TsResolution {
  /** The project source file (relative POSIX path) the specifier loads; null when none. */
  file: string | null;
  /**
   * The package of a specifier that leads into `node_modules` or names a package
   * that is not a project file (`express`, `@prisma/client`, `fs` for `node:fs`); null otherwise.
   */
  external: string | null;
  /** A Node.js built-in module (`fs`, `node:fs/promises`). */
  builtin: boolean;
  /**
   * A relative path, a `paths` alias or a `#` subpath import that finds no file,
   * or a package of the project's own workspace whose entry point is missing.
   */
  unresolved: boolean;
  /** A file inside the project that is not a source (`data.json`, a build output); relative POSIX. */
  other: string | null;
}

export interface TsConfigInfo {
  /** Absolute path of the `tsconfig.json`/`jsconfig.json` used, or null for the defaults. */
  path: string | null;
  options: TS.CompilerOptions;
}

interface ConfigEntry extends TsConfigInfo {
  cache: TS.ModuleResolutionCache;
  /** `paths` keys as prefix and suffix around their `*`. */
  patterns: PathPattern[];
}

interface PathPattern {
  prefix: string;
  suffix: string;
  /** The key is `*` alone: any bare name may be a package. */
  catchAll: boolean;
  /** The key has no `*`: only that exact specifier. */
  exact: boolean;
}

const BUILTINS = new Set(builtinModules.filter((m) => !m.startsWith("_")));
const CONFIG_NAMES = ["tsconfig.json", "jsconfig.json"];

/** `@scope/name/sub` -> `@scope/name`, `name/sub` -> `name`. */
export function packageNameOf(specifier: string): string {
  const parts = specifier.split("/");
  return specifier.startsWith("@") && parts.length > 1 ? `${parts[0]}/${parts[1]}` : parts[0];
}

function isRelative(specifier: string): boolean {
  return (
    specifier === "." ||
    specifier === ".." ||
    specifier.startsWith("./") ||
    specifier.startsWith("../") ||
    specifier.startsWith("/")
  );
}

type Entry = "file" | "dir";

export class TsModuleResolver {
  readonly root: string;
  private readonly isProjectFile: (rel: string) => boolean;
  /** Directory listings, for every existence probe of TypeScript's resolver. */
  private readonly listings = new Map<string, Map<string, Entry> | null>();
  private readonly realpaths = new Map<string, string>();
  private readonly configsByDir = new Map<string, ConfigEntry>();
  private readonly configsByPath = new Map<string, ConfigEntry>();
  private readonly results = new Map<string, TsResolution>();
  /** A file's module format under Node16/NodeNext (from its extension and nearest `package.json`). */
  private readonly formats = new Map<string, TS.ResolutionMode>();
  private workspace: Map<string, string> | null = null;
  private readonly host: TS.ModuleResolutionHost;
  private defaults: ConfigEntry | null = null;

  /**
   * @param root absolute, real path of the project root
   * @param isProjectFile whether a relative POSIX path is one of the project's sources
   * @param sourceDirs directories holding sources (relative POSIX, "" for the root): where workspace `package.json` files are looked for
   */
  constructor(
    root: string,
    isProjectFile: (rel: string) => boolean,
    private readonly sourceDirs: () => Iterable<string>,
  ) {
    this.root = root;
    this.isProjectFile = isProjectFile;
    this.host = {
      fileExists: (path) => this.entry(this.virtual(path)) === "file",
      directoryExists: (path) => this.entry(this.virtual(path)) === "dir",
      readFile: (path) => {
        try {
          return readFileSync(this.virtual(path), "utf8");
        } catch {
          return undefined;
        }
      },
      realpath: (path) => this.realpath(this.virtual(path)),
      getCurrentDirectory: () => this.root,
      useCaseSensitiveFileNames: typescript().sys.useCaseSensitiveFileNames,
    };
  }

  /** The compiler options a file is resolved under. */
  configFor(file: string): TsConfigInfo {
    const { path, options } = this.entryFor(dirname(join(this.root, file)));
    return { path, options };
  }

  /**
   * Where `specifier`, written in project file `fromFile` (relative POSIX), leads.
   * `kind` picks the resolution mode: `require()` and `import x = require()` resolve
   * with the `require` conditions, `import()` with `import`, static imports by the file's format.
   */
  resolve(fromFile: string, specifier: string, kind: TsImportKind): TsResolution {
    if (specifier.startsWith("node:") || BUILTINS.has(packageNameOf(specifier))) {
      const bare = specifier.startsWith("node:") ? specifier.slice(5) : specifier;
      return {
        file: null,
        external: packageNameOf(bare),
        builtin: true,
        unresolved: false,
        other: null,
      };
    }
    const absFrom = join(this.root, fromFile);
    const config = this.entryFor(dirname(absFrom));
    const mode = this.modeFor(absFrom, kind, config);
    const key = `${config.path}\0${dirname(fromFile)}\0${mode}\0${specifier}`;
    let result = this.results.get(key);
    if (!result) {
      result = this.compute(absFrom, specifier, config, mode);
      this.results.set(key, result);
    }
    return result;
  }

  /**
   * A relative import that names a project file, found without TypeScript's
   * resolver (most imports of a project are these, and each probe costs a
   * resolver call): the file as written, its TypeScript twin (`./x.js` ->
   * `x.ts`), an added extension, or a directory's `index`. Null when none is a
   * project file: TypeScript's resolver then decides (a directory's
   * `package.json`, a file outside the sources).
   */
  private projectFileAt(abs: string): string | null {
    const rel = relativeTo(this.root, abs);
    if (rel === null || rel === "") return null;
    const dot = rel.lastIndexOf(".");
    const ext = dot > rel.lastIndexOf("/") ? rel.slice(dot) : "";
    const written = WRITTEN_EXTENSIONS[ext];
    if (written) {
      const stem = rel.slice(0, dot);
      for (const e of written) if (this.isProjectFile(stem + e)) return stem + e;
    }
    for (const e of APPENDED_EXTENSIONS) if (this.isProjectFile(rel + e)) return rel + e;
    for (const e of APPENDED_EXTENSIONS) {
      if (this.isProjectFile(`${rel}/index${e}`)) return `${rel}/index${e}`;
    }
    return null;
  }

  private compute(
    absFrom: string,
    specifier: string,
    config: ConfigEntry,
    mode: TS.ResolutionMode,
  ): TsResolution {
    const ts = typescript();
    const relative = isRelative(specifier);
    if (
      relative &&
      !specifier.startsWith("/") &&
      !config.options.rootDirs &&
      !config.options.moduleSuffixes
    ) {
      const file = this.projectFileAt(join(dirname(absFrom), specifier));
      if (file !== null) {
        return { file, external: null, builtin: false, unresolved: false, other: null };
      }
    }
    const pattern = relative ? undefined : config.patterns.find((p) => matches(p, specifier));
    const name = packageNameOf(specifier);
    const bare = !relative && !specifier.startsWith("#");
    const needsResolver =
      !bare ||
      pattern !== undefined ||
      config.options.baseUrl !== undefined ||
      this.workspacePackages().has(name);
    if (!needsResolver) return external(name);

    const resolved = ts.resolveModuleName(
      specifier,
      absFrom,
      config.options,
      this.host,
      config.cache,
      undefined,
      mode,
    ).resolvedModule;
    if (resolved) {
      const real = this.realpath(resolved.resolvedFileName);
      const rel = relativeTo(this.root, real);
      if (rel !== null && !rel.split("/").includes("node_modules")) {
        if (this.isProjectFile(rel)) {
          return { file: rel, external: null, builtin: false, unresolved: false, other: null };
        }
        return { file: null, external: null, builtin: false, unresolved: false, other: rel };
      }
      if (bare) return external(resolved.packageId?.name ?? name);
      return { file: null, external: null, builtin: false, unresolved: false, other: null };
    }
    // What did not resolve: a path or an alias is broken; a bare name is a package not installed here.
    if (!bare || (pattern && !pattern.catchAll) || this.workspacePackages().has(name)) {
      return { file: null, external: null, builtin: false, unresolved: true, other: null };
    }
    return external(name);
  }

  private modeFor(absFrom: string, kind: TsImportKind, config: ConfigEntry): TS.ResolutionMode {
    const ts = typescript();
    if (kind === "require" || kind === "import-equals") return ts.ModuleKind.CommonJS;
    if (kind === "dynamic") return ts.ModuleKind.ESNext;
    const resolution = config.options.moduleResolution;
    if (
      resolution === ts.ModuleResolutionKind.Node16 ||
      resolution === ts.ModuleResolutionKind.NodeNext
    ) {
      let format = this.formats.get(absFrom);
      if (!this.formats.has(absFrom)) {
        format = ts.getImpliedNodeFormatForFile(
          absFrom,
          config.cache.getPackageJsonInfoCache(),
          this.host,
          config.options,
        );
        this.formats.set(absFrom, format);
      }
      return format;
    }
    return ts.ModuleKind.ESNext;
  }

  /** The nearest config at or above `dir`, up to the root; the defaults when there is none. */
  private entryFor(dir: string): ConfigEntry {
    const chain: string[] = [];
    let found: ConfigEntry | null = null;
    for (let d = dir; ; d = dirname(d)) {
      const known = this.configsByDir.get(d);
      if (known) {
        found = known;
        break;
      }
      chain.push(d);
      const name = CONFIG_NAMES.find((n) => this.entry(join(d, n)) === "file");
      if (name) {
        found = this.load(join(d, name));
        break;
      }
      if (d === this.root || relativeTo(this.root, d) === null || dirname(d) === d) break;
    }
    found ??= this.defaultEntry();
    for (const d of chain) this.configsByDir.set(d, found);
    return found;
  }

  private defaultEntry(): ConfigEntry {
    const ts = typescript();
    this.defaults ??= this.makeEntry(null, {
      module: ts.ModuleKind.ESNext,
      moduleResolution: ts.ModuleResolutionKind.Bundler,
      target: ts.ScriptTarget.ESNext,
    });
    return this.defaults;
  }

  private load(path: string): ConfigEntry {
    const known = this.configsByPath.get(path);
    if (known) return known;
    const ts = typescript();
    const read = ts.readConfigFile(path, this.host.readFile);
    let options: TS.CompilerOptions = {};
    let references: readonly TS.ProjectReference[] = [];
    let emptySolution = false;
    if (!read.error) {
      const parsed = ts.parseJsonConfigFileContent(
        read.config,
        {
          useCaseSensitiveFileNames: ts.sys.useCaseSensitiveFileNames,
          // The file list is not needed (and would walk the tree): only options are.
          readDirectory: () => [],
          fileExists: this.host.fileExists,
          readFile: this.host.readFile,
        },
        dirname(path),
        undefined,
        path,
      );
      options = parsed.options;
      references = parsed.projectReferences ?? [];
      const raw = read.config as { files?: unknown; include?: unknown } | undefined;
      emptySolution =
        Array.isArray(raw?.files) && raw.files.length === 0 && raw.include === undefined;
    }
    // A solution-style config (`"files": []` and references, as Vite and Nx write) holds
    // no options of its own: its first referenced project with `paths` or `baseUrl` speaks.
    if (emptySolution) {
      for (const reference of references) {
        const target =
          this.entry(reference.path) === "dir"
            ? join(reference.path, "tsconfig.json")
            : reference.path;
        if (target === path || this.entry(target) !== "file") continue;
        const referenced = this.load(target);
        if (referenced.options.paths || referenced.options.baseUrl) {
          options = referenced.options;
          break;
        }
      }
    }
    const entry = this.makeEntry(path, options);
    this.configsByPath.set(path, entry);
    return entry;
  }

  private makeEntry(path: string | null, given: TS.CompilerOptions): ConfigEntry {
    const ts = typescript();
    const options: TS.CompilerOptions = { ...given, allowJs: true, resolveJsonModule: true };
    // TypeScript's defaults when `moduleResolution` is not set; `classic` (the old default
    // for ES modules) finds no `index` files and no packages: whatever runs such code (a
    // bundler) resolves like `bundler`.
    const kinds = ts.ModuleResolutionKind;
    const module =
      options.module ??
      ((options.target ?? ts.ScriptTarget.ES5) >= ts.ScriptTarget.ES2015
        ? ts.ModuleKind.ES2015
        : ts.ModuleKind.CommonJS);
    let resolution = options.moduleResolution;
    if (resolution === undefined) {
      resolution =
        module === ts.ModuleKind.NodeNext
          ? kinds.NodeNext
          : module >= ts.ModuleKind.Node16 && module < ts.ModuleKind.NodeNext
            ? kinds.Node16
            : module === ts.ModuleKind.CommonJS
              ? kinds.Node10
              : kinds.Bundler;
    }
    if (resolution === kinds.Classic) resolution = kinds.Bundler;
    options.moduleResolution = resolution;
    const patterns = Object.keys(options.paths ?? {}).map((key): PathPattern => {
      const star = key.indexOf("*");
      return star < 0
        ? { prefix: key, suffix: "", catchAll: false, exact: true }
        : {
            prefix: key.slice(0, star),
            suffix: key.slice(star + 1),
            catchAll: key === "*",
            exact: false,
          };
    });
    const cache = ts.createModuleResolutionCache(
      this.root,
      (s) => (ts.sys.useCaseSensitiveFileNames ? s : s.toLowerCase()),
      options,
    );
    return { path, options, cache, patterns };
  }

  /**
   * Packages of the project's own workspace, by name: every `package.json` with a
   * name in a directory that holds sources or is above one (up to the root).
   */
  workspacePackages(): Map<string, string> {
    if (!this.workspace) {
      const found = new Map<string, string>();
      const seen = new Set<string>();
      for (const rel of this.sourceDirs()) {
        for (let d = rel; !seen.has(d); d = d.includes("/") ? d.slice(0, d.lastIndexOf("/")) : "") {
          seen.add(d);
          const abs = d === "" ? this.root : join(this.root, d);
          if (this.entry(join(abs, "package.json")) === "file") {
            const name = readPackageName(join(abs, "package.json"));
            if (name && !found.has(name)) found.set(name, abs);
          }
          if (d === "") break;
        }
      }
      this.workspace = found;
    }
    return this.workspace;
  }

  /**
   * `<root>/node_modules/<workspace package>/...` when nothing is installed there:
   * the package's own directory, as a workspace install would have linked it.
   */
  private virtual(path: string): string {
    const prefix = join(this.root, "node_modules") + "/";
    if (!path.startsWith(prefix)) return path;
    const rest = path.slice(prefix.length);
    const name = packageNameOf(rest);
    const dir = this.workspacePackages().get(name);
    if (!dir || this.entry(prefix + name) !== null) return path;
    return dir + rest.slice(name.length);
  }

  private realpath(path: string): string {
    let real = this.realpaths.get(path);
    if (real === undefined) {
      try {
        real = realpathSync.native(path);
      } catch {
        real = path;
      }
      this.realpaths.set(path, real);
    }
    return real;
  }

  /** Whether `path` is a file, a directory, or nothing, from its directory's cached listing. */
  private entry(path: string): Entry | null {
    const dir = dirname(path);
    if (dir === path) return "dir";
    let listing = this.listings.get(dir);
    if (listing === undefined) {
      listing = this.list(dir);
      this.listings.set(dir, listing);
    }
    return listing?.get(path.slice(dir.length + (dir.endsWith("/") ? 0 : 1))) ?? null;
  }

  private list(dir: string): Map<string, Entry> | null {
    let entries: Dirent[];
    try {
      entries = readdirSync(dir, { withFileTypes: true });
    } catch {
      return null;
    }
    const listing = new Map<string, Entry>();
    for (const entry of entries) {
      if (entry.isFile()) listing.set(entry.name, "file");
      else if (entry.isDirectory()) listing.set(entry.name, "dir");
      else if (entry.isSymbolicLink()) {
        try {
          const stat = statSync(join(dir, entry.name));
          if (stat.isFile()) listing.set(entry.name, "file");
          else if (stat.isDirectory()) listing.set(entry.name, "dir");
        } catch {
          // dangling link
        }
      }
    }
    return listing;
  }
}

/** Extensions a written one stands for, in TypeScript's order (`./x.js` is `x.ts` in a TS project). */
const WRITTEN_EXTENSIONS: Record<string, readonly string[]> = {
  ".js": [".ts", ".tsx", ".d.ts", ".js", ".jsx"],
  ".jsx": [".tsx", ".d.ts", ".jsx"],
  ".mjs": [".mts", ".d.mts", ".mjs"],
  ".cjs": [".cts", ".d.cts", ".cjs"],
  ".ts": [".ts"],
  ".tsx": [".tsx"],
  ".mts": [".mts"],
  ".cts": [".cts"],
};
const APPENDED_EXTENSIONS = [".ts", ".tsx", ".d.ts", ".js", ".jsx"];

function external(name: string): TsResolution {
  return { file: null, external: name, builtin: false, unresolved: false, other: null };
}

function matches(pattern: PathPattern, specifier: string): boolean {
  if (pattern.exact) return specifier === pattern.prefix;
  return (
    specifier.length >= pattern.prefix.length + pattern.suffix.length &&
    specifier.startsWith(pattern.prefix) &&
    specifier.endsWith(pattern.suffix)
  );
}

function readPackageName(path: string): string | null {
  try {
    const json = JSON.parse(readFileSync(path, "utf8")) as { name?: unknown };
    return typeof json.name === "string" && json.name !== "" ? json.name : null;
  } catch {
    return null;
  }
}
