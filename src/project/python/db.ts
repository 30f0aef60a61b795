/**
 * What counts as the database, resolved through imports and scopes rather than
 * by spelling: SQLAlchemy/SQLModel sessions, engines and query builders, the
 * drivers (asyncpg, psycopg, aiosqlite, sqlite3, motor, pymongo, databases,
 * Tortoise), and the project's own providers and aliases (`get_db` yielding a
 * session, `SessionDep = Annotated[AsyncSession, Depends(get_db)]`), followed
 * into the modules that define them.
 */
import { forEachDescendant, lastNamePart } from "../../languages/python/ast-utils.js";
import type { PyFunction, PyName, PyNode, PyParameter } from "../../languages/python/nodes.js";
import { resolveName, unwrapAnnotation, type ScopeSource } from "../../languages/python/scope.js";
import type { ImportRecord } from "./imports.js";
import { importedSymbol, type SymbolHost } from "./symbols.js";

/**
 * - `session`: a session, connection or client object (`db`, `conn`);
 * - `sessionType`: a class or alias naming one (`AsyncSession`, `SessionDep`);
 * - `factory`: calling it, or `.begin()`/`.connect()` on it, gives a session
 *   (`async_sessionmaker(...)`, an engine, `SessionLocal`);
 * - `creator`: calling it gives a factory (`create_async_engine`, `sessionmaker`);
 * - `connector`: calling it gives a session (`asyncpg.connect`, `MongoClient`);
 * - `provider`: a dependency function that yields or returns a session;
 * - `query`: a query builder (`select`, `insert`, `update`, `delete`, `text`).
 */
export type DbKind =
  "session" | "sessionType" | "factory" | "creator" | "connector" | "provider" | "query";

/** Top-level packages that are database clients. */
export const DB_PACKAGES: readonly string[] = [
  "sqlalchemy",
  "sqlmodel",
  "databases",
  "asyncpg",
  "psycopg",
  "psycopg2",
  "psycopg_pool",
  "aiosqlite",
  "sqlite3",
  "aiomysql",
  "pymysql",
  "motor",
  "pymongo",
  "tortoise",
];

const SESSION_CLASSES = new Set([
  "Session",
  "AsyncSession",
  "Connection",
  "AsyncConnection",
  "Cursor",
  "AsyncCursor",
  "connection",
  "cursor",
  "Database",
  "AsyncIOMotorDatabase",
  "AsyncIOMotorClient",
  "AsyncIOMotorCollection",
  "MongoClient",
  "AsyncMongoClient",
  "Collection",
  "BaseDBAsyncClient",
]);
/** Classes whose instances make sessions: engines, pools, session factories. */
const FACTORY_CLASSES = new Set([
  "Engine",
  "AsyncEngine",
  "Pool",
  "ConnectionPool",
  "AsyncConnectionPool",
  "sessionmaker",
  "async_sessionmaker",
  "scoped_session",
  "async_scoped_session",
]);
const CREATORS = new Set([
  "create_engine",
  "create_async_engine",
  "create_pool",
  "sessionmaker",
  "async_sessionmaker",
  "scoped_session",
  "async_scoped_session",
]);
const CONNECTORS = new Set([
  "connect",
  "MongoClient",
  "AsyncIOMotorClient",
  "AsyncMongoClient",
  // Tortoise ORM: `async with in_transaction() as conn`, `Tortoise.get_connection("default")`.
  "in_transaction",
  "get_connection",
]);
const QUERY_BUILDERS = new Set([
  "select",
  "insert",
  "update",
  "delete",
  "text",
  "union",
  "union_all",
]);
/** Methods of a factory that give a session: `engine.begin()`, `pool.acquire()`, `maker()`. */
const FACTORY_METHODS = new Set(["begin", "connect", "acquire", "connection", "raw_connection"]);
const GENERATOR_TYPES = new Set([
  "Generator",
  "AsyncGenerator",
  "Iterator",
  "AsyncIterator",
  "Iterable",
  "AsyncIterable",
  "ContextManager",
  "AsyncContextManager",
]);

export interface DbOptions {
  /** Extra session types: qualified (`app.db.Database`) or bare class names (`UnitOfWork`). */
  sessionTypes: readonly string[];
  /** Extra packages whose every class is a session type and every call DB access. */
  dbModules: readonly string[];
}

/** A parsed file and where it lives: the current file of a rule, or another the project parsed. */
export interface DbSource extends ScopeSource {
  file: string | null;
}

export interface DbHost extends SymbolHost {
  parsedModule(
    file: string,
    skipBodies?: boolean,
  ): (DbSource & { ast: { d: { statements: PyNode[] } }; file: string }) | null;
}

const MAX_DEPTH = 8;

/**
 * Names that mean the database when nothing in the file defines or imports them:
 * code shown without its imports, like the guideline's own examples. A real
 * module always imports them, and then resolution decides.
 */
const UNRESOLVED_SPELLINGS = new Map<string, DbKind>([
  ["Session", "sessionType"],
  ["AsyncSession", "sessionType"],
  ["get_db", "provider"],
  ["get_session", "provider"],
  ["get_async_session", "provider"],
  ["get_db_session", "provider"],
]);

/** Answers "is this the database?" about expressions of one file, following names into others. */
export class DbResolver {
  private readonly memo = new Map<string, DbKind | null>();
  private readonly extraBare: Set<string>;
  private readonly extraQualified: Set<string>;
  private readonly packages: Set<string>;

  constructor(
    private readonly host: DbHost | null,
    private readonly options: DbOptions,
  ) {
    this.extraBare = new Set(options.sessionTypes.filter((t) => !t.includes(".")));
    this.extraQualified = new Set(options.sessionTypes.filter((t) => t.includes(".")));
    this.packages = new Set([...DB_PACKAGES, ...options.dbModules]);
  }

  /** What `expr` is, as far as the database goes; null when it is not the database. */
  kindOf(source: DbSource, expr: PyNode | undefined, depth = 0): DbKind | null {
    if (!expr || depth > MAX_DEPTH) return null;
    switch (expr.type) {
      case "Name":
        if (this.extraBare.has(expr.d.value as string)) return "sessionType";
        return this.nameKind(source, expr as unknown as PyName, depth);
      case "MemberAccess":
        return this.memberKind(source, expr, depth);
      case "Call":
        return this.callKind(source, expr, depth);
      case "Await":
        return this.kindOf(source, expr.d.expr as PyNode, depth + 1);
      case "Index": {
        const head = lastNamePart(expr.d.leftExpr as PyNode);
        if (head === "Annotated" || head === "Optional" || head === "Union") {
          return this.annotationKind(source, expr, depth + 1) === "session" ? "sessionType" : null;
        }
        // A generic class: `async_sessionmaker[AsyncSession]` is what `async_sessionmaker` is.
        return this.kindOf(source, expr.d.leftExpr as PyNode, depth + 1);
      }
      default:
        return null;
    }
  }

  /**
   * What a value annotated so is: "session" (`AsyncSession`, `SessionDep`, an
   * `Annotated[..., Depends(get_db)]`), "factory" (`Engine`, `async_sessionmaker[...]`), or null.
   */
  annotationKind(source: DbSource, annotation: PyNode | undefined, depth = 0): DbKind | null {
    if (!annotation || depth > MAX_DEPTH) return null;
    if (annotation.type === "StringList" && annotation.d.annotation) {
      return this.annotationKind(source, annotation.d.annotation as PyNode, depth + 1);
    }
    if (
      annotation.type === "Index" &&
      lastNamePart(annotation.d.leftExpr as PyNode) === "Annotated"
    ) {
      const [type, ...metadata] = (annotation.d.items as PyNode[]).map(
        (item) => item.d.valueExpr as PyNode,
      );
      if (this.annotationKind(source, type, depth + 1) === "session") return "session";
      for (const extra of metadata) {
        if (this.dependsKind(source, extra, depth + 1) === "session") return "session";
      }
      return null;
    }
    const unwrapped = unwrapAnnotation(annotation);
    if (unwrapped !== annotation) return this.annotationKind(source, unwrapped, depth + 1);
    const kind = this.kindOf(source, annotation, depth + 1);
    if (kind === "sessionType") return "session";
    return kind === "factory" || kind === "creator" ? "factory" : null;
  }

  /** `Depends(provider)` that gives a session: "session"; otherwise null. */
  dependsKind(source: DbSource, expr: PyNode | undefined, depth = 0): DbKind | null {
    if (expr?.type !== "Call" || lastNamePart(expr.d.leftExpr as PyNode) !== "Depends") return null;
    const arg = (expr.d.args as PyNode[]).find((a) => !a.d.name)?.d.valueExpr as PyNode;
    const kind = this.kindOf(source, arg, depth + 1);
    return kind === "provider" || kind === "factory" ? "session" : null;
  }

  /** A parameter that receives a session or an engine: by its annotation or its `Depends()` default. */
  parameterKind(source: DbSource, param: PyParameter, depth = 0): DbKind | null {
    const annotated = this.annotationKind(
      source,
      param.d.annotation ?? param.d.annotationComment,
      depth,
    );
    return annotated ?? this.dependsKind(source, param.d.defaultValue, depth);
  }

  /** Whether a function is a dependency provider that yields or returns a session. */
  isProvider(source: DbSource, fn: PyFunction, depth = 0): boolean {
    const key = `provider\0${source.file}\0${fn.start}`;
    if (this.memo.has(key)) return this.memo.get(key) === "provider";
    this.memo.set(key, null); // recursion guard
    let result = false;
    const returns = fn.d.returnAnnotation as PyNode | undefined;
    if (returns) {
      result = this.annotationKind(source, generatorItem(returns), depth + 1) === "session";
    }
    if (!result && !returns) {
      forEachDescendant(fn.d.suite, (node) => {
        if (result || node.type === "Function" || node.type === "Lambda" || node.type === "Class") {
          return false;
        }
        if (node.type === "Yield" || node.type === "Return") {
          if (this.kindOf(source, node.d.expr as PyNode, depth + 1) === "session") result = true;
        }
        return undefined;
      });
    }
    this.memo.set(key, result ? "provider" : null);
    return result;
  }

  private nameKind(source: DbSource, name: PyName, depth: number): DbKind | null {
    const resolved = resolveName(source, name);
    switch (resolved.kind) {
      case "import":
        return this.importKind(source, resolved.module, resolved.name, [], depth);
      case "parameter": {
        const param = resolved.node as unknown as PyParameter;
        return this.parameterKind(source, param, depth + 1);
      }
      case "variable": {
        if (resolved.annotation) {
          const annotated = this.annotationKind(source, resolved.annotation, depth + 1);
          if (annotated) return annotated;
        }
        const withItem = resolved.node.parent;
        if (withItem?.type === "WithItem" && withItem.d.target === resolved.node) {
          const kind = this.kindOf(source, withItem.d.expr as PyNode, depth + 1);
          return kind === "session" || kind === "factory" ? "session" : null;
        }
        const value = resolved.assignedValue;
        if (value && isAnnotationLike(value)) {
          return this.annotationKind(source, value, depth + 1) === "session" ? "sessionType" : null;
        }
        return this.kindOf(source, value, depth + 1);
      }
      case "function":
        return this.isProvider(source, resolved.node as unknown as PyFunction, depth)
          ? "provider"
          : null;
      case "class": {
        const bases = (resolved.node.d.arguments as PyNode[] | undefined) ?? [];
        return bases.some(
          (b) => this.kindOf(source, b.d.valueExpr as PyNode, depth + 1) === "sessionType",
        )
          ? "sessionType"
          : null;
      }
      case "unresolved":
        return UNRESOLVED_SPELLINGS.get(resolved.name) ?? null;
      default:
        return null;
    }
  }

  private memberKind(source: DbSource, expr: PyNode, depth: number): DbKind | null {
    const members: string[] = [];
    let node: PyNode = expr;
    while (node.type === "MemberAccess") {
      members.unshift((node.d.member as PyName).d.value);
      node = node.d.leftExpr as PyNode;
    }
    if (node.type === "Name") {
      const resolved = resolveName(source, node as unknown as PyName);
      if (resolved.kind === "import") {
        return this.importKind(source, resolved.module, resolved.name, members, depth);
      }
    }
    // `maker.begin`, `engine.connect`: called, they give sessions (see callKind).
    return null;
  }

  private callKind(source: DbSource, call: PyNode, depth: number): DbKind | null {
    const callee = call.d.leftExpr as PyNode;
    if (callee.type === "MemberAccess") {
      const method = (callee.d.member as PyName).d.value;
      const owner = this.kindOf(source, callee.d.leftExpr as PyNode, depth + 1);
      if (owner === "factory" && FACTORY_METHODS.has(method)) return "session";
      if (owner === "session" && (method === "begin" || method === "cursor")) return "session";
    }
    const head = lastNamePart(callee);
    if (head === "Depends") return this.dependsKind(source, call, depth);
    if (head === "NewType") {
      // `AsyncReadSession = NewType("AsyncReadSession", AsyncSession)` names a session type.
      const base = (call.d.args as PyNode[]).filter((a) => !a.d.name)[1]?.d.valueExpr as PyNode;
      const kind = this.kindOf(source, base, depth + 1);
      return kind === "sessionType" || kind === "factory" ? kind : null;
    }
    switch (this.kindOf(source, callee, depth + 1)) {
      case "sessionType":
      case "factory":
      case "connector":
        return "session";
      case "creator":
        return "factory";
      case "provider":
        return "session";
      case "query":
        return "query";
      default:
        return null;
    }
  }

  /** A name imported from `module` (`name` null: the module itself), then `members` of it. */
  private importKind(
    source: DbSource,
    module: string,
    name: string | null,
    members: readonly string[],
    depth: number,
  ): DbKind | null {
    const qualified = [module, ...(name === null ? [] : [name]), ...members].join(".");
    const top = qualified.split(".")[0];
    if (top !== "" && this.packages.has(top)) return this.libraryKind(qualified, top);
    if (this.extraQualified.has(qualified)) return "sessionType";
    if (!this.host || source.file === null) return null;
    const symbol = importedSymbol(this.host, source.file, module, name, members);
    if (!symbol || symbol.name === null) return null;
    return this.moduleNameKind(symbol.file, symbol.name, depth + 1);
  }

  private libraryKind(qualified: string, top: string): DbKind | null {
    const last = qualified.slice(qualified.lastIndexOf(".") + 1);
    if (CREATORS.has(last)) return "creator";
    if (SESSION_CLASSES.has(last)) return "sessionType";
    if (FACTORY_CLASSES.has(last)) return "factory";
    if (CONNECTORS.has(last)) return "connector";
    if ((top === "sqlalchemy" || top === "sqlmodel") && QUERY_BUILDERS.has(last)) return "query";
    if (this.options.dbModules.includes(top)) return "sessionType";
    return null;
  }

  /** The kind of a module-level name of another project file (memoized). */
  private moduleNameKind(file: string, name: string, depth: number): DbKind | null {
    const key = `${file}\0${name}`;
    if (this.memo.has(key)) return this.memo.get(key)!;
    this.memo.set(key, null); // recursion guard
    // An outline (bodies skipped) says what most names are; a provider known only by
    // what it yields needs its body, so then the whole module is parsed.
    let module = this.host?.parsedModule(file, true) ?? null;
    let binding = module ? lastBinding(module.ast.d.statements, name) : null;
    const owner = binding?.parent;
    if (
      owner?.type === "Class" &&
      ((owner.d.arguments as PyNode[] | undefined) ?? []).length === 0
    ) {
      binding = null; // a class with no bases is no session type
    } else if (owner?.type === "Function" && !owner.d.returnAnnotation) {
      module = this.host?.parsedModule(file) ?? null;
      binding = module ? lastBinding(module.ast.d.statements, name) : null;
    }
    const kind =
      module && binding && depth <= MAX_DEPTH ? this.kindOf(module, binding, depth) : null;
    this.memo.set(key, kind);
    return kind;
  }

  /**
   * `kindOf` for an expression that runs at module level, answered from the file's
   * import statements: no binder, unless the name is bound in the file itself.
   */
  moduleLevelKind(
    source: DbSource,
    expr: PyNode,
    imports: readonly ImportRecord[],
    boundHere: ReadonlySet<string>,
  ): DbKind | null {
    const members: string[] = [];
    let node = expr;
    while (node.type === "MemberAccess") {
      members.unshift((node.d.member as PyName).d.value);
      node = node.d.leftExpr as PyNode;
    }
    if (node.type !== "Name") return null;
    const first = node.d.value as string;
    if (boundHere.has(first)) return this.kindOf(source, expr);
    if (members.length === 0 && this.extraBare.has(first)) return "sessionType";
    for (let i = imports.length - 1; i >= 0; i--) {
      const record = imports[i];
      if (record.inFunction) continue;
      if (record.kind === "import") {
        if ((record.alias ?? record.module.split(".")[0]) !== first) continue;
        const module = record.alias ? record.module : first;
        return this.importKind(source, module, null, members, 0);
      }
      const index = record.names.findIndex((n, j) => (record.aliases[j] ?? n) === first);
      if (index >= 0)
        return this.importKind(source, record.module, record.names[index], members, 0);
    }
    return null;
  }
}

/** The Name node of the last module-level statement binding `name`, to resolve it in place. */
function lastBinding(statements: readonly PyNode[], name: string): PyNode | null {
  let found: PyNode | null = null;
  for (const statement of statements) {
    if (statement.type === "Function" || statement.type === "Class") {
      const id = statement.d.name as PyName;
      if (id.d.value === name) found = id as unknown as PyNode;
    } else if (statement.type === "StatementList") {
      for (const simple of statement.d.statements as PyNode[]) {
        const target = boundName(simple, name);
        if (target) found = target;
      }
    }
  }
  return found;
}

function boundName(statement: PyNode, name: string): PyNode | null {
  let target: PyNode | undefined;
  if (statement.type === "Assignment") target = statement.d.leftExpr as PyNode;
  else if (statement.type === "TypeAnnotation") target = statement.d.valueExpr as PyNode;
  else if (statement.type === "TypeAlias") target = statement.d.name as PyNode;
  else if (statement.type === "ImportFrom") {
    for (const entry of statement.d.imports as PyNode[]) {
      const bound = (entry.d.alias ?? entry.d.name) as PyName;
      if (bound.d.value === name) return bound as unknown as PyNode;
    }
    return null;
  }
  if (target?.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
  return target?.type === "Name" && target.d.value === name ? target : null;
}

/** `AsyncGenerator[AsyncSession, None]` -> `AsyncSession`; other annotations unchanged. */
function generatorItem(annotation: PyNode): PyNode {
  if (annotation.type === "StringList" && annotation.d.annotation) {
    return generatorItem(annotation.d.annotation as PyNode);
  }
  if (
    annotation.type === "Index" &&
    GENERATOR_TYPES.has(lastNamePart(annotation.d.leftExpr as PyNode) ?? "")
  ) {
    return ((annotation.d.items as PyNode[])[0]?.d.valueExpr as PyNode) ?? annotation;
  }
  return annotation;
}

/** A value that is a type expression: `Annotated[...]`, `Optional[...]`, `X | None`. */
function isAnnotationLike(value: PyNode): boolean {
  if (value.type === "Index") return true;
  return value.type === "BinaryOperation";
}
