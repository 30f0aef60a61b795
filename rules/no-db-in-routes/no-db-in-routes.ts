import { DB_OPTION_PROPERTIES } from "../../src/rule-routes.js";
import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  sessionTypes?: string[];
  dbModules?: string[];
  allowSessionParameters?: boolean;
}

export type MessageIds = "dbInRoute" | "sessionParameter" | "tsDbInRoute";

export default createRule<[Options], MessageIds>({
  name: "no-db-in-routes",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description: "Disallow database access in route handlers",
      guideline: "Core Principle 1: Layered Architecture; anti-pattern: Raw SQL in Route Handlers",
      recommended: "error",
    },
    messages: {
      dbInRoute:
        'Route "{{handler}}"{{route}} touches the database: {{what}}. Move data access into a service (and a repository) and inject the service with Depends().',
      sessionParameter:
        'Route "{{handler}}"{{route}} receives a database session ({{what}}). Inject the service instead, built by a provider that takes the session with Depends().',
      tsDbInRoute:
        'Route "{{handler}}"{{route}} touches the database: {{what}}. Move data access into a service (and a repository) and inject the service (NestJS constructor injection, or from your composition root).',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          ...DB_OPTION_PROPERTIES,
          allowSessionParameters: {
            type: "boolean",
            description:
              "Allow a session parameter that the handler only hands on (services that take the session per call, `await order_service.list(session, ...)`); the handler's own queries and session calls are still reported.",
          },
        },
      },
    ],
    defaultOptions: [{ sessionTypes: [], dbModules: [], allowSessionParameters: false }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
