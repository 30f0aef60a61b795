import type { Model } from "../../src/project/python/models.js";
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
          const group = column.foreignKeyColumns;
          // A composite foreign key is one key: judged, and reported, once, at its first column.
          if (group && group[0] !== column.name) continue;
          if (
            isIndexed(model, group ?? [column.name], fromMigrations, options.uniqueCounts ?? true)
          ) {
            continue;
          }
          context.report({
            loc: {
              start: { line: column.loc.line, column: column.loc.column },
              end: { line: column.loc.endLine, column: column.loc.endColumn },
            },
            messageId: "unindexedForeignKey",
            data: {
              table: model.table!,
              column: group ? `(${group.join(", ")})` : column.name,
              target: column.foreignKey,
            },
          });
        }
      }
    },
  };
}

/**
 * Indexed by `index=True`, by an index (in `__table_args__` or created by a migration)
 * whose leading columns are the key's (any order: `(a, b)` serves a key on `(b, a)`),
 * by the primary key's leading columns, or (unless turned off) by a unique
 * constraint that leads with them. `key` is one column, or a composite key's columns.
 */
function isIndexed(
  model: Model,
  key: readonly string[],
  fromMigrations: readonly IndexDef[],
  uniqueCounts: boolean,
): boolean {
  if (key.length === 1) {
    const column = model.columns.find((c) => c.name === key[0]);
    if (column?.index) return true;
    if (uniqueCounts && column?.unique) return true;
  }
  const leadsWith = (columns: readonly string[]) =>
    columns.length >= key.length && key.every((k) => columns.slice(0, key.length).includes(k));
  const leads = (index: IndexDef) => leadsWith(index.columns) && (uniqueCounts || !index.unique);
  if (model.indexes.some(leads) || fromMigrations.some(leads)) return true;
  return leadsWith(model.columns.filter((c) => c.primaryKey).map((c) => c.name));
}
