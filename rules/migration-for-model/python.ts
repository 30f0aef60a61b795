import { forEachDescendant, lastNamePart } from "../../src/languages/python/ast-utils.js";
import type { PyClass, PyName, PyNode } from "../../src/languages/python/nodes.js";
import type { Model } from "../../src/project/python/models.js";
import { eslintLoc, type IndexDef, type TableDef } from "../../src/project/python/schema.js";
import { projectFor, sinceOf } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./migration-for-model.js";

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
      const index = project.models();
      // A `Table(...)` outside the models layer often lives in another database (polar's
      // ClickHouse tables on their own MetaData in a service): only model modules count.
      const isModelModule = project.roleOf(file) === "models";
      const models = index
        .concreteModelsOfSource(file, sourceCode)
        .filter((m) => m.style !== "table" || isModelModule);
      if (models.length === 0) return;
      const history = project.migrations();
      // No Alembic history at all: nothing to compare with (and nothing to tell the team
      // that they do not know already).
      if (history.versionDirs.length === 0) return;
      /** Columns every model of `table` declares: other files from the index, this one as linted. */
      const declaredColumns = (table: string) =>
        new Set(
          [...index.models.filter((m) => m.file !== file), ...models]
            .filter((m) => m.table === table)
            .flatMap((m) => m.columns.map((c) => c.name)),
        );
      const classes = classNodes(sourceCode.ast.d.statements as PyNode[]);
      const reportedTables = new Set<string>();

      for (const model of models) {
        const table = model.table!;
        const replayed = history.schema.get(table);
        if (!replayed) {
          // A history that alters tables it never creates starts from an existing schema
          // (create_all, a dump): a table it does not mention may well predate it.
          if (history.assumedTables.size > 0) continue;
          // Named in a revision whose SQL or helper calls the replay could not follow.
          if (history.mentionedWhereNotReplayed(table)) continue;
          if (reportedTables.has(table)) continue;
          reportedTables.add(table);
          context.report({
            loc: eslintLoc(model.loc),
            messageId: "tableWithoutMigration",
            data: { table, model: model.className },
          });
          continue;
        }
        // A table the migrations alter but never create (it came from create_all or a dump
        // before the history starts): its full set of columns is unknown.
        if (history.assumedTables.has(table)) continue;
        for (const column of model.columns) {
          if (replayed.columns.has(column.name)) continue;
          // A column from a mixin in another file is reported on this model's class.
          const loc =
            column.inheritedFrom === null && column.loc.file === file ? column.loc : model.loc;
          context.report({
            loc: eslintLoc(loc),
            messageId: "columnWithoutMigration",
            data: { table, column: column.name },
          });
        }
        if (options.checkIndexes) reportIndexes(model, replayed);
        // A base from another library (authlib's OAuth2TokenMixin) may declare columns unseen.
        const opaque = [...index.models, ...models].some((m) => m.table === table && m.opaqueBases);
        if (options.checkRemovedColumns && !opaque && !reportedTables.has(`removed:${table}`)) {
          reportedTables.add(`removed:${table}`);
          const all = declaredColumns(table);
          for (const name of replayed.columns.keys()) {
            if (all.has(name)) continue;
            context.report({
              loc: eslintLoc(model.loc),
              messageId: "columnRemoved",
              data: {
                table,
                column: name,
                model: model.className,
                createdIn: history.createdIn.get(`${table}.${name}`) ?? "an earlier revision",
              },
            });
          }
        }
      }

      const since = sinceOf(context);
      if (since && since.changed.includes(file)) {
        const migrationAdded = since.added.some((f) => project.roleOf(f) === "migrations");
        if (!migrationAdded) {
          context.report({
            loc: eslintLoc(models[0].loc),
            messageId: "changedWithoutMigration",
            data: { ref: since.ref },
          });
        }
      }

      function reportIndexes(model: Model, replayed: TableDef): void {
        const table = model.table!;
        for (const wanted of model.indexes) {
          if (wanted.unique && wanted.name === null) continue; // unique=True: a constraint, not an index
          if (hasIndex(replayed, wanted)) continue;
          const indexName = wanted.name ?? `ix_${table}_${wanted.columns.join("_")}`;
          if (history.mentionedWhereNotReplayed(indexName)) continue;
          // `index=True` lands on the column; an `Index(...)` on its call in `__table_args__`.
          const column =
            wanted.columns.length === 1
              ? model.columns.find((c) => c.name === wanted.columns[0] && c.index)
              : undefined;
          const loc =
            column && column.inheritedFrom === null && column.loc.file === file
              ? eslintLoc(column.loc)
              : (tableArgsLoc(classes.get(model.className), wanted.name) ?? eslintLoc(model.loc));
          context.report({
            loc,
            messageId: "indexWithoutMigration",
            data: {
              index: column
                ? `on "${table}.${column.name}"`
                : `"${wanted.name ?? "?"}" on "${table}" (${wanted.columns.join(", ")})`,
              name: indexName,
            },
          });
        }
      }

      /** The `Index("name", ...)` call in `__table_args__`, else the `__table_args__` statement. */
      function tableArgsLoc(cls: PyClass | undefined, indexName: string | null) {
        for (const statement of cls?.d.suite.d.statements ?? []) {
          if (statement.type !== "StatementList") continue;
          for (const simple of statement.d.statements as PyNode[]) {
            const target = simple.type === "Assignment" ? (simple.d.leftExpr as PyNode) : null;
            const name =
              target?.type === "TypeAnnotation" ? (target.d.valueExpr as PyNode) : target;
            if (name?.type !== "Name" || (name as unknown as PyName).d.value !== "__table_args__") {
              continue;
            }
            let call: PyNode | null = null;
            forEachDescendant(simple, (node) => {
              if (call || node.type !== "Call") return undefined;
              const first = (node.d.args as PyNode[])[0]?.d.valueExpr as PyNode | undefined;
              const text =
                first?.type === "StringList" ? sourceCode!.getText(first).slice(1, -1) : null;
              if (lastNamePart(node.d.leftExpr as PyNode) === "Index" && text === indexName) {
                call = node;
              }
              return undefined;
            });
            return sourceCode!.getLoc(call ?? simple);
          }
        }
        return null;
      }
    },
  };
}

/** A named index matches by name or columns; an unnamed one (`index=True`) by its columns. */
function hasIndex(table: TableDef, index: IndexDef): boolean {
  return table.indexes.some(
    (existing) =>
      (index.name !== null && existing.name === index.name) ||
      (existing.columns.length === index.columns.length &&
        existing.columns.every((c, i) => c === index.columns[i])),
  );
}

function classNodes(statements: PyNode[]): Map<string, PyClass> {
  const classes = new Map<string, PyClass>();
  for (const statement of statements) {
    if (statement.type === "Class") {
      const cls = statement as unknown as PyClass;
      classes.set(cls.d.name.d.value, cls);
    }
  }
  return classes;
}
