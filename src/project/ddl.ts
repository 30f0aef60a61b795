/**
 * Replays DDL SQL text (a Prisma `migration.sql`, a TypeORM `queryRunner.query(...)`
 * string) into the tables, columns and indexes it leaves behind, statically: each
 * statement is parsed with node-sql-parser (one dialect build, loaded on first use),
 * never run. A statement the parser rejects is skipped and noted; nothing throws.
 *
 *   const schema = emptyDdlSchema();
 *   replaySql(schema, sqlText, "postgresql", "prisma/migrations/1_init/migration.sql");
 *   schema.tables.get("User")?.columns.has("email");
 *
 * Handled: CREATE TABLE (columns, inline and table PRIMARY KEY/UNIQUE/INDEX), ALTER TABLE
 * ADD/DROP/RENAME COLUMN, RENAME TO, ADD CONSTRAINT (primary key, unique), ADD/DROP
 * INDEX, DROP CONSTRAINT; CREATE [UNIQUE] INDEX; DROP INDEX; DROP TABLE. Data and
 * other statements (INSERT, CREATE TYPE, PRAGMA) change nothing here.
 */
import { createRequire } from "node:module";

export type SqlDialect = "postgresql" | "cockroachdb" | "mysql" | "sqlite" | "sqlserver";

export interface DdlIndex {
  /** null for an unnamed constraint. */
  name: string | null;
  columns: string[];
  unique: boolean;
  primary: boolean;
}

export interface DdlTable {
  name: string;
  /** Column name -> where it was created (the `source` given to `replaySql`). */
  columns: Map<string, string>;
  indexes: DdlIndex[];
}

/** A statement that was skipped: it did not parse. */
export interface DdlNote {
  source: string;
  /** 1-based line of the statement in its text. */
  line: number;
  statement: string;
  reason: string;
}

export interface DdlSchema {
  tables: Map<string, DdlTable>;
  notes: DdlNote[];
}

export function emptyDdlSchema(): DdlSchema {
  return { tables: new Map(), notes: [] };
}

/** The dialect of a Prisma datasource `provider`, or null for one without SQL (mongodb). */
export function dialectOfProvider(provider: string): SqlDialect | null {
  const known: readonly string[] = ["postgresql", "cockroachdb", "mysql", "sqlite", "sqlserver"];
  if (provider === "postgres") return "postgresql";
  return known.includes(provider) ? (provider as SqlDialect) : null;
}

/** A table by exact name, else by case-insensitive name (unquoted identifiers fold case). */
export function findTable(schema: DdlSchema, name: string): DdlTable | undefined {
  const exact = schema.tables.get(name);
  if (exact) return exact;
  const lower = name.toLowerCase();
  for (const table of schema.tables.values()) if (table.name.toLowerCase() === lower) return table;
  return undefined;
}

/** Applies every statement of `sqlText` to `schema` (mutated and returned). */
export function replaySql(
  schema: DdlSchema,
  sqlText: string,
  dialect: SqlDialect,
  source = "<sql>",
): DdlSchema {
  for (const statement of splitSqlStatements(sqlText, dialect)) {
    const parsed = astify(statement.text, dialect);
    if (!parsed.ok) {
      schema.notes.push({
        source,
        line: statement.line,
        statement: statement.text.replace(/\s+/gu, " ").slice(0, 80),
        reason: parsed.reason,
      });
      continue;
    }
    for (const ast of parsed.asts) apply(schema, ast, source);
  }
  return schema;
}

/**
 * Splits SQL text on `;` outside quotes, `$tag$` bodies and comments; comments become
 * blanks. Each statement keeps the 1-based line it starts on.
 */
export function splitSqlStatements(
  sqlText: string,
  dialect: SqlDialect = "postgresql",
): { text: string; line: number }[] {
  const statements: { text: string; line: number }[] = [];
  let current = "";
  let line = 1;
  let startLine = 1;
  const push = () => {
    if (current.trim() !== "") statements.push({ text: current.trim(), line: startLine });
    current = "";
  };
  for (let i = 0; i < sqlText.length; i++) {
    const c = sqlText[i];
    if (current.trim() === "") startLine = line;
    if (c === "-" && sqlText[i + 1] === "-") {
      while (i < sqlText.length && sqlText[i] !== "\n") i++;
      i--;
      current += " ";
      continue;
    }
    if (c === "/" && sqlText[i + 1] === "*") {
      const end = sqlText.indexOf("*/", i + 2);
      const stop = end === -1 ? sqlText.length : end + 2;
      for (const ch of sqlText.slice(i, stop)) if (ch === "\n") line++;
      current += " ";
      i = stop - 1;
      continue;
    }
    const dollar = c === "$" ? /^\$[A-Za-z_]*\$/u.exec(sqlText.slice(i, i + 64)) : null;
    const close =
      c === "'" || c === '"' || c === "`"
        ? c
        : c === "[" && dialect === "sqlserver"
          ? "]"
          : dollar
            ? dollar[0]
            : null;
    if (close) {
      const from = i + (dollar ? dollar[0].length : 1);
      let end = sqlText.indexOf(close, from);
      // A doubled quote ('it''s') continues the string.
      while (end !== -1 && close.length === 1 && sqlText[end + 1] === close) {
        end = sqlText.indexOf(close, end + 2);
      }
      const stop = end === -1 ? sqlText.length : end + close.length;
      const quoted = sqlText.slice(i, stop);
      for (const ch of quoted) if (ch === "\n") line++;
      current += quoted;
      i = stop - 1;
      continue;
    }
    if (c === "\n") line++;
    if (c === ";") push();
    else current += c;
  }
  push();
  return statements;
}

interface SqlParser {
  astify(sql: string, options: { database: string }): unknown;
}

const BUILDS: Record<SqlDialect, string> = {
  postgresql: "postgresql",
  cockroachdb: "postgresql",
  mysql: "mysql",
  sqlite: "sqlite",
  sqlserver: "transactsql",
};
/** A second build for what the first rejects: PostgreSQL's RENAME COLUMN parses as SQLite. */
const FALLBACK: Partial<Record<SqlDialect, string>> = {
  postgresql: "sqlite",
  cockroachdb: "sqlite",
};
const parsers = new Map<string, SqlParser>();

function parserFor(build: string): SqlParser {
  let parser = parsers.get(build);
  if (!parser) {
    const require = createRequire(import.meta.url);
    const { Parser } = require(`node-sql-parser/build/${build}`) as {
      Parser: new () => SqlParser;
    };
    parsers.set(build, (parser = new Parser()));
  }
  return parser;
}

function astify(
  text: string,
  dialect: SqlDialect,
): { ok: true; asts: Ast[] } | { ok: false; reason: string } {
  let reason = "";
  for (const build of [BUILDS[dialect], FALLBACK[dialect]]) {
    if (!build) continue;
    try {
      const result = parserFor(build).astify(text, { database: build });
      return { ok: true, asts: (Array.isArray(result) ? result : [result]) as Ast[] };
    } catch (error) {
      reason ||= String((error as Error).message ?? error).slice(0, 200);
    }
  }
  return { ok: false, reason };
}

/** node-sql-parser's statement objects, loosely: their shape differs between dialect builds. */
type Ast = Record<string, unknown>;

/** A name from any of the shapes the builds use: a string, `{ expr: { value } }`, a column_ref. */
function nameOf(value: unknown): string | null {
  if (typeof value === "string") return value;
  if (!value || typeof value !== "object") return null;
  const v = value as Record<string, unknown>;
  if (v.type === "column_ref") return nameOf(v.column);
  if ("expr" in v) return nameOf(v.expr);
  if (typeof v.value === "string") return v.value;
  if (typeof v.name === "string") return v.name;
  if (typeof v.table === "string") return v.table;
  if (typeof v.column === "string") return v.column;
  return null;
}

const names = (list: unknown): string[] =>
  (Array.isArray(list) ? list : []).map(nameOf).filter((n): n is string => n !== null);

function tableNames(value: unknown): string[] {
  const list = Array.isArray(value) ? value : [value];
  return list
    .map((t) => (t && typeof t === "object" ? nameOf((t as { table?: unknown }).table) : null))
    .filter((n): n is string => n !== null);
}

/** A table-level constraint or index definition as an index, or null (foreign keys, checks). */
function indexOfDefinition(def: Ast): DdlIndex | null {
  const kind = String(def.constraint_type ?? def.keyword ?? "").toLowerCase();
  const primary = kind === "primary key";
  const unique = primary || kind.startsWith("unique");
  if (!primary && !unique && def.resource !== "index") return null;
  const name = nameOf(def.constraint) ?? nameOf(def.index);
  return { name, columns: names(def.definition), unique, primary };
}

function apply(schema: DdlSchema, ast: Ast, source: string): void {
  const type = ast.type;
  const keyword = String(ast.keyword ?? "").toLowerCase();
  if (type === "create" && keyword === "table") {
    const [name] = tableNames(ast.table);
    if (!name) return;
    const table: DdlTable = { name, columns: new Map(), indexes: [] };
    for (const def of (ast.create_definitions ?? []) as Ast[]) {
      if (def.resource === "column") {
        const column = nameOf(def.column);
        if (!column) continue;
        table.columns.set(column, source);
        if (def.primary_key || def.unique) {
          table.indexes.push({
            name: null,
            columns: [column],
            unique: true,
            primary: !!def.primary_key,
          });
        }
      } else {
        const index = indexOfDefinition(def);
        if (index) table.indexes.push(index);
      }
    }
    schema.tables.set(name, table);
  } else if (type === "create" && keyword === "index") {
    const table = findTable(schema, tableNames(ast.table)[0] ?? "");
    if (!table) return;
    const unique = String(ast.index_type ?? "").toLowerCase() === "unique";
    table.indexes.push({
      name: nameOf(ast.index),
      columns: names(ast.index_columns),
      unique,
      primary: false,
    });
  } else if (type === "drop" && keyword === "table") {
    for (const name of tableNames(ast.name)) {
      const table = findTable(schema, name);
      if (table) schema.tables.delete(table.name);
    }
  } else if (type === "drop" && keyword === "index") {
    const name = nameOf(ast.name);
    const on = tableNames(ast.table)[0];
    for (const table of on ? [findTable(schema, on)] : schema.tables.values()) {
      if (table) table.indexes = table.indexes.filter((i) => i.name !== name);
    }
  } else if (type === "alter") {
    const table = findTable(schema, tableNames(ast.table)[0] ?? "");
    if (!table) return;
    for (const expr of (ast.expr ?? []) as Ast[]) alterTable(schema, table, expr, source);
  }
}

function alterTable(schema: DdlSchema, table: DdlTable, expr: Ast, source: string): void {
  const action = expr.action;
  const resource = expr.resource;
  if (resource === "column") {
    const column = nameOf(expr.column);
    if (!column) return;
    if (action === "add") table.columns.set(column, source);
    else if (action === "drop") {
      table.columns.delete(column);
      // The database drops the indexes that use a dropped column.
      table.indexes = table.indexes.filter((i) => !i.columns.includes(column));
    } else if (action === "rename") {
      const old = nameOf(expr.old_column);
      if (!old) return;
      table.columns.set(column, table.columns.get(old) ?? source);
      table.columns.delete(old);
      for (const index of table.indexes) {
        index.columns = index.columns.map((c) => (c === old ? column : c));
      }
    }
  } else if (resource === "table" && action === "rename") {
    const to = nameOf(expr.table);
    if (!to) return;
    schema.tables.delete(table.name);
    table.name = to;
    schema.tables.set(to, table);
  } else if (action === "add") {
    const def = (expr.create_definitions ?? expr) as Ast;
    const index = indexOfDefinition(def);
    if (index) table.indexes.push(index);
  } else if (action === "drop") {
    const name = nameOf(expr.constraint) ?? nameOf(expr.index) ?? nameOf(expr.key);
    if (name !== null) table.indexes = table.indexes.filter((i) => i.name !== name);
  }
}
