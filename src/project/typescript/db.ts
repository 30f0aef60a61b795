/**
 * What counts as the database in TypeScript/JavaScript, resolved through
 * imports and scopes rather than by spelling: Prisma, TypeORM (and NestJS's
 * `@InjectRepository`), Drizzle, Kysely, knex, MikroORM, Sequelize, mongoose,
 * the MongoDB driver and the `pg`/`mysql2`/`postgres`/SQLite drivers, and the
 * project's own modules that export a client (`export const prisma = new
 * PrismaClient()`, `export const db = drizzle(pool)`) or a class that extends
 * one (`class PrismaService extends PrismaClient`), followed across files.
 * Works on TypeScript's own syntax tree (parents set), nothing type-checked.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as TS from "typescript";
import { extractTsFacts, type TsImportRecord } from "./imports.js";
import { typescript } from "./load.js";
import type { Project } from "../project.js";

/**
 * - `client`: a client, session, pool, repository or model: its members query, and
 *   calling it (a knex instance, postgres.js `sql`) queries;
 * - `clientType`: a class or type naming one: `new X()` makes a client, a value typed `X` is one;
 * - `creator`: calling it makes a client (`drizzle()`, `knex()`, `mysql.createPool()`);
 * - `accessor`: calling it gives a client without making one (`getRepository()`, `model()`);
 * - `query`: calling it or tagging a template with it builds a query (`sql`);
 * - `inject`: a NestJS decorator injecting a client (`@InjectRepository()`);
 * - `namespace`: a module object whose members are looked up (`mysql.createPool`);
 * - `recordBase`: a base class whose subclasses are active-record models (`BaseEntity`).
 */
export type TsDbKind =
  | "client"
  | "clientType"
  | "creator"
  | "accessor"
  | "query"
  | "inject"
  | "namespace"
  | "recordBase";

type Table = Record<string, TsDbKind>;

const TYPEORM: Table = {
  "*": "namespace",
  DataSource: "clientType",
  Connection: "clientType",
  EntityManager: "clientType",
  MongoEntityManager: "clientType",
  Repository: "clientType",
  TreeRepository: "clientType",
  MongoRepository: "clientType",
  QueryRunner: "clientType",
  BaseEntity: "recordBase",
  createConnection: "creator",
  getRepository: "accessor",
  getTreeRepository: "accessor",
  getMongoRepository: "accessor",
  getCustomRepository: "accessor",
  getManager: "accessor",
  getMongoManager: "accessor",
  getConnection: "accessor",
  createQueryBuilder: "accessor",
};
const NEST_INJECT: Table = {
  InjectRepository: "inject",
  InjectDataSource: "inject",
  InjectEntityManager: "inject",
  InjectConnection: "inject",
  InjectModel: "inject",
};
const MYSQL: Table = {
  "*": "namespace",
  default: "namespace",
  createPool: "creator",
  createConnection: "creator",
  createPoolCluster: "creator",
  Pool: "clientType",
  PoolConnection: "clientType",
  Connection: "clientType",
};
const MIKRO_ORM: Table = {
  MikroORM: "clientType",
  EntityManager: "clientType",
  EntityRepository: "clientType",
};

/** Exported names of database packages; `*` and `default` are the module object. */
const PACKAGES: Record<string, Table> = {
  "@prisma/client": {
    PrismaClient: "clientType",
    Prisma: "namespace",
    "Prisma.TransactionClient": "clientType",
    "Prisma.sql": "query",
    "Prisma.raw": "query",
  },
  typeorm: TYPEORM,
  "@nestjs/typeorm": NEST_INJECT,
  "@nestjs/mongoose": NEST_INJECT,
  "@nestjs/sequelize": NEST_INJECT,
  "@mikro-orm/nestjs": { InjectRepository: "inject", InjectEntityManager: "inject" },
  "@mikro-orm/core": MIKRO_ORM,
  "@mikro-orm/postgresql": MIKRO_ORM,
  "@mikro-orm/mysql": MIKRO_ORM,
  "@mikro-orm/sqlite": MIKRO_ORM,
  "drizzle-orm": { sql: "query" },
  kysely: { Kysely: "clientType", Transaction: "clientType", sql: "query" },
  knex: { default: "creator", knex: "creator", Knex: "clientType" },
  pg: {
    "*": "namespace",
    default: "namespace",
    Pool: "clientType",
    Client: "clientType",
    PoolClient: "clientType",
  },
  mysql: MYSQL,
  mysql2: MYSQL,
  "mysql2/promise": MYSQL,
  postgres: { default: "creator" },
  "better-sqlite3": { default: "clientType" },
  sqlite: { open: "creator", Database: "clientType" },
  sqlite3: { Database: "clientType" },
  mongodb: { MongoClient: "clientType", Db: "clientType", Collection: "clientType" },
  mongoose: {
    "*": "namespace",
    default: "namespace",
    connect: "creator",
    createConnection: "creator",
    model: "accessor",
    Model: "clientType",
    Connection: "clientType",
  },
  sequelize: { Sequelize: "clientType", Model: "recordBase" },
  "sequelize-typescript": { Sequelize: "clientType", Model: "recordBase" },
  "@neondatabase/serverless": { neon: "creator", Pool: "clientType", Client: "clientType" },
  "@vercel/postgres": { sql: "client", db: "client", createPool: "creator" },
  "@planetscale/database": { connect: "creator", Client: "clientType" },
  "@libsql/client": { createClient: "creator" },
};

/** Methods of a client that hand out another client: a repository, a manager, a connection. */
const CLIENT_RETURNING = new Set([
  "getRepository",
  "getTreeRepository",
  "getMongoRepository",
  "getCustomRepository",
  "withRepository",
  "manager",
  "createQueryRunner",
  "createEntityManager",
  "connect",
  "getConnection",
  "collection",
  "db",
  "model",
  "define",
  "fork",
  "em",
]);

/** What an exported name of a package is, database-wise. */
export function packageDbKind(module: string, name: string): TsDbKind | null {
  if (module.startsWith("drizzle-orm/") && name === "drizzle") return "creator";
  const table = PACKAGES[module];
  if (!table) return null;
  return table[name] ?? null;
}

/** A resolved value: its kind, and for a namespace where its members are looked up. */
export interface TsDbValue {
  kind: TsDbKind;
  /** The package (`mysql2/promise`) and path inside it (`Prisma`) of a namespace. */
  module?: string;
  path?: string;
  /** A project module imported whole (`import * as db from "./db"`). */
  projectFile?: string;
}

/** One file being resolved: its tree, project path and import records (to match import declarations). */
export interface TsDbFile {
  sf: TS.SourceFile;
  /** Project-relative path, or null outside the project. */
  file: string | null;
  imports: readonly TsImportRecord[];
}

/** Parses with parents set (scope walks go up the tree). */
export function parseTsWithParents(fileName: string, text: string): TS.SourceFile {
  const ts = typescript();
  const kind = /\.[cm]?tsx?$/.test(fileName)
    ? fileName.endsWith("x")
      ? ts.ScriptKind.TSX
      : ts.ScriptKind.TS
    : ts.ScriptKind.JS;
  return ts.createSourceFile(
    fileName,
    text,
    { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone },
    true,
    kind,
  );
}

/** Unwraps parentheses, `await`, `as`, `satisfies`, `!` and type assertions. */
export function unwrap(expr: TS.Expression): TS.Expression {
  const ts = typescript();
  let e = expr;
  while (
    ts.isParenthesizedExpression(e) ||
    ts.isAwaitExpression(e) ||
    ts.isAsExpression(e) ||
    ts.isSatisfiesExpression(e) ||
    ts.isNonNullExpression(e) ||
    ts.isTypeAssertionExpression(e)
  ) {
    e = e.expression;
  }
  return e;
}

/** The linted file (its text as linted, maybe an editor buffer) as a `TsDbFile`. */
export function tsDbFileOf(fileName: string, text: string, file: string | null): TsDbFile {
  // Rules run one file at a time: two of them ask for the same file in a row.
  if (lastDbFile && lastDbFile.fileName === fileName && lastDbFile.text === text) {
    return lastDbFile.result;
  }
  const result = readDbFile(fileName, text, file);
  lastDbFile = { fileName, text, result };
  return result;
}

let lastDbFile: { fileName: string; text: string; result: TsDbFile } | null = null;

function readDbFile(fileName: string, text: string, file: string | null): TsDbFile {
  let imports: readonly TsImportRecord[];
  try {
    imports = extractTsFacts(fileName, text).imports;
  } catch {
    imports = [];
  }
  return { sf: parseTsWithParents(fileName, text), file, imports };
}

/** Kinds whose call (or template tag) touches the database. */
export const QUERYING_CALLEES: ReadonlySet<TsDbKind> = new Set<TsDbKind>([
  "client",
  "creator",
  "accessor",
  "query",
]);

const resolvers = new WeakMap<Project, TsDbResolver>();

/** The resolver of a project (one per project: facts about other modules are worked out once). */
export function tsDbResolverFor(project: Project): TsDbResolver {
  let resolver = resolvers.get(project);
  if (!resolver) resolvers.set(project, (resolver = new TsDbResolver(project)));
  return resolver;
}

/** An exported class of a project module, for collaborator checks. */
export interface TsExportedClass {
  name: string;
  /** The name in its `extends` clause, if any. */
  base: string | null;
}

export class TsDbResolver {
  private readonly exportKinds = new Map<string, TsDbValue | null>();
  private readonly parsed = new Map<string, TsDbFile | null>();
  private readonly ts = typescript();
  private readonly visiting = new Set<TS.Node>();

  constructor(readonly project: Project) {}

  /** A project file parsed for resolution (cached); null when unreadable. */
  fileOf(file: string): TsDbFile | null {
    if (this.parsed.has(file)) return this.parsed.get(file)!;
    let out: TsDbFile | null = null;
    try {
      const text = readFileSync(join(this.project.root, file), "utf8");
      if (text.length <= 5 * 1024 * 1024) {
        out = { sf: parseTsWithParents(file, text), file, imports: this.project.tsImportsOf(file) };
      }
    } catch {
      out = null;
    }
    this.parsed.set(file, out);
    return out;
  }

  /** What `name`, exported by the project file `file`, is database-wise (cached, cycle-safe). */
  exportKind(file: string, name: string): TsDbValue | null {
    const key = `${file}\0${name}`;
    if (this.exportKinds.has(key)) return this.exportKinds.get(key)!;
    this.exportKinds.set(key, null);
    const parsed = this.fileOf(file);
    const decl = parsed ? exportedDeclaration(this.ts, parsed.sf, name) : null;
    const value = parsed && decl ? this.declarationValue(parsed, decl) : null;
    this.exportKinds.set(key, value);
    return value;
  }

  /** The class `name` exported by a project file, with its base class name; null when not a class. */
  exportedClass(file: string, name: string): TsExportedClass | null {
    const parsed = this.fileOf(file);
    const decl = parsed ? exportedDeclaration(this.ts, parsed.sf, name) : null;
    if (!decl || !this.ts.isClassDeclaration(decl)) return null;
    const base = baseExpression(this.ts, decl);
    return { name: decl.name?.text ?? name, base: base ? base.getText(parsed!.sf) : null };
  }

  /** Where an import-bound name leads: a package export's kind, or a project export's. */
  importValue(at: TsDbFile, declaration: TS.Node, imported: string): TsDbValue | null {
    if (!this.ts.isImportDeclaration(declaration)) return null;
    const spec = declaration.moduleSpecifier;
    if (!this.ts.isStringLiteral(spec)) return null;
    return this.moduleValue(at, spec.text, declaration.getStart(at.sf), imported);
  }

  /** `imported` (an export name, `default` or `*`) of the module `specifier` as `at` sees it. */
  moduleValue(at: TsDbFile, specifier: string, start: number, imported: string): TsDbValue | null {
    const pkg = packageDbKind(specifier, imported);
    if (pkg) return pkg === "namespace" ? { kind: pkg, module: specifier } : { kind: pkg };
    if (PACKAGES[specifier]) return null;
    // Anything else may be a project module, also behind a tsconfig `paths` alias.
    const record = at.imports.find((r) => r.start === start && r.specifier === specifier);
    if (!record || at.file === null) return null;
    const resolved = this.project.resolveTs(at.file, record);
    if (imported === "*") {
      const target = resolved.targets[0];
      return target ? { kind: "namespace", projectFile: target.direct } : null;
    }
    const target = resolved.targets.find((t) => t.name === imported);
    return target ? this.exportKind(target.file, imported) : null;
  }

  /** The project file and export name an import-bound declaration stands for; null for packages. */
  importTarget(at: TsDbFile, decl: TS.Node): { file: string; name: string } | null {
    const ts = this.ts;
    let declaration: TS.Node;
    let imported: string;
    if (ts.isImportSpecifier(decl)) {
      declaration = decl.parent.parent.parent;
      imported = (decl.propertyName ?? decl.name).text;
    } else if (ts.isImportClause(decl)) {
      declaration = decl.parent;
      imported = "default";
    } else {
      return null;
    }
    const start = declaration.getStart(at.sf);
    const record = at.imports.find((r) => r.start === start);
    if (!record || at.file === null) return null;
    const target = this.project.resolveTs(at.file, record).targets.find((t) => t.name === imported);
    return target ? { file: target.file, name: imported } : null;
  }

  /** A member of a namespace value (`mysql.createPool`, `Prisma.TransactionClient`, `db.prisma`). */
  member(value: TsDbValue, name: string): TsDbValue | null {
    if (value.projectFile) return this.exportKind(value.projectFile, name);
    if (!value.module) return null;
    const path = value.path ? `${value.path}.${name}` : name;
    const kind = packageDbKind(value.module, path);
    if (!kind) return null;
    return kind === "namespace" ? { kind, module: value.module, path } : { kind };
  }

  /** The kind of a declaration found by a scope walk (null while it is being worked out: `const a = a.b`). */
  declarationValue(at: TsDbFile, decl: TS.Node): TsDbValue | null {
    if (this.visiting.has(decl)) return null;
    this.visiting.add(decl);
    try {
      return this.declarationValueOnce(at, decl);
    } finally {
      this.visiting.delete(decl);
    }
  }

  private declarationValueOnce(at: TsDbFile, decl: TS.Node): TsDbValue | null {
    const ts = this.ts;
    if (ts.isImportSpecifier(decl)) {
      const imported = (decl.propertyName ?? decl.name).text;
      return this.importValue(at, decl.parent.parent.parent, imported);
    }
    if (ts.isImportClause(decl)) return this.importValue(at, decl.parent, "default");
    if (ts.isExportAssignment(decl)) return this.valueOf(at, decl.expression);
    if (ts.isNamespaceImport(decl)) return this.importValue(at, decl.parent.parent, "*");
    if (ts.isClassDeclaration(decl) || ts.isClassExpression(decl)) {
      const base = baseExpression(ts, decl);
      const kind = base ? this.valueOf(at, base)?.kind : null;
      if (kind === "clientType") return { kind: "clientType" };
      if (kind === "recordBase" || kind === "client") return { kind: "client" };
      return null;
    }
    if (ts.isBindingElement(decl)) {
      // `const { PrismaClient } = require("@prisma/client")`
      let root: TS.Node = decl.parent;
      while (ts.isObjectBindingPattern(root) || ts.isArrayBindingPattern(root)) root = root.parent;
      if (!ts.isVariableDeclaration(root) || !root.initializer) return null;
      const init = unwrap(root.initializer);
      const spec = requireSpecifier(ts, init);
      const name =
        decl.propertyName && ts.isIdentifier(decl.propertyName)
          ? decl.propertyName.text
          : ts.isIdentifier(decl.name)
            ? decl.name.text
            : null;
      if (!name) return null;
      if (spec !== null) return this.moduleValue(at, spec, init.getStart(at.sf), name);
      const whole = this.valueOf(at, init);
      return whole ? this.member(whole, name) : null;
    }
    if (ts.isVariableDeclaration(decl) || ts.isParameter(decl) || ts.isPropertyDeclaration(decl)) {
      if (ts.canHaveDecorators(decl)) {
        for (const decorator of ts.getDecorators(decl) ?? []) {
          const expr = decorator.expression;
          const callee = ts.isCallExpression(expr) ? expr.expression : expr;
          if (this.valueOf(at, callee)?.kind === "inject") return { kind: "client" };
        }
      }
      if (decl.type) {
        const kind = this.typeKind(at, decl.type);
        if (kind) return { kind: "client" };
      }
      if (decl.initializer) {
        const init = unwrap(decl.initializer);
        const spec = requireSpecifier(ts, init);
        if (spec !== null) return this.moduleValue(at, spec, init.getStart(at.sf), "default");
        return this.valueOf(at, init);
      }
    }
    return null;
  }

  /** Whether a type names a client (`PrismaClient`, `Repository<Post>`, `Knex.Transaction`, a union of them). */
  typeKind(at: TsDbFile, type: TS.TypeNode): boolean {
    const ts = this.ts;
    if (ts.isUnionTypeNode(type) || ts.isIntersectionTypeNode(type))
      return type.types.some((t) => this.typeKind(at, t));
    if (!ts.isTypeReferenceNode(type)) return false;
    const value = this.entityNameValue(at, type.typeName);
    return value?.kind === "clientType";
  }

  private entityNameValue(at: TsDbFile, name: TS.EntityName): TsDbValue | null {
    const ts = this.ts;
    if (ts.isIdentifier(name)) {
      const decl = declarationOf(ts, name);
      return decl ? this.declarationValue(at, decl) : null;
    }
    const left = this.entityNameValue(at, name.left);
    if (!left) return null;
    if (left.kind === "namespace") return this.member(left, name.right.text);
    // `Knex.Transaction`: a type in a client class's namespace is a client type.
    return left.kind === "clientType" ? left : null;
  }

  /** What an expression evaluates to, database-wise. */
  valueOf(at: TsDbFile, expression: TS.Expression, depth = 0): TsDbValue | null {
    const ts = this.ts;
    if (depth > 12) return null;
    const e = unwrap(expression);
    if (ts.isIdentifier(e)) {
      const decl = declarationOf(ts, e);
      return decl ? this.declarationValue(at, decl) : null;
    }
    if (ts.isPropertyAccessExpression(e)) {
      if (e.expression.kind === ts.SyntaxKind.ThisKeyword) {
        const member = thisMember(ts, e);
        return member ? this.declarationValue(at, member) : null;
      }
      const base = this.valueOf(at, e.expression, depth + 1);
      if (!base) return null;
      if (base.kind === "namespace") return this.member(base, e.name.text);
      // `prisma.post`, `db.query.posts`: parts of a client query too.
      return base.kind === "client" ? base : null;
    }
    if (ts.isCallExpression(e)) {
      const callee = unwrap(e.expression);
      if (ts.isPropertyAccessExpression(callee)) {
        const owner = this.valueOf(at, callee.expression, depth + 1);
        if (owner?.kind === "client") {
          return CLIENT_RETURNING.has(callee.name.text) ? { kind: "client" } : null;
        }
      }
      const spec = requireSpecifier(ts, callee);
      const fn =
        spec === null
          ? this.valueOf(at, callee, depth + 1)
          : this.moduleValue(at, spec, callee.getStart(at.sf), "default");
      if (fn?.kind === "creator" || fn?.kind === "accessor") return { kind: "client" };
      return null;
    }
    if (ts.isNewExpression(e)) {
      const cls = this.valueOf(at, e.expression, depth + 1);
      return cls?.kind === "clientType" ? { kind: "client" } : null;
    }
    if (ts.isBinaryExpression(e)) {
      const op = e.operatorToken.kind;
      if (
        op === ts.SyntaxKind.QuestionQuestionToken ||
        op === ts.SyntaxKind.BarBarToken ||
        op === ts.SyntaxKind.EqualsToken
      ) {
        const right = this.valueOf(at, e.right, depth + 1);
        if (right?.kind === "client") return right;
        if (op === ts.SyntaxKind.EqualsToken) return null;
        const left = this.valueOf(at, e.left, depth + 1);
        return left?.kind === "client" ? left : null;
      }
      return null;
    }
    if (ts.isConditionalExpression(e)) {
      const a = this.valueOf(at, e.whenTrue, depth + 1);
      return a?.kind === "client" ? a : this.valueOf(at, e.whenFalse, depth + 1);
    }
    return null;
  }
}

/** `require("x")`: its specifier; null for anything else. */
function requireSpecifier(ts: typeof TS, expr: TS.Expression): string | null {
  if (
    ts.isCallExpression(expr) &&
    ts.isIdentifier(expr.expression) &&
    expr.expression.text === "require" &&
    expr.arguments.length === 1
  ) {
    const arg = expr.arguments[0]!;
    return ts.isStringLiteral(arg) ? arg.text : null;
  }
  return null;
}

/** The expression in a class's `extends` clause. */
export function baseExpression(ts: typeof TS, cls: TS.ClassLikeDeclaration): TS.Expression | null {
  for (const clause of cls.heritageClauses ?? []) {
    if (clause.token === ts.SyntaxKind.ExtendsKeyword) return clause.types[0]?.expression ?? null;
  }
  return null;
}

/** `this.x` inside a class: the property or constructor parameter property `x`. */
function thisMember(ts: typeof TS, access: TS.PropertyAccessExpression): TS.Node | null {
  let node: TS.Node = access;
  while (node.parent && !ts.isClassLike(node.parent)) {
    node = node.parent;
    // A plain `function` has its own `this`.
    if (ts.isFunctionDeclaration(node) || ts.isFunctionExpression(node)) return null;
  }
  const cls = node.parent;
  if (!cls || !ts.isClassLike(cls)) return null;
  const name = access.name.text;
  for (const member of cls.members) {
    if (
      ts.isPropertyDeclaration(member) &&
      ts.isIdentifier(member.name) &&
      member.name.text === name
    )
      return member;
    if (ts.isConstructorDeclaration(member)) {
      for (const param of member.parameters) {
        const isProperty = ts
          .getModifiers(param)
          ?.some(
            (m) =>
              m.kind === ts.SyntaxKind.PrivateKeyword ||
              m.kind === ts.SyntaxKind.PublicKeyword ||
              m.kind === ts.SyntaxKind.ProtectedKeyword ||
              m.kind === ts.SyntaxKind.ReadonlyKeyword,
          );
        if (isProperty && ts.isIdentifier(param.name) && param.name.text === name) return param;
      }
    }
  }
  return null;
}

/** Names a binding pattern declares, with their nodes. */
function bindingDeclares(ts: typeof TS, name: TS.BindingName, wanted: string): TS.Node | null {
  if (ts.isIdentifier(name)) return name.text === wanted ? name.parent : null;
  for (const element of name.elements) {
    if (ts.isOmittedExpression(element)) continue;
    if (ts.isIdentifier(element.name)) {
      if (element.name.text === wanted) return element;
    } else {
      const inner = bindingDeclares(ts, element.name, wanted);
      if (inner) return inner;
    }
  }
  return null;
}

/** What a statement list declares under `wanted` (variables, functions, classes, imports). */
function statementsDeclare(
  ts: typeof TS,
  statements: readonly TS.Statement[],
  wanted: string,
): TS.Node | null {
  for (const statement of statements) {
    if (ts.isVariableStatement(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const found = bindingDeclares(ts, decl.name, wanted);
        if (found) return found;
      }
    } else if (
      (ts.isFunctionDeclaration(statement) ||
        ts.isClassDeclaration(statement) ||
        ts.isEnumDeclaration(statement)) &&
      statement.name?.text === wanted
    ) {
      return statement;
    } else if (ts.isImportDeclaration(statement) && statement.importClause) {
      const clause = statement.importClause;
      if (clause.name?.text === wanted) return clause;
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings) && bindings.name.text === wanted)
        return bindings;
      if (bindings && ts.isNamedImports(bindings)) {
        const el = bindings.elements.find((e) => e.name.text === wanted);
        if (el) return el;
      }
    }
  }
  return null;
}

/**
 * The declaration an identifier refers to, by a walk up its scopes: parameters,
 * block and module statements, loop and catch variables. Null when undeclared
 * (a global) or declared in a way this model does not follow.
 */
export function declarationOf(ts: typeof TS, id: TS.Identifier): TS.Node | null {
  const wanted = id.text;
  for (let node: TS.Node | undefined = id.parent; node; node = node.parent) {
    if (ts.isFunctionLike(node)) {
      for (const param of node.parameters) {
        const found = bindingDeclares(ts, param.name, wanted);
        if (found) return found;
      }
      if (ts.isFunctionExpression(node) && node.name?.text === wanted) return node;
    } else if (ts.isBlock(node) || ts.isSourceFile(node) || ts.isModuleBlock(node)) {
      const found = statementsDeclare(ts, node.statements, wanted);
      if (found) return found;
    } else if (ts.isCaseBlock(node)) {
      for (const clause of node.clauses) {
        const found = statementsDeclare(ts, clause.statements, wanted);
        if (found) return found;
      }
    } else if (
      (ts.isForStatement(node) || ts.isForOfStatement(node) || ts.isForInStatement(node)) &&
      node.initializer &&
      ts.isVariableDeclarationList(node.initializer)
    ) {
      for (const decl of node.initializer.declarations) {
        const found = bindingDeclares(ts, decl.name, wanted);
        if (found) return found;
      }
    } else if (ts.isCatchClause(node) && node.variableDeclaration) {
      const found = bindingDeclares(ts, node.variableDeclaration.name, wanted);
      if (found) return found;
    } else if (ts.isClassExpression(node) && node.name?.text === wanted) {
      return node;
    }
  }
  return null;
}

/** The top-level declaration behind an export name of a file (`default` included). */
export function exportedDeclaration(
  ts: typeof TS,
  sf: TS.SourceFile,
  name: string,
): TS.Node | null {
  const exported = (node: TS.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword) ?? false);
  const isDefault = (node: TS.Node) =>
    ts.canHaveModifiers(node) &&
    (ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword) ?? false);
  for (const statement of sf.statements) {
    if (name === "default") {
      if (ts.isExportAssignment(statement) && !statement.isExportEquals) {
        const e = unwrap(statement.expression);
        if (ts.isIdentifier(e)) return statementsDeclare(ts, sf.statements, e.text);
        // `export default new PrismaClient()`: the expression is its own declaration.
        return statement;
      }
      if (
        (ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) &&
        isDefault(statement)
      )
        return statement;
      continue;
    }
    if (ts.isVariableStatement(statement) && exported(statement)) {
      for (const decl of statement.declarationList.declarations) {
        const found = bindingDeclares(ts, decl.name, name);
        if (found) return found;
      }
    } else if (
      (ts.isClassDeclaration(statement) || ts.isFunctionDeclaration(statement)) &&
      exported(statement) &&
      !isDefault(statement) &&
      statement.name?.text === name
    ) {
      return statement;
    } else if (
      ts.isExportDeclaration(statement) &&
      !statement.moduleSpecifier &&
      statement.exportClause &&
      ts.isNamedExports(statement.exportClause)
    ) {
      const el = statement.exportClause.elements.find((e) => e.name.text === name);
      if (el) return statementsDeclare(ts, sf.statements, (el.propertyName ?? el.name).text);
    }
  }
  return null;
}
