import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  uniqueCounts?: boolean;
}

export type MessageIds = "unindexedForeignKey";

export default createRule<[Options], MessageIds>({
  name: "index-foreign-keys",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python"],
    docs: {
      description: "Require an index on every foreign-key column",
      guideline: 'Checklist "Creating a Database Model": add indexes for frequently queried fields',
      recommended: "warn",
    },
    messages: {
      unindexedForeignKey:
        'Foreign key "{{table}}.{{column}}" (to {{target}}) has no index. Add index=True, or an Index in __table_args__ that starts with it, and its migration.',
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
    return checkPython(context) ?? {};
  },
});
