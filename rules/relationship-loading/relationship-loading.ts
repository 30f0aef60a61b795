import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  requireExplicitLazy?: boolean;
}

export type MessageIds = "missingLazy" | "selectInAsync" | "missingLoading";

export default createRule<[Options], MessageIds>({
  name: "relationship-loading",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Require an explicit loading strategy on ORM relationships, and one that works in async code",
      guideline:
        'Creating a Database Model: "Define relationships with proper lazy loading strategy"',
      recommended: "error",
    },
    messages: {
      missingLazy:
        'Relationship "{{name}}" has no lazy= strategy. Choose one explicitly{{where}}: {{choices}}.',
      selectInAsync:
        'Relationship "{{name}}" uses lazy={{lazy}}, which {{how}}; in async code that raises MissingGreenlet. Use "selectin" or "joined" to load with the query, "raise" to forbid implicit loads, "write_only" for a large collection, or "noload".',
      missingLoading:
        'Relation "{{name}}" ({{kind}}) has no explicit loading strategy. Set eager: false to load it only where a query asks for it, eager: true to load it with every find, or type it Promise<{{target}}> to load it lazily.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          requireExplicitLazy: {
            type: "boolean",
            description:
              'Report relationships without a `lazy=` argument (TypeORM: relations without `eager`, `lazy` or a `Promise<...>` type). Set to false to report only the strategies that fail in async code (`"select"`, `True`, `"dynamic"`), e.g. when every query sets its own loader options.',
          },
        },
      },
    ],
    defaultOptions: [{ requireExplicitLazy: true }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
