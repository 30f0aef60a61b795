import { prismaSource } from "../../src/languages/prisma/language.js";
import { prismaSchemaOf } from "../../src/project/prisma/history.js";
import type { PrismaTableModel } from "../../src/project/prisma/schema.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./index-foreign-keys.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Relation scalar fields (`authorId` of `@relation(fields: [authorId])`) without an index. */
export function checkPrisma(context: Context) {
  const sourceCode = prismaSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;

  return {
    "PrismaSchema:exit"() {
      const { model: schema } = prismaSchemaOf(project, file, sourceCode.ast);
      // MySQL's InnoDB creates an index for every foreign key constraint itself; only
      // `relationMode = "prisma"` (no constraints) leaves the column bare.
      if (schema.provider === "mysql" && schema.relationMode !== "prisma") return;
      if (schema.provider === "mongodb") return;
      const tables = new Map(schema.models.map((m) => [m.model, m.table]));
      for (const model of schema.models) {
        if (model.file !== file) continue;
        const reported = new Set<string>();
        for (const relation of model.relations) {
          const first = relation.fields[0];
          if (reported.has(first) || isIndexed(model, first, options.uniqueCounts ?? true)) {
            continue;
          }
          reported.add(first);
          const scalar = model.columns.find((c) => c.field === first);
          const column = scalar?.column ?? first;
          context.report({
            loc: (scalar?.node ?? relation.node).loc,
            messageId: "foreignKeyWithoutIndex",
            data: {
              table: model.table,
              column,
              target: tables.get(relation.target) ?? relation.target,
              fix: `@@index([${first}]) to model "${model.model}"`,
            },
          });
        }
      }
    },
  };
}

/**
 * Indexed by an `@@index`, `@@id` or `@id` whose first field it is, or (unless turned
 * off) by `@unique` or an `@@unique` that starts with it.
 */
function isIndexed(model: PrismaTableModel, field: string, uniqueCounts: boolean): boolean {
  return model.indexes.some(
    (index) => index.fields[0] === field && (index.kind !== "unique" || uniqueCounts),
  );
}
