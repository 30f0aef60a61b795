/**
 * `queryRunner.query("...")` SQL of TypeORM migrations, replayed into the
 * migrations' schema through the shared DDL replay (`src/project/ddl.ts`, also
 * used for Prisma's migration.sql). A statement it cannot parse makes the
 * replay fail (the caller then judges no gaps); nothing is guessed.
 */
import { emptyDdlSchema, replaySql, type DdlSchema, type SqlDialect } from "../ddl.js";
import { blankColumn, type ColumnDef, type Schema, type TableDef } from "../python/schema.js";

export type { SqlDialect };

export type SqlReplay = { ok: true } | { ok: false; note: string };

/** A table name, quoted or not, with a schema or not: the name is group 1. */
const NAME = String.raw`(?:[\`"[]?\w+[\`"\]]?\.)?[\`"[]?(\w+)[\`"\]]?`;
/** Tables an `ALTER TABLE` or `CREATE INDEX ... ON` changes. */
const TOUCHED = [
  new RegExp(String.raw`\bALTER\s+TABLE(?:\s+IF\s+EXISTS)?(?:\s+ONLY)?\s+${NAME}`, "gi"),
  new RegExp(String.raw`\bINDEX\b[^;]*?\bON\s+${NAME}`, "gi"),
];
const CREATED = new RegExp(String.raw`\bCREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?\s+${NAME}`, "gi");

/**
 * Replays `sql` onto `schema` (mutated). Tables it alters without creating are
 * added to `assumed`; `createdIn` learns the new tables and columns.
 */
export function replayTypeormSql(
  schema: Schema,
  sql: string,
  dialect: SqlDialect,
  file: string,
  createdIn: Map<string, string>,
  assumed: Set<string>,
): SqlReplay {
  const ddl: DdlSchema = emptyDdlSchema();
  for (const table of schema.values()) {
    ddl.tables.set(table.name, {
      name: table.name,
      columns: new Map(
        [...table.columns.keys()].map((c) => [c, createdIn.get(`${table.name}.${c}`) ?? ""]),
      ),
      indexes: table.indexes.map((i) => ({
        name: i.name,
        columns: [...i.columns],
        unique: i.unique,
        primary: false,
      })),
    });
  }
  const created = new Set([...sql.matchAll(CREATED)].map((m) => m[1].toLowerCase()));
  for (const match of TOUCHED.flatMap((re) => [...sql.matchAll(re)])) {
    const name = match[1];
    if (created.has(name.toLowerCase())) continue;
    if ([...ddl.tables.keys()].some((t) => t.toLowerCase() === name.toLowerCase())) continue;
    ddl.tables.set(name, { name, columns: new Map(), indexes: [] });
    assumed.add(name);
  }
  const before = new Set(ddl.tables.keys());
  replaySql(ddl, sql, dialect, file);
  if (ddl.notes.length > 0) {
    const first = ddl.notes[0];
    return { ok: false, note: `SQL not replayed (${first.reason}): ${first.statement}` };
  }
  const old = new Map(schema);
  schema.clear();
  for (const table of ddl.tables.values()) {
    const previous = old.get(table.name);
    const columns = new Map<string, ColumnDef>();
    for (const [name, source] of table.columns) {
      columns.set(name, previous?.columns.get(name) ?? blankColumn(name));
      if (!createdIn.has(`${table.name}.${name}`) || source === file) {
        createdIn.set(`${table.name}.${name}`, source || file);
      }
    }
    const def: TableDef = {
      name: table.name,
      columns,
      indexes: table.indexes.map((i) => ({
        name: i.name,
        table: table.name,
        columns: i.columns,
        unique: i.unique || i.primary,
      })),
    };
    schema.set(table.name, def);
    if (!before.has(table.name)) {
      createdIn.set(table.name, file);
      assumed.delete(table.name);
    }
  }
  return { ok: true };
}
