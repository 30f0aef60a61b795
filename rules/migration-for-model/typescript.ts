import ignore from "ignore";
import {
  eslintLoc,
  type IndexDef,
  type SourceLoc,
  type TableDef,
} from "../../src/project/python/schema.js";
import type { EntityTable } from "../../src/project/typescript/entities.js";
import { ormIndexOf } from "../../src/project/typescript/orm-index.js";
import {
  tsMigrationHistories,
  type TsMigrationHistory,
} from "../../src/project/typescript/orm-migrations.js";
import { projectFor, sinceOf } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./migration-for-model.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/**
 * TypeORM entities against the replayed migration classes, Drizzle tables against
 * the latest drizzle-kit snapshot. No history (or one that could not be fully
 * read): nothing to compare, no findings.
 */
export function checkTypescript(context: Context) {
  const text = (context.sourceCode as unknown as { text: string }).text;
  if (!/@Entity\b|Table\s*\(/.test(text)) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;

  return {
    "Program:exit"() {
      const index = ormIndexOf(project);
      const tables = index.tablesOfSource(file, text).filter((t) => t.table !== null);
      if (tables.length === 0) return;
      const histories = tsMigrationHistories(project);
      const reported = new Set<string>();
      for (const table of tables) {
        const history = table.orm === "typeorm" ? histories.typeorm : histories.drizzle;
        if (!history || history.incomplete) continue;
        // A custom TypeORM naming strategy makes names this rule cannot derive: not judged.
        if (table.orm === "typeorm" && index.naming === "custom") continue;
        // drizzle-kit generates nothing for a table outside the config's `schema` paths.
        if (history.schemaPaths && !ignore().add(history.schemaPaths).ignores(table.file)) continue;
        const name = table.table!;
        const report = (
          loc: SourceLoc,
          messageId: MessageIds,
          data: Record<string, string>,
          what: string,
        ) =>
          context.report({
            loc: eslintLoc(loc),
            messageId,
            data: { ...data, command: command(history, what) },
          });
        const replayed = history.schema.get(name);
        if (!replayed) {
          // A history that alters tables it never creates starts from an existing schema.
          if (history.assumedTables.size > 0 || reported.has(name)) continue;
          reported.add(name);
          report(
            table.loc,
            "tableNotMigrated",
            { table: name, model: table.name },
            `create ${name}`,
          );
          continue;
        }
        if (history.assumedTables.has(name)) continue;
        for (const column of table.columns) {
          if (replayed.columns.has(column.name)) continue;
          const loc =
            column.inheritedFrom === null && column.loc.file === file ? column.loc : table.loc;
          report(
            loc,
            "columnNotMigrated",
            { table: name, column: column.name },
            `add ${name}.${column.name}`,
          );
        }
        if (options.checkIndexes) {
          for (const wanted of table.indexes) {
            if (wanted.columns.length === 0 || wanted.columns.includes("?")) continue;
            if (hasIndex(replayed, wanted)) continue;
            const column =
              wanted.columns.length === 1
                ? table.columns.find((c) => c.name === wanted.columns[0] && c.index)
                : undefined;
            const loc =
              column && column.inheritedFrom === null && column.loc.file === file
                ? column.loc
                : table.loc;
            const label = column
              ? `on "${name}.${column.name}"`
              : `${wanted.name ? `"${wanted.name}" ` : ""}on "${name}" (${wanted.columns.join(", ")})`;
            report(
              loc,
              "indexNotMigrated",
              { index: label },
              `add index ${wanted.name ?? wanted.columns.join(" ")}`,
            );
          }
        }
        const opaque = index.tables.some((t) => t.table === name && t.opaque) || table.opaque;
        if (options.checkRemovedColumns && !opaque && !reported.has(`removed:${name}`)) {
          reported.add(`removed:${name}`);
          const declared = declaredColumns(name, file, tables, index.tables);
          for (const column of replayed.columns.keys()) {
            if (declared.has(column)) continue;
            report(
              table.loc,
              "columnNotDropped",
              {
                table: name,
                column,
                model: `${table.orm === "typeorm" ? "entity" : "table"} "${table.name}"`,
                createdIn: history.createdIn.get(`${name}.${column}`) ?? "an earlier migration",
              },
              `drop ${name}.${column}`,
            );
          }
        }
      }

      const since = sinceOf(context);
      if (since && since.changed.includes(file)) {
        const history = tables[0].orm === "typeorm" ? histories.typeorm : histories.drizzle;
        if (!history) return;
        const added = since.added.some(
          (f) =>
            project.roleOf(f) === "migrations" ||
            (history.directory !== "" && f.startsWith(`${history.directory}/`)),
        );
        if (added) return;
        context.report({
          loc: eslintLoc(tables[0].loc),
          messageId: "changedWithoutNewMigration",
          data: { ref: since.ref, command: command(history, "...") },
        });
      }
    },
  };
}

/** Columns every table named `name` declares: other files from the index, this one as linted. */
function declaredColumns(
  name: string,
  file: string,
  own: readonly EntityTable[],
  all: readonly EntityTable[],
): Set<string> {
  return new Set(
    [...all.filter((t) => t.file !== file), ...own]
      .filter((t) => t.table === name)
      .flatMap((t) => t.columns.map((c) => c.name)),
  );
}

/** A named index matches by name or columns; an unnamed one by its columns. */
function hasIndex(table: TableDef, index: IndexDef): boolean {
  return table.indexes.some(
    (existing) =>
      (index.name !== null && existing.name === index.name) ||
      (existing.columns.length === index.columns.length &&
        existing.columns.every((c, i) => c === index.columns[i])),
  );
}

/** The command that generates the missing migration, named after what it does. */
function command(history: TsMigrationHistory, what: string): string {
  if (history.tool === "drizzle") {
    const config = history.dataSource ? ` --config ${history.dataSource}` : "";
    return what === "..."
      ? `npx drizzle-kit generate${config}`
      : `npx drizzle-kit generate${config} --name ${snake(what)}`;
  }
  const migrationName = what === "..." ? "<Name>" : pascal(what);
  const dir = history.directory === "" ? "" : `${history.directory}/`;
  const dataSource = history.dataSource ?? "<data-source.ts>";
  return `npx typeorm migration:generate ${dir}${migrationName} -d ${dataSource}`;
}

const words = (text: string) => text.split(/[^A-Za-z0-9]+/).filter(Boolean);
const snake = (text: string) =>
  words(text)
    .map((w) => w.toLowerCase())
    .join("_");
const pascal = (text: string) =>
  words(text)
    .flatMap((w) => w.split(/_/))
    .map((w) => w.charAt(0).toUpperCase() + w.slice(1))
    .join("");
