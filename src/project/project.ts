/**
 * The project model: what rules know beyond the file they lint. Built lazily,
 * once per process per (root, settings), and shared by every rule. Each
 * Python file is read and parsed at most once; only its facts are kept.
 */
import {
  closeSync,
  existsSync,
  fstatSync,
  openSync,
  readSync,
  realpathSync,
  statSync,
} from "node:fs";
import { createHash } from "node:crypto";
import { basename, dirname, isAbsolute, join, resolve as resolvePath } from "node:path";
import { offerParse, parsePython } from "../languages/python/parser.js";
import { DEFAULT_PROJECT_SETTINGS, type ProjectSettings, type Role } from "./defaults.js";
import { discoverFiles, relativeTo, type DiscoveredFiles } from "./files.js";
import { ImportGraph, type ImportEdge } from "./graph.js";
import { scanModuleFacts } from "./python/scan.js";
import { extractModuleFacts, type ImportRecord, type PythonModuleFacts } from "./python/imports.js";
import { PythonModuleIndex, type ResolvedImport } from "./python/modules.js";
import { buildRouteTable, type RouteTable } from "./python/route-table.js";
import { findDependencyProviders } from "./python/providers.js";
import {
  buildModelIndex,
  Scanner,
  type ClassFacts,
  type ModelIndex,
  type ModelSource,
} from "./python/models.js";
import { packageDependencies, pydanticMajorIn } from "../config/detect.js";
import { findUnmappedExceptions, type ExceptionMap } from "./python/exceptions.js";
import { requestsInText, type TestRequest } from "./test-requests.js";
import { findUnmappedTsErrors, type TsErrorMap } from "./typescript/exceptions.js";
import { loadMigrationHistory, type MigrationHistory } from "./python/migrations.js";
import type { PyModule } from "../languages/python/nodes.js";
import type { LineTable } from "../languages/python/parser.js";
import { isNamedRoot, LAYER_ROLES, roleFromName, roleOf } from "./roles.js";
import {
  extractTsFacts,
  NO_TS_FACTS,
  type TsImportRecord,
  type TsModuleFacts,
} from "./typescript/imports.js";
import { packageNameOf, TsModuleResolver, type TsConfigInfo } from "./typescript/resolve.js";
import { prismaMigrationFiles } from "./prisma/files.js";
import { drizzleSnapshotFiles } from "./typescript/drizzle-files.js";
import { TsModuleIndex, type TsResolvedImport } from "./typescript/modules.js";
import { TsImportGraph, type TsImportEdge } from "./typescript/graph.js";
import { textStamp, tsFactsForProject } from "./typescript/shared-parse.js";
import {
  buildTsRouteTable,
  declaresRoutes,
  extractTsRoutes,
  TS_ROUTE_TEXT,
  type TsRouteTable,
} from "./typescript/routes.js";

/** Files above this size are not parsed for imports (generated code, data dumps). */

/** Packages an ORM model is declared with, or stored through. */
const ORM_PACKAGE =
  /^(?:typeorm|@nestjs\/(?:typeorm|mongoose|sequelize|mikro-orm)|@mikro-orm\/[^/]+|mikro-orm|mongoose|mongodb|@typegoose\/[^/]+|sequelize|sequelize-typescript|objection|drizzle-orm|@prisma\/client|\.prisma\/client|kysely|knex|dynamoose|bookshelf|waterline|@deepkit\/orm|redis-om|electrodb)(?:\/|$)/;

/** Layers the shared layer may not import: a directory holding them is not the shared layer. */
const ABOVE_SHARED: ReadonlySet<Role> = new Set<Role>(["routes", "services", "repositories"]);
export const MAX_FILE_BYTES = 5 * 1024 * 1024;

/** pytest's configuration files, in the order it looks, with the section that makes one count. */
const PYTEST_CONFIGS: readonly [string, string | null][] = [
  ["pytest.ini", null],
  ["pyproject.toml", "[tool.pytest.ini_options]"],
  ["tox.ini", "[pytest]"],
  ["setup.cfg", "[tool:pytest]"],
];

/** Files whose presence marks a project root, nearest first. */
export const ROOT_MARKERS = [
  "pyproject.toml",
  "setup.cfg",
  "setup.py",
  "requirements.txt",
  "package.json",
  "alembic.ini",
  ".git",
];

/**
 * Markers that a Python package's own module can be named like: onyx's
 * `onyx/setup.py` runs the app's start-up, beside `onyx/__init__.py`.
 */
const MODULE_LIKE_MARKERS = new Set(["setup.py"]);

/** Whether `dir` holds a root marker (a `setup.py` inside a package is a module, not one). */
function isRootDir(dir: string): boolean {
  let isPackage: boolean | undefined;
  return ROOT_MARKERS.some((marker) => {
    if (!existsSync(join(dir, marker))) return false;
    if (!MODULE_LIKE_MARKERS.has(marker)) return true;
    isPackage ??= existsSync(join(dir, "__init__.py"));
    return !isPackage;
  });
}

const NO_FACTS: PythonModuleFacts = { imports: [], definitions: [] };

/**
 * Another file of the project, parsed with node types presented, for rules that
 * ask about a name defined there (a `Depends()` provider, an `Annotated` alias).
 * It is a `ScopeSource`: `scope.ts` resolves names in it like in a rule's file.
 */
export interface ParsedModule {
  file: string;
  text: string;
  ast: PyModule;
  lines: LineTable;
  parseResults: unknown;
  cache: Map<string, unknown>;
}

export class Project {
  /** Absolute path of the project root. */
  readonly root: string;
  readonly settings: ProjectSettings;
  private discovered: DiscoveredFiles | null = null;
  private index: PythonModuleIndex | null = null;
  /** Graphs of module-level imports, and of every import including function bodies. */
  private readonly graphs = new Map<boolean, ImportGraph>();
  private readonly facts = new Map<string, PythonModuleFacts>();
  private readonly moduleFacts = new Map<string, PythonModuleFacts>();
  private readonly parsed = new Map<string, ParsedModule | null>();
  private routes: RouteTable | null = null;
  private providers: Set<string> | null = null;
  private alembicScriptDirs: Set<string> | null = null;
  private modelIndex: ModelIndex | null = null;
  private history: MigrationHistory | null = null;
  private asyncDb: boolean | null = null;
  private classScanner: Scanner | null = null;
  private readonly packageUse = new Map<string, boolean>();
  private exceptions: ExceptionMap | null = null;
  private requests: TestRequest[] | null = null;
  private tsErrors: TsErrorMap | null = null;
  private readonly asyncioAuto = new Map<string, boolean | null>();
  private readonly packageDeps = new Map<string, Set<string> | null>();
  private readonly overlays = new WeakMap<ModelSource, Scanner>();
  private readonly pydanticByDir = new Map<string, 1 | 2 | null>();
  private readonly tsRouteFiles = new Map<string, boolean>();
  private readonly tsOrmFiles = new Map<string, boolean>();
  private tsRoutes: TsRouteTable | null = null;
  private nameRolesByDir: Map<string, Set<Role>> | null = null;
  /** Layer roles of the directories directly inside each directory (`core` -> services, routes). */
  private layerDirsByDir: Map<string, Set<Role>> | null = null;
  /** Directories with a routes, services or repositories module anywhere below them. */
  private aboveSharedDirs: Set<string> | null = null;
  private stamp = "";
  private tsIndex: TsModuleIndex | null = null;
  private readonly tsFacts = new Map<string, TsModuleFacts>();
  /** The fingerprint of the text each file's `tsFacts` were read from. */
  private readonly tsFactsStamps = new Map<string, number>();
  private tsImportGraph: TsImportGraph | null = null;

  /** A directory holding modules whose own names give them other layers than `role`. */
  private readonly isFeatureDir = (dir: string, role: Role): boolean => {
    if (!this.nameRolesByDir || !this.layerDirsByDir || !this.aboveSharedDirs) {
      this.nameRolesByDir = new Map();
      this.layerDirsByDir = new Map();
      this.aboveSharedDirs = new Set();
      const add = (map: Map<string, Set<Role>>, dir: string, role: Role): void => {
        let roles = map.get(dir);
        if (!roles) map.set(dir, (roles = new Set()));
        roles.add(role);
      };
      const layerOfDirName = new Map<string, Role>();
      for (const layer of LAYER_ROLES) {
        for (const name of this.settings.layers[layer]) {
          if (!name.includes("/")) layerOfDirName.set(name, layer);
        }
      }
      for (const file of [...this.files.python, ...this.files.typescript]) {
        const slash = file.lastIndexOf("/");
        const named = roleFromName(file.slice(slash + 1), this.settings);
        if (named) add(this.nameRolesByDir, slash === -1 ? "" : file.slice(0, slash), named);
        const dirs = file.split("/").slice(0, -1);
        // Directories dirs[0..above-1] hold a module (by its name, or its directory's)
        // of a layer above the shared one.
        let above = named !== null && ABOVE_SHARED.has(named) ? dirs.length : 0;
        for (let i = 1; i < dirs.length; i++) {
          const layer = layerOfDirName.get(dirs[i]);
          if (layer) add(this.layerDirsByDir, dirs.slice(0, i).join("/"), layer);
          if (layer && ABOVE_SHARED.has(layer)) above = Math.max(above, i);
        }
        for (let i = 1; i <= above; i++) {
          this.aboveSharedDirs.add(dirs.slice(0, i).join("/"));
        }
      }
    }
    const roles = this.nameRolesByDir.get(dir);
    if (roles !== undefined && [...roles].some((r) => r !== role)) return true;
    if (role !== "shared") return false;
    // lnbits' `core/` holds `crud/`, `models/`, `services/`, `views/`: the core app, not the shared layer.
    const inside = this.layerDirsByDir.get(dir);
    if (inside !== undefined && [...inside].some((r) => r !== "shared")) return true;
    // Nor is a monorepo's `packages/core/`, with controllers and services deeper down:
    // the shared layer sits below services, it does not hold them.
    return this.aboveSharedDirs.has(dir);
  };
  // Resolution only needs module-level names, so it reads the cheap facts.
  private readonly factsProvider = (file: string): PythonModuleFacts => this.moduleFactsOf(file);

  constructor(root: string, settings: ProjectSettings = DEFAULT_PROJECT_SETTINGS) {
    this.root = resolvePath(root);
    this.settings = settings;
  }

  /** Source files under the root (relative POSIX paths, sorted), found on first use. */
  get files(): DiscoveredFiles {
    if (!this.discovered) {
      this.discovered = discoverFiles(this.root, { ignore: this.settings.ignore });
      this.stamp = sourceStamp(this.root, [
        ...this.discovered.python,
        ...this.discovered.typescript,
        ...(this.discovered.prisma ?? []),
        ...prismaMigrationFiles(this.root, this.discovered.prisma ?? []),
        ...drizzleSnapshotFiles(this.root, this.discovered.typescript),
      ]);
    }
    return this.discovered;
  }

  /**
   * Whether source files were added, removed or changed on disk since this
   * project listed them (a path, size and mtime digest; a stat per file). For
   * long-lived processes such as an editor's ESLint server.
   */
  isStale(): boolean {
    if (!this.discovered) return false;
    const now = discoverFiles(this.root, { ignore: this.settings.ignore });
    return (
      sourceStamp(this.root, [
        ...now.python,
        ...now.typescript,
        ...(now.prisma ?? []),
        ...prismaMigrationFiles(this.root, now.prisma ?? []),
        ...drizzleSnapshotFiles(this.root, now.typescript),
      ]) !== this.stamp
    );
  }

  /** Python module names and import resolution. */
  get python(): PythonModuleIndex {
    this.index ??= new PythonModuleIndex(
      this.files.python,
      this.settings.python.sourceRoots,
      this.root,
    );
    return this.index;
  }

  /** A file's path relative to the root (POSIX), from an absolute or root-relative path; null outside. */
  relative(file: string): string | null {
    const abs = isAbsolute(file) ? file : join(this.root, file);
    const rel = relativeTo(this.root, abs);
    if (rel !== null || !isAbsolute(file)) return rel;
    // The root is kept as its real path; the caller may spell it through a symlink (/tmp on macOS).
    try {
      return relativeTo(this.root, join(realpathSync(dirname(abs)), basename(abs)));
    } catch {
      return null;
    }
  }

  /** The file's role; null outside the root or for non-source files. */
  roleOf(file: string): Role | null {
    const rel = this.relative(file);
    if (rel === null) return null;
    const versions = rel.lastIndexOf("/versions/");
    if (versions >= 0 && rel.endsWith(".py") && this.alembicDirs().has(rel.slice(0, versions))) {
      return "migrations";
    }
    return roleOf(rel, this.settings, this.isFeatureDir);
  }

  /**
   * Alembic script directories wherever they are (`src/dispatch/database/revisions/core`):
   * a directory holding `env.py` and a `versions/` directory of Python files. What
   * `alembic.ini`'s `script_location` names is always such a directory.
   */
  private alembicDirs(): Set<string> {
    if (!this.alembicScriptDirs) {
      const dirs = new Set<string>();
      const files = this.files.python;
      const envs = new Set(
        files.filter((f) => f === "env.py" || f.endsWith("/env.py")).map((f) => f.slice(0, -7)),
      );
      for (const file of files) {
        const at = file.lastIndexOf("/versions/");
        if (at >= 0 && envs.has(file.slice(0, at))) dirs.add(file.slice(0, at));
      }
      this.alembicScriptDirs = dirs;
    }
    return this.alembicScriptDirs;
  }

  /**
   * A composition root by its name (`main`, `dependencies`, `alembic/env.py`), not
   * merely a module that matches no layer (a script, the db module).
   */
  isNamedRoot(file: string): boolean {
    const rel = this.relative(file);
    return rel !== null && this.roleOf(rel) === "roots" && isNamedRoot(rel, this.settings);
  }

  /** The dotted Python module name of a file (`app.services.post_service`). */
  moduleOf(file: string): string | null {
    const rel = this.relative(file);
    return rel === null ? null : this.python.moduleOf(rel);
  }

  /**
   * Imports and module-level names of a Python file, parsed once and cached.
   * Syntax errors keep what the parser recovered; an unreadable, huge or
   * unparsable file has none.
   */
  factsOf(file: string): PythonModuleFacts {
    // Resolution asks with relative paths, many times per file: answer those without path arithmetic.
    const cached = this.facts.get(file);
    if (cached) return cached;
    const rel = this.relative(file) ?? file;
    let facts = this.facts.get(rel);
    if (!facts) {
      facts = this.readFacts(isAbsolute(file) ? file : join(this.root, rel));
      this.facts.set(rel, facts);
    }
    return facts;
  }

  /** The import statements of a Python file, in source order. */
  importsOf(file: string): readonly ImportRecord[] {
    return this.factsOf(file).imports;
  }

  /** Where one import of `fromFile` leads: project files (direct and re-export-followed) or a library. */
  resolve(fromFile: string, record: ImportRecord): ResolvedImport {
    const rel = this.relative(fromFile);
    if (rel === null && record.level > 0) {
      return { record, targets: [], external: null, unresolved: true };
    }
    return this.python.resolve(rel ?? "", record, this.factsProvider);
  }

  /** Every import of a file, resolved. */
  resolvedImportsOf(file: string): ResolvedImport[] {
    return this.importsOf(file).map((record) => this.resolve(file, record));
  }

  /**
   * Like `factsOf`, but module level only (a lexical scan, `python/scan.ts`, about
   * 5x faster than even a parse that skips function and class bodies): the
   * imports and names the import graph and re-export resolution need unless
   * function-level imports are asked for.
   */
  moduleFactsOf(file: string): PythonModuleFacts {
    const rel = this.relative(file) ?? file;
    let facts = this.moduleFacts.get(rel) ?? this.facts.get(rel);
    if (!facts) {
      facts = this.readFacts(isAbsolute(file) ? file : join(this.root, rel), true);
      this.moduleFacts.set(rel, facts);
    }
    return facts;
  }

  /**
   * The import graph of every Python file (parses them all on the first call).
   * Imports inside function bodies are in it only with `functionBodies`.
   */
  graph(functionBodies = false): ImportGraph {
    let graph = this.graphs.get(functionBodies);
    if (!graph) {
      const edges: ImportEdge[] = [];
      for (const file of this.files.python) {
        const facts = functionBodies ? this.factsOf(file) : this.moduleFactsOf(file);
        for (const record of facts.imports) {
          const seen = new Set<string>();
          for (const target of this.python.resolve(file, record, this.factsProvider).targets) {
            const key = `${target.direct}\0${target.file}`;
            if (seen.has(key)) continue;
            seen.add(key);
            edges.push({
              from: file,
              to: target.file,
              direct: target.direct,
              name: target.name,
              record,
            });
          }
        }
      }
      graph = new ImportGraph(this.files.python, edges);
      this.graphs.set(functionBodies, graph);
    }
    return graph;
  }

  /**
   * The FastAPI route table (parses the files that mention routers on the first
   * call): handlers with methods and full paths across `include_router` chains.
   */
  routeTable(): RouteTable {
    this.routes ??= buildRouteTable(this.host);
    return this.routes;
  }

  /**
   * Whether `name`, a module-level function of `file`, is named in some
   * `Depends(...)`/`Security(...)` of the project: a FastAPI dependency provider.
   */
  isDependencyProvider(file: string, name: string): boolean {
    this.providers ??= findDependencyProviders(this.host);
    return this.providers.has(`${this.relative(file) ?? file}#${name}`);
  }

  /**
   * The project's exception classes that the services layer raises and that no
   * exception handler and no `except` clause maps, with what is mapped
   * (`exceptions.ts`); nothing in a project without FastAPI routes.
   */
  exceptionMap(): ExceptionMap {
    if (!this.exceptions) {
      this.classScanner ??= new Scanner(this.host);
      const scanner = this.classScanner;
      this.exceptions =
        this.routeTable().entries.length === 0
          ? { unmapped: [], handled: new Set() }
          : findUnmappedExceptions({
              pythonFiles: this.files.python,
              readText: (file) => readText(join(this.root, file)),
              parsedModule: (file) => this.parsedModule(file),
              roleOf: (file) => this.roleOf(file),
              classFacts: (file, expr) => scanner.classFacts(file, expr),
            });
    }
    return this.exceptions;
  }

  /**
   * The project's TypeScript error classes that services throw and that no
   * exception filter or other mention maps (`typescript/exceptions.ts`); none in a
   * project without TypeScript routes.
   */
  tsErrorMap(): TsErrorMap {
    this.tsErrors ??=
      this.tsRouteTable().entries.length === 0
        ? { unmapped: [], covers: () => true }
        : findUnmappedTsErrors({
            typescriptFiles: this.files.typescript,
            readText: (file) => readText(join(this.root, file)),
            roleOf: (file) => this.roleOf(file),
          });
    return this.tsErrors;
  }

  /** The HTTP requests the project's test files make (Python and TypeScript), read once. */
  testRequests(): readonly TestRequest[] {
    if (!this.requests) {
      this.requests = [];
      for (const file of [...this.files.python, ...this.files.typescript]) {
        if (this.roleOf(file) !== "tests") continue;
        const text = readText(join(this.root, file));
        if (text !== null) this.requests.push(...requestsInText(text));
      }
    }
    return this.requests;
  }

  /**
   * Whether pytest runs `file`'s async tests without a marker: `asyncio_mode = auto`
   * in the pytest configuration nearest to the file (pytest.ini, pyproject.toml's
   * `[tool.pytest.ini_options]`, tox.ini's `[pytest]`, setup.cfg's `[tool:pytest]`),
   * from its directory up to the root.
   */
  asyncioAutoMode(file: string): boolean {
    return (
      this.nearestSaying(file, this.asyncioAuto, (dir) => {
        for (const [name, section] of PYTEST_CONFIGS) {
          const text = readText(join(this.root, dir, name));
          if (text === null || (section !== null && !text.includes(section))) continue;
          return /^\s*asyncio_mode\s*=\s*["']?auto\b/m.test(text);
        }
        return null;
      }) ?? false
    );
  }

  /** Whether the nearest `package.json` from `file`'s directory up to the root depends on `name`. */
  nearestPackageDependsOn(file: string, name: string): boolean {
    const deps = this.nearestSaying(file, this.packageDeps, (dir) =>
      packageDependencies(join(this.root, dir)),
    );
    return deps?.has(name) ?? false;
  }

  /**
   * What the nearest directory that says something, from `file`'s own up to the
   * root, says (`probe` answers for one directory, null when it says nothing).
   * Cached: every directory on the way answers as the one that decided.
   */
  private nearestSaying<T>(
    file: string,
    cache: Map<string, T | null>,
    probe: (dir: string) => T | null,
  ): T | null {
    const rel = this.relative(file);
    if (rel === null) return null;
    const passed: string[] = [];
    let dir = rel.includes("/") ? rel.slice(0, rel.lastIndexOf("/")) : "";
    let found: T | null;
    for (;;) {
      const known = cache.get(dir);
      if (known !== undefined) {
        found = known;
        break;
      }
      passed.push(dir);
      found = probe(dir);
      if (found !== null || dir === "") break;
      dir = dir.includes("/") ? dir.slice(0, dir.lastIndexOf("/")) : "";
    }
    for (const d of passed) cache.set(d, found);
    return found;
  }

  /**
   * Whether some module of the project imports a module under one of these
   * top-level packages (`pydantic`, `sqlmodel`): rules about a library's classes
   * skip projects that never use it. From the import statements of every file,
   * which the import graph reads anyway; cached per package list.
   */
  importsPackage(packages: readonly string[]): boolean {
    const key = packages.join(",");
    let known = this.packageUse.get(key);
    if (known === undefined) {
      const wanted = new Set(packages);
      known = this.files.python.some((file) =>
        this.moduleFactsOf(file).imports.some((record) => wanted.has(record.module.split(".")[0])),
      );
      this.packageUse.set(key, known);
    }
    return known;
  }

  /**
   * What a class expression or class statement in `file` inherits (`ClassFacts`),
   * reading `file` as `source` (an editor buffer, a test case) and other files from
   * disk. Null when the expression is not a class.
   */
  classFactsOfSource(
    file: string,
    source: ModelSource,
    expr: Parameters<Scanner["classFacts"]>[1],
  ): ClassFacts | null {
    const rel = this.relative(file);
    if (rel === null) return null;
    let overlay = this.overlays.get(source);
    if (!overlay) {
      this.classScanner ??= new Scanner(this.host);
      overlay = this.classScanner.overlay(rel, source);
      this.overlays.set(source, overlay);
    }
    return overlay.classFacts(rel, expr);
  }

  /**
   * The Pydantic major version that `file` runs with: what the manifests of the
   * nearest directory (from the file's own up to the root) that names a Pydantic
   * version say; null when none does.
   */
  pydanticMajor(file: string): 1 | 2 | null {
    return this.nearestSaying(file, this.pydanticByDir, (dir) =>
      pydanticMajorIn(join(this.root, dir)),
    );
  }

  /**
   * Whether the project talks to its database asynchronously: some module imports
   * from `sqlalchemy.ext.asyncio` or `sqlmodel.ext.asyncio` (AsyncSession,
   * create_async_engine, async_sessionmaker). From the import statements of every
   * file, which the import graph reads anyway.
   */
  usesAsyncDatabase(): boolean {
    if (this.asyncDb === null) {
      this.asyncDb = this.files.python.some((file) =>
        this.moduleFactsOf(file).imports.some((record) =>
          /^(?:sqlalchemy|sqlmodel)\.ext\.asyncio(?:\.|$)/.test(record.module),
        ),
      );
    }
    return this.asyncDb;
  }

  /**
   * The TypeScript/JavaScript route table (parses the files that may declare routes
   * on the first call): Express/Koa/Fastify/Hono handlers and NestJS controller
   * methods, with methods and full paths across `app.use("/x", router)`,
   * `register(plugin, { prefix })` and `app.route("/x", sub)` mounts, files and barrels.
   */
  tsRouteTable(): TsRouteTable {
    this.tsRoutes ??= buildTsRouteTable({
      typescriptFiles: this.files.typescript,
      readText: (file) => readText(join(this.root, file)),
      importedName: (file, local) => {
        for (const record of this.tsImportsOf(file)) {
          if (record.typeOnly) continue;
          const binding = record.bindings.find((b) => (b.alias ?? b.name) === local && !b.typeOnly);
          if (!binding || binding.name === "*") continue;
          const target = this.resolveTs(file, record).targets.find((t) => t.name === binding.name);
          return target ? { file: target.file, name: binding.name } : null;
        }
        return null;
      },
    });
    return this.tsRoutes;
  }

  /**
   * Whether a TypeScript/JavaScript file declares HTTP routes or creates a router
   * object (`Router()`, `express()`, `new Hono()`, `fastify()`, a NestJS
   * `@Controller()`): from the route table for project files, else from the file
   * alone. Keeps helpers that live in a routes directory (`routes/profile/profile.utils.ts`,
   * mappers) out of the routes layer's checks.
   */
  tsDefinesRoutes(file: string): boolean {
    const rel = this.relative(file) ?? file;
    let defines = this.tsRouteFiles.get(rel);
    if (defines === undefined) {
      defines = this.files.typescript.includes(rel)
        ? this.tsRouteTable().routeFiles.has(rel)
        : declaresTsRoutes(readText(isAbsolute(file) ? file : join(this.root, rel)) ?? "", rel);
      this.tsRouteFiles.set(rel, defines);
    }
    return defines;
  }

  /**
   * Whether a TypeScript/JavaScript models-layer file is an ORM model: it imports
   * an ORM or database package, or a models-layer project file that does (an
   * entity extending the project's base entity). A `.model.ts` of interfaces and
   * enums (a contracts package's) is a schema, whatever its name.
   */
  tsUsesOrm(file: string): boolean {
    const rel = this.relative(file) ?? file;
    let uses = this.tsOrmFiles.get(rel);
    if (uses === undefined) {
      uses = this.reachesOrm(rel, new Set());
      this.tsOrmFiles.set(rel, uses);
    }
    return uses;
  }

  /**
   * The search behind `tsUsesOrm`. Only a `true` is remembered for the files met
   * on the way: a `false` met inside an import cycle may be cut short by `seen`.
   */
  private reachesOrm(rel: string, seen: Set<string>): boolean {
    if (this.tsOrmFiles.get(rel) === true) return true;
    if (seen.has(rel)) return false;
    seen.add(rel);
    const records = this.tsImportsOf(rel);
    const uses =
      records.some((record) => ORM_PACKAGE.test(record.specifier)) ||
      records.some((record) =>
        this.resolveTs(rel, record).targets.some(
          (t) => this.roleOf(t.file) === "models" && this.reachesOrm(t.file, seen),
        ),
      );
    if (uses) this.tsOrmFiles.set(rel, true);
    return uses;
  }

  /** The SQLAlchemy/SQLModel models of the project (built on first use). */
  models(): ModelIndex {
    this.modelIndex ??= buildModelIndex(this.host);
    return this.modelIndex;
  }

  /** The Alembic history and the schema its upgrades build (read on first use). */
  migrations(): MigrationHistory {
    this.history ??= loadMigrationHistory(this.host);
    return this.history;
  }

  /** What the route table, provider, model and migration scans read through. */
  private get host() {
    return {
      root: this.root,
      alembicDirs: () => this.alembicDirs(),
      python: this.python,
      pythonFiles: this.files.python,
      moduleFactsOf: (file: string) => this.moduleFactsOf(file),
      factsOf: (file: string) => this.factsOf(file),
      readText: (file: string) => readText(join(this.root, file)),
      parsedModule: (file: string, skipBodies?: boolean) => this.parsedModule(file, skipBodies),
      parseText: (text: string, skipBodies: boolean, file?: string) => {
        try {
          const version = this.settings.python.version;
          const parsed = parsePython(text, { version, keepErrors: true, skipBodies });
          if (!parsed.ok) return null;
          // ESLint will likely parse the same file: hand it this tree.
          if (file && !skipBodies) {
            offerParse(join(this.root, file), text, version, parsed, new Map(), true);
          }
          return parsed.ast;
        } catch {
          return null;
        }
      },
    };
  }

  /**
   * Whether a Python file declares HTTP routes or routers: a route decorator, an
   * `APIRouter`/`FastAPI` object or an `add_api_route` call, or it defines a handler
   * another file registers. Keeps helper modules that merely have a route-like
   * name (`organization/resolver.py`) out of the routes layer's import checks.
   */
  definesRoutes(file: string): boolean {
    const rel = this.relative(file) ?? file;
    return this.routeTable().routeFiles.has(rel);
  }

  /**
   * A project file parsed with node types presented (cached); null when unreadable or
   * invalid. With `skipBodies`, function and class bodies are left out (3x cheaper):
   * enough for what a module's names are (assignments, signatures, class bases).
   */
  parsedModule(file: string, skipBodies = false): ParsedModule | null {
    const rel = this.relative(file) ?? file;
    const key = skipBodies ? `${rel}\0outline` : rel;
    if (this.parsed.has(key)) return this.parsed.get(key)!;
    let module: ParsedModule | null = null;
    const text = readText(join(this.root, rel));
    if (text !== null) {
      try {
        const parsed = parsePython(text, {
          version: this.settings.python.version,
          keepErrors: true,
          skipBodies,
        });
        if (parsed.ok) {
          module = {
            file: rel,
            text,
            ast: parsed.ast,
            lines: parsed.lines,
            parseResults: parsed.raw,
            cache: new Map(),
          };
          // ESLint will likely parse the same file: hand it this tree and its binding.
          if (!skipBodies) {
            offerParse(
              join(this.root, rel),
              text,
              this.settings.python.version,
              parsed,
              module.cache,
            );
          }
        }
      } catch {
        module = null;
      }
    }
    this.parsed.set(key, module);
    return module;
  }

  /**
   * TypeScript/JavaScript module resolution (TypeScript's own, under each file's
   * nearest `tsconfig.json`), with re-exports followed through barrels.
   */
  get typescript(): TsModuleIndex {
    if (!this.tsIndex) {
      const files = new Set(this.files.typescript);
      const resolver = new TsModuleResolver(
        this.root,
        (rel) => files.has(rel),
        () =>
          new Set(this.files.typescript.map((f) => f.slice(0, Math.max(0, f.lastIndexOf("/"))))),
      );
      this.tsIndex = new TsModuleIndex(resolver, (file) => this.tsFactsOf(file));
    }
    return this.tsIndex;
  }

  /**
   * Imports and exports of a TypeScript/JavaScript file, parsed once and cached.
   * Syntax errors keep what the parser recovered; an unreadable or huge file has none.
   */
  tsFactsOf(file: string): TsModuleFacts {
    const cached = this.tsFacts.get(file);
    if (cached) return cached;
    const rel = this.relative(file) ?? file;
    let facts = this.tsFacts.get(rel);
    if (!facts) {
      const path = isAbsolute(file) ? file : join(this.root, rel);
      const text = readText(path);
      facts = NO_TS_FACTS;
      if (text !== null) {
        this.tsFactsStamps.set(rel, textStamp(text));
        try {
          facts = tsFactsForProject(path, text);
        } catch {
          facts = NO_TS_FACTS;
        }
      }
      this.tsFacts.set(rel, facts);
    }
    return facts;
  }

  /**
   * The facts of a file as linted: those read from disk when the text is the
   * same (the usual case, no second parse), else read from `text` (an editor buffer).
   */
  tsFactsOfText(file: string, text: string): TsModuleFacts {
    const rel = this.relative(file) ?? file;
    const facts = this.tsFactsOf(rel);
    if (this.tsFactsStamps.get(rel) === textStamp(text)) return facts;
    try {
      return extractTsFacts(isAbsolute(file) ? file : join(this.root, rel), text);
    } catch {
      return NO_TS_FACTS;
    }
  }

  /** The imports of a TypeScript/JavaScript file (static, `require()`, `import()`, type-only), in source order. */
  tsImportsOf(file: string): readonly TsImportRecord[] {
    return this.tsFactsOf(file).imports;
  }

  /** Where one import of a TypeScript/JavaScript file leads: project files (direct and through barrels) or a package. */
  resolveTs(fromFile: string, record: TsImportRecord): TsResolvedImport {
    const rel = this.relative(fromFile);
    if (rel === null) {
      // Outside the root nothing resolves to a project file; a package is still a package.
      const bare = !/^(\.{1,2}(\/|$)|\/|#)/.test(record.specifier);
      const external = bare ? packageNameOf(record.specifier) : null;
      return { record, targets: [], external, builtin: false, unresolved: !bare };
    }
    return this.typescript.resolve(rel, record);
  }

  /** Every import of a TypeScript/JavaScript file, resolved. */
  tsResolvedImportsOf(file: string): TsResolvedImport[] {
    return this.tsImportsOf(file).map((record) => this.resolveTs(file, record));
  }

  /** The `tsconfig.json` a TypeScript/JavaScript file is resolved under (null path: the defaults), and its options. */
  tsConfigOf(file: string): TsConfigInfo {
    return this.typescript.resolver.configFor(this.relative(file) ?? file);
  }

  /**
   * The import graph of every TypeScript/JavaScript file (parses them all on the
   * first call). Separate from the Python `graph()`: no import crosses languages.
   */
  tsGraph(): TsImportGraph {
    if (!this.tsImportGraph) {
      const edges: TsImportEdge[] = [];
      for (const file of this.files.typescript) {
        for (const record of this.tsImportsOf(file)) {
          const seen = new Set<string>();
          for (const target of this.typescript.resolve(file, record).targets) {
            const key = `${target.direct}\0${target.file}\0${target.typeOnly}`;
            if (seen.has(key)) continue;
            seen.add(key);
            edges.push({
              from: file,
              to: target.file,
              direct: target.direct,
              name: target.name,
              typeOnly: target.typeOnly,
              record,
            });
          }
        }
      }
      this.tsImportGraph = new TsImportGraph(this.files.typescript, edges);
    }
    return this.tsImportGraph;
  }

  private readFacts(path: string, skipBodies = false): PythonModuleFacts {
    const text = readText(path);
    if (text === null) return NO_FACTS;
    // Module level only: a lexical scan gives the same facts about 5x faster; the parser when it cannot.
    if (skipBodies) {
      try {
        const scanned = scanModuleFacts(text);
        if (scanned) return scanned;
      } catch {
        // A bug in the scan must not cost the file its facts: the parser reads it.
      }
    }
    try {
      const parsed = parsePython(text, {
        version: this.settings.python.version,
        keepErrors: true,
        skipBodies,
      });
      return parsed.ok ? extractModuleFacts(parsed) : NO_FACTS;
    } catch {
      return NO_FACTS;
    }
  }
}

/** A digest of files' paths, sizes and modification times. */
export function sourceStamp(root: string, files: readonly string[]): string {
  const hash = createHash("sha1");
  for (const file of files) {
    try {
      const stat = statSync(join(root, file));
      hash.update(`${file}\0${stat.size}\0${stat.mtimeMs}\n`);
    } catch {
      hash.update(`${file}\0gone\n`);
    }
  }
  return hash.digest("hex");
}

/**
 * Whether TypeScript/JavaScript source text declares HTTP routes or creates a
 * router object (see `Project.tsDefinesRoutes`): the file's own routes, parsed.
 */
export function declaresTsRoutes(text: string, fileName = "file.ts"): boolean {
  if (!TS_ROUTE_TEXT.test(text)) return false;
  try {
    return declaresRoutes(extractTsRoutes(fileName, text));
  } catch {
    return false;
  }
}

/**
 * A file's text as UTF-8 (invalid bytes replaced), without a BOM (ESLint
 * strips it too, so offsets agree); null when unreadable or over
 * `MAX_FILE_BYTES`. One open, fstat and read: no separate stat per file.
 */
function readText(path: string): string | null {
  let fd: number;
  try {
    fd = openSync(path, "r");
  } catch {
    return null;
  }
  try {
    const size = fstatSync(fd).size;
    if (size > MAX_FILE_BYTES) return null;
    const buffer = Buffer.allocUnsafe(size);
    let read = 0;
    while (read < size) {
      const n = readSync(fd, buffer, read, size - read, read);
      if (n === 0) break;
      read += n;
    }
    const text = buffer.toString("utf8", 0, read);
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return null;
  } finally {
    closeSync(fd);
  }
}

const projects = new Map<string, Project>();

/** JSON with sorted keys, so equal settings built in different orders hash alike. */
function stableStringify(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(stableStringify).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.keys(value)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stableStringify((value as Record<string, unknown>)[k])}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

function settingsKey(settings: ProjectSettings): string {
  return stableStringify({
    layers: settings.layers,
    fileNames: settings.fileNames,
    fileSuffixes: settings.fileSuffixes,
    ignore: settings.ignore,
    python: { version: settings.python.version, sourceRoots: settings.python.sourceRoots },
  });
}

/** The project at `root` (created on first request, then shared for this process and settings). */
export function getProject(
  root: string,
  settings: ProjectSettings = DEFAULT_PROJECT_SETTINGS,
): Project {
  let real: string;
  try {
    real = realpathSync(root);
  } catch {
    real = resolvePath(root);
  }
  const key = `${real}\0${settingsKey(settings)}`;
  let project = projects.get(key);
  if (!project) {
    project = new Project(real, settings);
    projects.set(key, project);
  }
  return project;
}

/** Forgets every cached project (tests, or a watcher that saw files change). */
export function invalidate(): void {
  projects.clear();
}

/**
 * The nearest ancestor directory of `filePath` (or `filePath` itself, if a
 * directory) holding a project marker; the current directory when none does.
 */
export function findRoot(filePath: string): string {
  let dir = resolvePath(filePath);
  try {
    if (!statSync(dir).isDirectory()) dir = dirname(dir);
  } catch {
    dir = dirname(dir);
  }
  for (;;) {
    if (isRootDir(dir)) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}
