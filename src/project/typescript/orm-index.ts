/**
 * The TypeORM entities and Drizzle tables of a whole project, built once per
 * `Project` (a WeakMap here, so project.ts needs no field): which files declare
 * them, the naming strategy, base classes resolved through the project's
 * imports, and each table's complete columns and indexes.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import type * as TS from "typescript";
import type { Project } from "../project.js";
import { parseTs } from "./imports.js";
import { typescript } from "./load.js";
import { stringValue } from "./ts-ast.js";
import {
  completeEntity,
  readTables,
  TABLES_TEXT,
  type ColumnHolder,
  type EntityTable,
  type FileTables,
  type Naming,
} from "./entities.js";

export interface OrmIndex {
  naming: Naming;
  /** Drizzle's `casing: "snake_case"` (drizzle.config or `drizzle({ casing })`). */
  drizzleSnakeCase: boolean;
  /** Every entity and Drizzle table on disk. */
  tables: EntityTable[];
  /** The tables of one file as linted (its text may differ from the disk's). */
  tablesOfSource(file: string, text: string): EntityTable[];
}

const cache = new WeakMap<Project, OrmIndex>();

/** Files above this size are not read (generated code). */
const MAX_BYTES = 2 * 1024 * 1024;

export function readProjectText(project: Project, file: string): string | null {
  try {
    const text = readFileSync(join(project.root, file), "utf8");
    if (text.length > MAX_BYTES) return null;
    return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  } catch {
    return null;
  }
}

const SNAKE_STRATEGY = /namingStrategy\s*:\s*new\s+SnakeNamingStrategy\s*\(/;
const ANY_STRATEGY = /namingStrategy\s*:/;
const DRIZZLE_SNAKE = /casing\s*:\s*["']snake_case["']/;

export function ormIndexOf(project: Project): OrmIndex {
  let index = cache.get(project);
  if (index) return index;
  const texts = new Map<string, string>();
  let naming: Naming = "default";
  let drizzleSnakeCase = false;
  for (const file of project.files.typescript) {
    if (/(^|\/)node_modules\//.test(file) || file.endsWith(".d.ts")) continue;
    const text = readProjectText(project, file);
    if (text === null) continue;
    if (ANY_STRATEGY.test(text)) {
      const found: Naming = SNAKE_STRATEGY.test(text) ? "snake" : "custom";
      if (naming === "default" || found === "custom") naming = found;
    }
    if (DRIZZLE_SNAKE.test(text) && /drizzle/.test(text)) drizzleSnakeCase = true;
    if (TABLES_TEXT.test(text)) texts.set(file, text);
  }
  const perFile = new Map<string, FileTables>();
  for (const [file, text] of texts) {
    perFile.set(file, readTables(file, text, naming, drizzleSnakeCase));
  }
  const primaryKeys = new Map<string, string>();
  for (const tables of perFile.values()) {
    for (const holder of tables.holders) {
      const primary = holder.columns.find((c) => c.primaryKey);
      if (holder.entity && primary && !primaryKeys.has(holder.className)) {
        primaryKeys.set(holder.className, primary.name);
      }
    }
  }
  const primaryKeyOf = (className: string) => primaryKeys.get(className) ?? null;

  /** The base chain of a holder in `file`, farthest first; `opaque` when one was not found. */
  const basesOf = (file: string, holder: ColumnHolder, local: FileTables) => {
    const chain: { holder: ColumnHolder; file: string }[] = [];
    let opaque = false;
    let current = { holder, file, tables: local };
    for (let depth = 0; depth < 8 && current.holder.base; depth++) {
      const found = findClass(project, current.file, current.holder.base, current.tables, perFile);
      if (found === "library") break;
      if (!found) {
        opaque = true;
        break;
      }
      chain.unshift({ holder: found.holder, file: found.file });
      current = found;
    }
    return { chain, opaque };
  };

  const complete = (file: string, tables: FileTables): EntityTable[] => {
    const out: EntityTable[] = [];
    for (const holder of tables.holders) {
      if (!holder.entity) continue;
      const { chain, opaque } = basesOf(file, holder, tables);
      const entity = completeEntity(holder, chain, opaque, primaryKeyOf, naming);
      if (entity) out.push(entity);
    }
    for (const table of tables.drizzle) {
      if (table.table !== null || !table.tableRef) continue;
      const name = constantString(project, file, table.tableRef);
      if (name === null) continue;
      table.table = name;
      for (const index of table.indexes) if (index.table === "?") index.table = name;
    }
    return [...out, ...tables.drizzle];
  };

  const all = [...perFile].flatMap(([file, tables]) => complete(file, tables));
  index = {
    naming,
    drizzleSnakeCase,
    tables: all,
    tablesOfSource(file, text) {
      return complete(file, readTables(file, text, naming, drizzleSnakeCase));
    },
  };
  cache.set(project, index);
  return index;
}

/**
 * The class `name` as seen from `file`: declared there, or imported from a project
 * file; `"library"` for a class from a package (TypeORM's `BaseEntity`), null when
 * it cannot be followed.
 */
function findClass(
  project: Project,
  file: string,
  name: string,
  local: FileTables,
  perFile: Map<string, FileTables>,
): { holder: ColumnHolder; file: string; tables: FileTables } | "library" | null {
  const here = local.holders.find((h) => h.className === name);
  if (here) return { holder: here, file, tables: local };
  for (const record of project.tsImportsOf(file)) {
    const binding = record.bindings.find((b) => (b.alias ?? b.name) === name);
    if (!binding) continue;
    const resolved = project.resolveTs(file, record);
    if (resolved.external !== null || resolved.builtin) return "library";
    const target = resolved.targets.find((t) => t.name === binding.name) ?? resolved.targets[0];
    if (!target) return null;
    const tables = perFile.get(target.file);
    const holder = tables?.holders.find((h) => h.className === binding.name);
    return holder && tables ? { holder, file: target.file, tables } : null;
  }
  return null;
}

/**
 * A string constant as seen from `file`: `const USERS = "users"` or a property of
 * `export const TABLE_NAMES = { users: "users" } as const`, declared there or in a
 * project file it imports (one hop). Null when it is anything else.
 */
function constantString(
  project: Project,
  file: string,
  ref: { object: string; property: string | null },
): string | null {
  const here = readProjectText(project, file);
  if (here === null) return null;
  const local = constantIn(parseTs(file, here), ref.object, ref.property, false);
  if (local !== undefined) return local;
  for (const record of project.tsImportsOf(file)) {
    const binding = record.bindings.find((b) => (b.alias ?? b.name) === ref.object);
    if (!binding) continue;
    const resolved = project.resolveTs(file, record);
    const target = resolved.targets.find((t) => t.name === binding.name) ?? resolved.targets[0];
    if (!target || resolved.external !== null) return null;
    const text = readProjectText(project, target.file);
    if (text === null) return null;
    return constantIn(parseTs(target.file, text), binding.name, ref.property, true) ?? null;
  }
  return null;
}

/** undefined: no such top-level const; null: there but not a string literal. */
function constantIn(
  sf: TS.SourceFile,
  name: string,
  property: string | null,
  exported: boolean,
): string | null | undefined {
  const ts = typescript();
  for (const statement of sf.statements) {
    if (!ts.isVariableStatement(statement)) continue;
    if (!(statement.declarationList.flags & ts.NodeFlags.Const)) continue;
    const isExported = statement.modifiers?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
    if (exported && !isExported) continue;
    for (const declaration of statement.declarationList.declarations) {
      if (!ts.isIdentifier(declaration.name) || declaration.name.text !== name) continue;
      let value = declaration.initializer;
      while (value && (ts.isAsExpression(value) || ts.isSatisfiesExpression(value)))
        value = value.expression;
      if (property === null) return stringValue(value);
      if (!value || !ts.isObjectLiteralExpression(value)) return null;
      for (const member of value.properties) {
        if (!ts.isPropertyAssignment(member)) continue;
        const key =
          ts.isIdentifier(member.name) || ts.isStringLiteral(member.name) ? member.name.text : null;
        if (key === property) return stringValue(member.initializer);
      }
      return null;
    }
  }
  return undefined;
}
