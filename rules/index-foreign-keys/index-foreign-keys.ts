import { createRule, pythonSource } from "../../src/rule.js";
import { prismaSource } from "../../src/languages/prisma/language.js";
import { checkPrisma } from "./prisma.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  uniqueCounts?: boolean;
}

export type MessageIds = "unindexedForeignKey" | "foreignKeyWithoutIndex";

export default createRule<[Options], MessageIds>({
  name: "index-foreign-keys",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python", "js/js", "layerlint/prisma"],
    docs: {
      description: "Require an index on every foreign-key column",
      guideline: 'Checklist "Creating a Database Model": add indexes for frequently queried fields',
      recommended: "warn",
    },
    messages: {
      unindexedForeignKey:
        'Foreign key "{{table}}.{{column}}" (to {{target}}) has no index. Add index=True, or an Index in __table_args__ that starts with it, and its migration.',
      foreignKeyWithoutIndex:
        'Foreign key "{{table}}.{{column}}" (to {{target}}) has no index. Add {{fix}}, and its migration.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          uniqueCounts: {
            type: "boolean",
            description:
              "Count a `unique=True` column or a unique constraint that starts with the column as its index (PostgreSQL, MySQL and SQLite back them with one).",
          },
        },
      },
    ],
    defaultOptions: [{ uniqueCounts: true }],
  },
  create(context) {
    if (prismaSource(context)) return checkPrisma(context) ?? {};
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
