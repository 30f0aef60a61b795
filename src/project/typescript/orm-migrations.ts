/**
 * The migrated schema of a TypeScript project, read statically:
 * - TypeORM: migration classes (`implements MigrationInterface`) in timestamp
 *   order, their `up(queryRunner)` replayed: `createTable(new Table({...}))`,
 *   `addColumn(s)`, `dropColumn(s)`, `renameColumn`, `renameTable`, `dropTable`,
 *   `createIndex`/`createIndices`, `dropIndex`, `createUniqueConstraint`, and
 *   `queryRunner.query("...")` SQL through the shared DDL replay (`sql-replay.ts`).
 * - Drizzle: the latest snapshot in `<out>/meta` (the journal gives the order),
 *   which drizzle-kit writes with every generated migration.
 * Nothing is run. What cannot be read makes the history `incomplete`.
 */
import type * as TS from "typescript";
import {
  blankColumn,
  type ColumnDef,
  type IndexDef,
  type Schema,
  type TableDef,
} from "../python/schema.js";
import { parseTs } from "./imports.js";
import { typescript } from "./load.js";
import { drizzleOutDirs, isDrizzleConfig } from "./drizzle-files.js";
import { readProjectText } from "./orm-index.js";
import { replayTypeormSql, type SqlDialect } from "./sql-replay.js";
import { objectOptions, stringValue } from "./ts-ast.js";
import type { Project } from "../project.js";

export interface TsMigrationHistory {
  tool: "typeorm" | "drizzle";
  /** Migration files replayed, in order (TypeORM), or the snapshot read (Drizzle). */
  files: string[];
  schema: Schema;
  /** `table` and `table.column` -> the file that created it. */
  createdIn: Map<string, string>;
  /** Tables changed but never created by the history: their columns are not all known. */
  assumedTables: Set<string>;
  /** Some migration step could not be read (SQL built at run time, an unknown call): do not judge gaps. */
  incomplete: boolean;
  notes: { file: string; line: number; message: string }[];
  /**
   * TypeORM: the file that creates the `DataSource`; Drizzle: the config file when
   * drizzle-kit needs `--config` to find it (not at the root). For the generate command.
   */
  dataSource: string | null;
  /** Where new migrations go: the directory of the last TypeORM migration, Drizzle's `out`. */
  directory: string;
  /**
   * Drizzle: the config's `schema` paths and globs (root-relative); drizzle-kit
   * generates migrations only for tables declared there. Null: every file.
   */
  schemaPaths: string[] | null;
}

const cache = new WeakMap<
  Project,
  { typeorm: TsMigrationHistory | null; drizzle: TsMigrationHistory | null }
>();

export function tsMigrationHistories(project: Project) {
  let found = cache.get(project);
  if (!found) {
    found = { typeorm: loadTypeorm(project), drizzle: loadDrizzle(project) };
    cache.set(project, found);
  }
  return found;
}

function emptyHistory(tool: TsMigrationHistory["tool"]): TsMigrationHistory {
  return {
    tool,
    files: [],
    schema: new Map(),
    createdIn: new Map(),
    assumedTables: new Set(),
    incomplete: false,
    notes: [],
    dataSource: null,
    directory: "",
    schemaPaths: null,
  };
}

// ---------------------------------------------------------------------------
// TypeORM
// ---------------------------------------------------------------------------

const DIALECTS: Record<string, SqlDialect> = {
  postgres: "postgresql",
  cockroachdb: "cockroachdb",
  mysql: "mysql",
  mariadb: "mysql",
  sqlite: "sqlite",
  "better-sqlite3": "sqlite",
  sqljs: "sqlite",
  mssql: "sqlserver",
};

function loadTypeorm(project: Project): TsMigrationHistory | null {
  const migrations: { file: string; text: string; order: number; className: string }[] = [];
  let dialect: SqlDialect = "postgresql";
  let dataSource: string | null = null;
  for (const file of project.files.typescript) {
    if (file.endsWith(".d.ts")) continue;
    const text = readProjectText(project, file);
    if (text === null) continue;
    const type =
      /\btype\s*:\s*["'](postgres|cockroachdb|mysql|mariadb|sqlite|better-sqlite3|sqljs|mssql)["']/.exec(
        text,
      );
    if (type && /typeorm|DataSource|TypeOrmModule/.test(text)) dialect = DIALECTS[type[1]];
    if (dataSource === null && /\bnew\s+DataSource\s*\(/.test(text)) dataSource = file;
    if (!/\bMigrationInterface\b/.test(text)) continue;
    const className = /class\s+(\w+)\s+implements\s+MigrationInterface/.exec(text)?.[1];
    if (!className) continue;
    // TypeORM orders by the class name's 13-digit timestamp suffix.
    const stamp = /(\d{13})$/.exec(className)?.[1] ?? /(\d{10,})/.exec(file)?.[1];
    migrations.push({ file, text, order: stamp ? Number(stamp) : 0, className });
  }
  if (migrations.length === 0) return null;
  migrations.sort((a, b) => a.order - b.order || (a.className < b.className ? -1 : 1));
  const history = emptyHistory("typeorm");
  history.dataSource = dataSource;
  const last = migrations.at(-1)!.file;
  history.directory = last.includes("/") ? last.slice(0, last.lastIndexOf("/")) : "";
  for (const migration of migrations) {
    history.files.push(migration.file);
    replayTypeormFile(history, migration.file, parseTs(migration.file, migration.text), dialect);
  }
  return history;
}

function replayTypeormFile(
  history: TsMigrationHistory,
  file: string,
  sourceFile: TS.SourceFile,
  dialect: SqlDialect,
): void {
  const ts = typescript();
  const note = (node: TS.Node, message: string) => {
    history.notes.push({
      file,
      line: sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile)).line + 1,
      message,
    });
  };
  const visitClass = (node: TS.Node): void => {
    if (ts.isClassDeclaration(node)) {
      for (const member of node.members) {
        if (!ts.isMethodDeclaration(member) || !member.body) continue;
        if (!ts.isIdentifier(member.name) || member.name.text !== "up") continue;
        const param = member.parameters[0]?.name;
        if (!param || !ts.isIdentifier(param)) continue;
        replayBody(member.body, param.text);
      }
      return;
    }
    ts.forEachChild(node, visitClass);
  };
  const replayBody = (body: TS.Node, runner: string) => {
    const visit = (node: TS.Node): void => {
      if (ts.isCallExpression(node) && ts.isPropertyAccessExpression(node.expression)) {
        const receiver = node.expression.expression;
        const isRunner = ts.isIdentifier(receiver) && receiver.text === runner;
        const isManager =
          ts.isPropertyAccessExpression(receiver) &&
          ts.isIdentifier(receiver.expression) &&
          receiver.expression.text === runner &&
          receiver.name.text === "manager";
        if (isRunner || (isManager && node.expression.name.text === "query")) {
          replayCall(node.expression.name.text, node.arguments, node);
          return;
        }
      }
      ts.forEachChild(node, visit);
    };
    visit(body);
  };
  const table = (name: string): TableDef => {
    let def = history.schema.get(name);
    if (!def) {
      def = { name, columns: new Map(), indexes: [] };
      history.schema.set(name, def);
      history.assumedTables.add(name);
    }
    return def;
  };
  const replayCall = (method: string, args: readonly TS.Expression[], node: TS.Node) => {
    const tableName = stringValue(args[0]) ?? tableNameOf(args[0]);
    switch (method) {
      case "query": {
        const sql = stringValue(args[0]);
        if (sql === null) {
          history.incomplete = true;
          note(node, "queryRunner.query with SQL built at run time (not replayed)");
          return;
        }
        const replayed = replayTypeormSql(
          history.schema,
          sql,
          dialect,
          file,
          history.createdIn,
          history.assumedTables,
        );
        if (!replayed.ok) {
          history.incomplete = true;
          note(node, replayed.note);
        }
        return;
      }
      case "createTable": {
        const spec = tableSpec(args[0]);
        if (!spec) break;
        history.schema.set(spec.name, spec);
        history.assumedTables.delete(spec.name);
        history.createdIn.set(spec.name, file);
        for (const column of spec.columns.keys())
          history.createdIn.set(`${spec.name}.${column}`, file);
        return;
      }
      case "dropTable":
        if (tableName === null) break;
        history.schema.delete(tableName);
        return;
      case "renameTable": {
        const to = stringValue(args[1]);
        if (tableName === null || to === null) break;
        const def = table(tableName);
        history.schema.delete(tableName);
        history.schema.set(to, { ...def, name: to });
        if (history.assumedTables.delete(tableName)) history.assumedTables.add(to);
        return;
      }
      case "addColumn":
      case "addColumns": {
        const specs = method === "addColumn" ? [args[1]] : arrayOf(args[1]);
        if (tableName === null || specs === null) break;
        const def = table(tableName);
        for (const spec of specs) {
          const column = columnSpec(spec);
          if (!column) {
            history.incomplete = true;
            continue;
          }
          def.columns.set(column.name, column);
          history.createdIn.set(`${tableName}.${column.name}`, file);
        }
        return;
      }
      case "dropColumn":
      case "dropColumns": {
        const specs = method === "dropColumn" ? [args[1]] : arrayOf(args[1]);
        if (tableName === null || specs === null) break;
        const def = table(tableName);
        for (const spec of specs) {
          const name = stringValue(spec) ?? columnSpec(spec)?.name ?? null;
          if (name === null) history.incomplete = true;
          else def.columns.delete(name);
        }
        return;
      }
      case "renameColumn": {
        const from = stringValue(args[1]) ?? columnSpec(args[1])?.name ?? null;
        const to = stringValue(args[2]) ?? columnSpec(args[2])?.name ?? null;
        if (tableName === null || from === null || to === null) break;
        const def = table(tableName);
        const old = def.columns.get(from);
        def.columns.delete(from);
        def.columns.set(to, { ...(old ?? blankColumn(to)), name: to });
        def.indexes = def.indexes.map((i) => ({
          ...i,
          columns: i.columns.map((c) => (c === from ? to : c)),
        }));
        return;
      }
      case "createIndex":
      case "createIndices":
      case "createUniqueConstraint":
      case "createUniqueConstraints": {
        const single = method === "createIndex" || method === "createUniqueConstraint";
        const specs = single ? [args[1]] : arrayOf(args[1]);
        if (tableName === null || specs === null) break;
        const def = table(tableName);
        for (const spec of specs) {
          const index = indexSpec(spec, tableName, method.startsWith("createUnique"));
          if (index) def.indexes.push(index);
        }
        return;
      }
      case "dropIndex":
      case "dropUniqueConstraint": {
        const name = stringValue(args[1]) ?? indexSpec(args[1], "", false)?.name ?? null;
        if (tableName === null || name === null) break;
        const def = table(tableName);
        def.indexes = def.indexes.filter((i) => i.name !== name);
        return;
      }
      case "createForeignKey":
      case "createForeignKeys":
      case "dropForeignKey":
      case "dropForeignKeys":
      case "createPrimaryKey":
      case "dropPrimaryKey":
      case "changeColumn":
      case "changeColumns":
      case "createCheckConstraint":
      case "dropCheckConstraint":
      case "createSchema":
      case "createDatabase":
        // Constraints and types: nothing that adds or removes a table, column or index.
        return;
      default:
        break;
    }
    history.incomplete = true;
    note(node, `queryRunner.${method} (not replayed)`);
  };
  visitClass(sourceFile);
}

/** `new Table({...})`, `new TableColumn({...})`, or the object itself: its options. */
function constructed(node: TS.Expression | undefined) {
  const ts = typescript();
  if (node && ts.isNewExpression(node)) return objectOptions(node.arguments?.[0]);
  return objectOptions(node);
}

function tableNameOf(node: TS.Expression | undefined): string | null {
  return stringValue(constructed(node)?.values.get("name"));
}

function arrayOf(node: TS.Expression | undefined): TS.Expression[] | null {
  const ts = typescript();
  return node && ts.isArrayLiteralExpression(node) ? [...node.elements] : null;
}

function columnSpec(node: TS.Expression | undefined): ColumnDef | null {
  const options = constructed(node);
  const name = stringValue(options?.values.get("name"));
  if (!options || name === null) return null;
  const flag = (key: string) =>
    options.values.get(key)?.kind === typescript().SyntaxKind.TrueKeyword;
  return {
    ...blankColumn(name),
    type: stringValue(options.values.get("type")),
    primaryKey: flag("isPrimary"),
    unique: flag("isUnique"),
  };
}

function stringList(node: TS.Expression | undefined): string[] | null {
  const items = arrayOf(node);
  if (!items) return null;
  const out = items.map(stringValue);
  return out.every((s): s is string => s !== null) ? out : null;
}

function indexSpec(
  node: TS.Expression | undefined,
  table: string,
  unique: boolean,
): IndexDef | null {
  const options = constructed(node);
  if (!options) return null;
  const columns = stringList(options.values.get("columnNames"));
  return {
    name: stringValue(options.values.get("name")),
    table,
    columns: columns ?? [],
    unique: unique || options.values.get("isUnique")?.kind === typescript().SyntaxKind.TrueKeyword,
  };
}

function tableSpec(node: TS.Expression | undefined): TableDef | null {
  const options = constructed(node);
  const name = stringValue(options?.values.get("name"));
  if (!options || name === null) return null;
  const def: TableDef = { name, columns: new Map(), indexes: [] };
  for (const spec of arrayOf(options.values.get("columns")) ?? []) {
    const column = columnSpec(spec);
    if (column) def.columns.set(column.name, column);
  }
  for (const spec of arrayOf(options.values.get("indices")) ?? []) {
    const index = indexSpec(spec, name, false);
    if (index) def.indexes.push(index);
  }
  for (const spec of arrayOf(options.values.get("uniques")) ?? []) {
    const index = indexSpec(spec, name, true);
    if (index) def.indexes.push(index);
  }
  const primary = [...def.columns.values()].filter((c) => c.primaryKey).map((c) => c.name);
  if (primary.length > 0)
    def.indexes.push({ name: null, table: name, columns: primary, unique: true });
  for (const column of def.columns.values()) {
    if (column.unique)
      def.indexes.push({ name: null, table: name, columns: [column.name], unique: true });
  }
  return def;
}

// ---------------------------------------------------------------------------
// Drizzle
// ---------------------------------------------------------------------------

function loadDrizzle(project: Project): TsMigrationHistory | null {
  const configs = project.files.typescript.filter(isDrizzleConfig);
  /** Each candidate `out` directory, with the config to name in `--config`. */
  const outs = new Map<string, string | null>();
  const schemaPaths: string[] = [];
  let everyFile = configs.length === 0;
  for (const config of configs) {
    const text = readProjectText(project, config) ?? "";
    const paths = configSchemaPaths(text);
    if (paths) schemaPaths.push(...paths);
    else everyFile = true;
    const atRoot = !config.includes("/");
    for (const out of drizzleOutDirs(config, text)) {
      if (!outs.has(out)) outs.set(out, atRoot ? null : config);
    }
  }
  if (outs.size === 0) outs.set("drizzle", null);
  const history = emptyHistory("drizzle");
  history.schemaPaths = everyFile ? null : schemaPaths;
  let found = false;
  for (const [out, config] of outs) {
    const journal = parseJson(readProjectText(project, `${out}/meta/_journal.json`));
    const entries = (journal as { entries?: { idx?: number; tag?: string }[] } | null)?.entries;
    if (!Array.isArray(entries)) continue;
    found = true;
    history.directory = out;
    history.dataSource = config;
    const last = entries.at(-1);
    if (typeof last?.idx !== "number") continue;
    // `0003_snapshot.json`, or named after the migration's tag (`0000_initial_schema_snapshot.json`).
    const names = [`${String(last.idx).padStart(4, "0")}_snapshot.json`];
    if (typeof last.tag === "string") names.push(`${last.tag}_snapshot.json`);
    const texts = names.map((name) => readProjectText(project, `${out}/meta/${name}`));
    const at = Math.max(
      0,
      texts.findIndex((t) => t !== null),
    );
    const file = `${out}/meta/${names[at]}`;
    const snapshot = parseJson(texts[at] ?? null);
    if (!snapshot) {
      history.incomplete = true;
      history.notes.push({ file, line: 1, message: "snapshot missing or not JSON" });
      continue;
    }
    history.files.push(file);
    readSnapshot(history, snapshot, file);
  }
  return found ? history : null;
}

/**
 * `schema: "./src/db/schema.ts"` or `schema: ["src/**\/*.model.ts", ...]` in a
 * drizzle config, without `./`; null when absent or not literal strings.
 */
function configSchemaPaths(text: string): string[] | null {
  // `migrations: { schema: "public" }` names a database schema, not files.
  const topLevel = text.replace(/\bmigrations\s*:\s*\{[^}]*\}/g, "");
  const value = /\bschema\s*:\s*(\[[^\]]*\]|["'`][^"'`]+["'`])/.exec(topLevel)?.[1];
  if (!value) return null;
  const strings = [...value.matchAll(/["'`]([^"'`]+)["'`]/g)].map((m) => m[1].replace(/^\.\//, ""));
  const rest = value.replace(/["'`][^"'`]+["'`]|[\s,[\]]/g, "");
  return strings.length > 0 && rest === "" ? strings : null;
}

function parseJson(text: string | null): unknown {
  if (text === null) return null;
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return null;
  }
}

interface SnapshotTable {
  name?: string;
  columns?: Record<string, { name?: string; primaryKey?: boolean }>;
  indexes?: Record<string, unknown>;
  compositePrimaryKeys?: Record<string, unknown>;
  uniqueConstraints?: Record<string, unknown>;
}

/** `columns` of a snapshot index: names (v5, mysql, sqlite) or `{ expression, isExpression }` (pg v7). */
function snapshotColumns(value: unknown): string[] {
  const raw = (value as { columns?: unknown } | null)?.columns;
  if (typeof raw === "string") return raw.split(",");
  if (!Array.isArray(raw)) return [];
  return raw.map((c: unknown) => {
    if (typeof c === "string") return c;
    const entry = c as { expression?: string; isExpression?: boolean };
    return entry.isExpression ? "?" : (entry.expression ?? "?");
  });
}

function readSnapshot(history: TsMigrationHistory, snapshot: unknown, file: string): void {
  const tables = (snapshot as { tables?: Record<string, SnapshotTable> }).tables ?? {};
  for (const [key, spec] of Object.entries(tables)) {
    const name = spec.name ?? key.slice(key.indexOf(".") + 1);
    const def: TableDef = { name, columns: new Map(), indexes: [] };
    for (const [columnKey, column] of Object.entries(spec.columns ?? {})) {
      const columnName = column.name ?? columnKey;
      def.columns.set(columnName, {
        ...blankColumn(columnName),
        primaryKey: column.primaryKey === true,
      });
      history.createdIn.set(`${name}.${columnName}`, file);
    }
    for (const [indexKey, index] of Object.entries(spec.indexes ?? {})) {
      const unique = (index as { isUnique?: boolean }).isUnique === true;
      def.indexes.push({ name: indexKey, table: name, columns: snapshotColumns(index), unique });
    }
    for (const group of [spec.compositePrimaryKeys, spec.uniqueConstraints]) {
      for (const [indexKey, index] of Object.entries(group ?? {})) {
        def.indexes.push({
          name: indexKey,
          table: name,
          columns: snapshotColumns(index),
          unique: true,
        });
      }
    }
    history.schema.set(name, def);
    history.createdIn.set(name, file);
  }
}
