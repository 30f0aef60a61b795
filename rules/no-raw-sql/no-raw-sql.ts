import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  allow?: string[];
  ignoreTests?: boolean;
  checkConnectionStatements?: boolean;
  checkUnlayeredModules?: boolean;
}

export type MessageIds = "rawSqlInRoute" | "rawSql";

export default createRule<[Options], MessageIds>({
  name: "no-raw-sql",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description: "Disallow raw SQL strings outside the repository layer and migrations",
      guideline:
        'Core Principle 1: Layered Architecture (anti-pattern "Raw SQL in Route Handlers")',
      recommended: "error",
    },
    messages: {
      rawSqlInRoute:
        'Raw SQL ("{{sql}}") in a route module, passed to "{{call}}". Move the query into {{repository}} and call it through a service.',
      rawSql:
        'Raw SQL ("{{sql}}") in {{where}}, passed to "{{call}}". Move the query into {{repository}}.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          allow: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description:
              'Files where raw SQL is fine, as gitignore-style globs relative to the project root (e.g. `"app/db.py"`, `"scripts/"`).',
          },
          ignoreTests: {
            type: "boolean",
            description:
              "Skip test modules (`tests/`, `test_*.py`, `conftest.py`, `__tests__/`, `*.test.ts`, `*.spec.ts`). By default they are checked, as the catalog applies SQL rules to tests too.",
          },
          checkConnectionStatements: {
            type: "boolean",
            description:
              "Also report statements that read no data: connection checks (`SELECT 1` in a health route) and session settings (`SET search_path TO app`, `PRAGMA foreign_keys = ON`).",
          },
          checkUnlayeredModules: {
            type: "boolean",
            description:
              "Also check modules that belong to no layer and are not composition roots by name: scripts (`scripts/backfill.py`, `scripts/backfill.ts`), tooling and the db module. By default they are data plumbing, not application layers, and skipped (in TypeScript, unless they declare routes).",
          },
        },
      },
    ],
    defaultOptions: [
      {
        allow: [],
        ignoreTests: false,
        checkConnectionStatements: false,
        checkUnlayeredModules: false,
      },
    ],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
