import { createRule, pythonSource } from "../../src/rule.js";
import { prismaSource } from "../../src/languages/prisma/language.js";
import { checkPrisma } from "./prisma.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  checkIndexes?: boolean;
  checkRemovedColumns?: boolean;
}

export type MessageIds =
  | "tableWithoutMigration"
  | "columnWithoutMigration"
  | "indexWithoutMigration"
  | "columnRemoved"
  | "changedWithoutMigration"
  | "tableNotMigrated"
  | "columnNotMigrated"
  | "indexNotMigrated"
  | "columnNotDropped"
  | "changedWithoutNewMigration";

export default createRule<[Options], MessageIds>({
  name: "migration-for-model",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js", "layerlint/prisma"],
    docs: {
      description: "Require a migration for every table, column and index the models declare",
      guideline: "Core Principle 5: Database Migrations",
      recommended: "error",
    },
    messages: {
      tableWithoutMigration:
        'Table "{{table}}" (model "{{model}}") has no migration. Run: alembic revision --autogenerate -m "create {{table}} table".',
      columnWithoutMigration:
        'Column "{{table}}.{{column}}" has no migration. Run: alembic revision --autogenerate -m "add {{table}}.{{column}}".',
      indexWithoutMigration:
        'Index {{index}} has no migration. Run: alembic revision --autogenerate -m "add index {{name}}".',
      columnRemoved:
        'Column "{{table}}.{{column}}" is created by the migrations ({{createdIn}}) but model "{{model}}" no longer has it. Run: alembic revision --autogenerate -m "drop {{table}}.{{column}}".',
      changedWithoutMigration:
        'Model file changed since "{{ref}}" and no migration was added. Run: alembic revision --autogenerate -m "..." and commit the new revision.',
      // The same findings with the project's own command (TypeORM, Drizzle).
      tableNotMigrated: 'Table "{{table}}" (model "{{model}}") has no migration. Run: {{command}}.',
      columnNotMigrated: 'Column "{{table}}.{{column}}" has no migration. Run: {{command}}.',
      indexNotMigrated: "Index {{index}} has no migration. Run: {{command}}.",
      columnNotDropped:
        'Column "{{table}}.{{column}}" is created by the migrations ({{createdIn}}) but {{model}} no longer has it. Run: {{command}}.',
      changedWithoutNewMigration:
        'Model file changed since "{{ref}}" and no migration was added. Run: {{command}} and commit the new migration.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkIndexes: {
            type: "boolean",
            description:
              "Also require a migration for indexes: named `Index(...)` entries of `__table_args__` and columns with `index=True` (matched by their columns, whatever the name).",
          },
          checkRemovedColumns: {
            type: "boolean",
            description:
              "Also report columns the migrations create that no model declares any more (a drop migration is missing).",
          },
        },
      },
    ],
    defaultOptions: [{ checkIndexes: true, checkRemovedColumns: true }],
  },
  create(context) {
    if (prismaSource(context)) return checkPrisma(context) ?? {};
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
