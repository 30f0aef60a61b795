import type { SourceLocation } from "@eslint/core";
import { prismaSource } from "../../src/languages/prisma/language.js";
import { findTable, type DdlTable } from "../../src/project/ddl.js";
import { prismaMigrations, prismaSchemaOf } from "../../src/project/prisma/history.js";
import type { PrismaIndex, PrismaTableModel } from "../../src/project/prisma/schema.js";
import { projectFor, sinceOf } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./migration-for-model.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** A migration name Prisma accepts (`--name add_users_email`). */
const migrate = (...parts: string[]) =>
  "npx prisma migrate dev --name " +
  parts
    .join("_")
    .toLowerCase()
    .replace(/[^a-z0-9]+/gu, "_")
    .replace(/^_+|_+$/gu, "");

/** The models of a `.prisma` file against the tables its `migrations/*\/migration.sql` create. */
export function checkPrisma(context: Context) {
  const sourceCode = prismaSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;

  return {
    "PrismaSchema:exit"() {
      const { model: schema, dir } = prismaSchemaOf(project, file, sourceCode.ast);
      const models = schema.models.filter((m) => m.file === file);
      const joinTables = schema.joinTables.filter((j) => j.file === file);
      if (models.length === 0 && joinTables.length === 0) return;
      // No history (a schema used with `prisma db push`, or MongoDB): nothing to compare with.
      const history = prismaMigrations(project, dir, schema.provider);
      if (!history || history.files.length === 0) return;
      const replayed = history.schema;

      for (const model of models) {
        const table = findTable(replayed, model.table);
        if (!table) {
          context.report({
            loc: model.node.nameLoc,
            messageId: "tableNotMigrated",
            data: {
              table: model.table,
              model: model.model,
              command: migrate("create", model.table),
            },
          });
          continue;
        }
        for (const column of model.columns) {
          if (table.columns.has(column.column)) continue;
          context.report({
            loc: column.node.loc,
            messageId: "columnNotMigrated",
            data: {
              table: model.table,
              column: column.column,
              command: migrate("add", model.table, column.column),
            },
          });
        }
        if (options.checkIndexes ?? true) reportIndexes(model, table);
        if (options.checkRemovedColumns ?? true) reportRemoved(model, table);
      }
      for (const join of joinTables) {
        if (findTable(replayed, join.table)) continue;
        context.report({
          loc: join.node.loc,
          messageId: "tableNotMigrated",
          data: {
            table: join.table,
            model: join.model,
            command: migrate("create", join.table),
          },
        });
      }

      const since = sinceOf(context);
      if (since && since.changed.includes(file) && models.length > 0) {
        if (!since.added.some((f) => f.startsWith(`${history.dir}/`))) {
          context.report({
            loc: models[0].node.nameLoc,
            messageId: "changedWithoutNewMigration",
            data: { ref: since.ref, command: "npx prisma migrate dev" },
          });
        }
      }
    },
  };

  function reportIndexes(model: PrismaTableModel, table: DdlTable): void {
    for (const index of model.indexes) {
      // The primary key comes with the table; `@id` cannot be missing on its own.
      if (index.kind === "id" || hasIndex(table, index)) continue;
      const loc: SourceLocation = index.node.loc;
      context.report({
        loc,
        messageId: "indexNotMigrated",
        data: {
          // Prisma's default name when the schema gives none (`map:`).
          index: `"${index.name ?? `${model.table}_${index.columns.join("_")}_${index.kind === "unique" ? "key" : "idx"}`}" on "${model.table}" (${index.columns.join(", ")})`,
          command: migrate(
            "add",
            model.table,
            ...index.columns,
            index.kind === "unique" ? "key" : "idx",
          ),
        },
      });
    }
  }

  function reportRemoved(model: PrismaTableModel, table: DdlTable): void {
    const declared = new Set([...model.columns.map((c) => c.column), ...model.ignoredColumns]);
    for (const [column, createdIn] of table.columns) {
      if (declared.has(column)) continue;
      context.report({
        loc: model.node.nameLoc,
        messageId: "columnNotDropped",
        data: {
          table: model.table,
          column,
          model: `model "${model.model}"`,
          createdIn,
          command: migrate("drop", model.table, column),
        },
      });
    }
  }
}

/** By database name, or by the same columns in the same order. */
function hasIndex(table: DdlTable, index: PrismaIndex): boolean {
  return table.indexes.some(
    (existing) =>
      (index.name !== null && existing.name === index.name) ||
      (existing.columns.length === index.columns.length &&
        existing.columns.every((c, i) => c === index.columns[i])),
  );
}
