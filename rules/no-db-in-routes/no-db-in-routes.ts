import { DB_OPTION_PROPERTIES } from "../../src/rule-routes.js";
import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  sessionTypes?: string[];
  dbModules?: string[];
}

export type MessageIds = "dbInRoute";

export default createRule<[Options], MessageIds>({
  name: "no-db-in-routes",
  meta: {
    type: "problem",
    languages: ["layerlint/python"],
    docs: {
      description: "Disallow database access in route handlers",
      guideline: "Core Principle 1: Layered Architecture; anti-pattern: Raw SQL in Route Handlers",
      recommended: "error",
    },
    messages: {
      dbInRoute:
        'Route "{{handler}}"{{route}} touches the database: {{what}}. Move data access into a service (and a repository) and inject the service with Depends().',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          ...DB_OPTION_PROPERTIES,
        },
      },
    ],
    defaultOptions: [{ sessionTypes: [], dbModules: [] }],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
