import type { IndexDef } from "../../src/project/python/schema.js";
import type { EntityColumn, EntityTable } from "../../src/project/typescript/entities.js";
import { ormIndexOf } from "../../src/project/typescript/orm-index.js";
import { tsMigrationHistories } from "../../src/project/typescript/orm-migrations.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./index-foreign-keys.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/**
 * Foreign keys of TypeORM entities (the join column of a `@ManyToOne`, or of a
 * `@OneToOne` with `@JoinColumn`) and Drizzle tables (`.references()`,
 * `foreignKey({...})`) that no index starts with.
 */
export function checkTypescript(context: Context) {
  const text = (context.sourceCode as unknown as { text: string }).text;
  if (!/\b(ManyToOne|OneToOne|references|foreignKey)\b/.test(text)) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const uniqueCounts = context.options[0].uniqueCounts ?? true;

  return {
    "Program:exit"() {
      const index = ormIndexOf(project);
      const tables = index.tablesOfSource(file, text);
      if (tables.length === 0) return;
      const histories = tsMigrationHistories(project);
      for (const table of tables) {
        const history = table.orm === "typeorm" ? histories.typeorm : histories.drizzle;
        // A custom naming strategy renames tables and columns in ways not read here: an
        // index its migrations create cannot be matched, so such entities are not judged.
        if (table.orm === "typeorm" && index.naming === "custom" && history?.files.length) continue;
        const migrated = (table.table && history?.schema.get(table.table)?.indexes) || [];
        for (const column of table.columns) {
          if (column.foreignKey === null || column.inheritedFrom !== null) continue;
          if (column.loc.file !== file) continue;
          if (isIndexed(table, column, [...table.indexes, ...migrated], uniqueCounts)) continue;
          context.report({
            loc: {
              start: { line: column.loc.line, column: column.loc.column },
              end: { line: column.loc.endLine, column: column.loc.endColumn },
            },
            messageId: "foreignKeyWithoutIndex",
            data: {
              table: table.table ?? table.name,
              column: column.name,
              target: targetOf(column, index.tables),
              fix:
                table.orm === "typeorm"
                  ? `@Index() to "${column.property}", or a class @Index([...]) that starts with it`
                  : `index().on(table.${column.property}) to the table's indexes, or one that starts with it`,
            },
          });
        }
      }
    },
  };
}

/** Indexed by `@Index()`, an index or unique constraint that starts with it, or the primary key. */
function isIndexed(
  table: EntityTable,
  column: EntityColumn,
  indexes: readonly IndexDef[],
  uniqueCounts: boolean,
): boolean {
  if (column.index) return true;
  if (uniqueCounts && column.unique) return true;
  if (indexes.some((i) => i.columns[0] === column.name && (uniqueCounts || !i.unique))) {
    return true;
  }
  return table.columns.find((c) => c.primaryKey)?.name === column.name;
}

/** `users.id` for a TypeORM target class found in the project; else as written. */
function targetOf(column: EntityColumn, tables: readonly EntityTable[]): string {
  const target = column.foreignKey ?? "?";
  const entity = tables.find((t) => t.orm === "typeorm" && t.name === target);
  if (!entity?.table) return target;
  const primary = entity.columns.find((c) => c.primaryKey)?.name ?? "id";
  return `${entity.table}.${primary}`;
}
