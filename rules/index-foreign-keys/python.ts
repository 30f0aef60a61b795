import type { Model, ModelColumn } from "../../src/project/python/models.js";
import type { IndexDef } from "../../src/project/python/schema.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./index-foreign-keys.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;

  return {
    "Module:exit"() {
      // The file as linted (an editor buffer may differ from the disk), bases from the project.
      const models = project.models().concreteModelsOfSource(file, sourceCode);
      if (models.length === 0) return;
      const replayed = project.migrations().schema;
      for (const model of models) {
        const fromMigrations = replayed.get(model.table!)?.indexes ?? [];
        for (const column of model.columns) {
          if (column.foreignKey === null || column.loc.file !== file) continue;
          if (isIndexed(model, column, fromMigrations, options.uniqueCounts ?? true)) continue;
          context.report({
            loc: {
              start: { line: column.loc.line, column: column.loc.column },
              end: { line: column.loc.endLine, column: column.loc.endColumn },
            },
            messageId: "unindexedForeignKey",
            data: { table: model.table!, column: column.name, target: column.foreignKey },
          });
        }
      }
    },
  };
}

/**
 * Indexed by `index=True`, by an index (in `__table_args__` or created by a migration)
 * whose first column it is, as the first column of the primary key, or (unless turned
 * off) by a unique constraint that starts with it.
 */
function isIndexed(
  model: Model,
  column: ModelColumn,
  fromMigrations: readonly IndexDef[],
  uniqueCounts: boolean,
): boolean {
  if (column.index) return true;
  if (uniqueCounts && column.unique) return true;
  const leads = (index: IndexDef) =>
    index.columns[0] === column.name && (uniqueCounts || !index.unique);
  if (model.indexes.some(leads) || fromMigrations.some(leads)) return true;
  const primaryKey = model.columns.filter((c) => c.primaryKey);
  return primaryKey[0]?.name === column.name;
}
