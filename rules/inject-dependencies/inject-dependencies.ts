import { DB_OPTION_PROPERTIES } from "../../src/rule-routes.js";
import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  sessionTypes?: string[];
  dbModules?: string[];
  collaboratorSuffixes?: string[];
}

export type MessageIds = "constructsInRoute" | "sessionInRoute" | "moduleLevelClient";

export default createRule<[Options], MessageIds>({
  name: "inject-dependencies",
  meta: {
    type: "problem",
    languages: ["layerlint/python"],
    docs: {
      description: "Require route handlers to receive services and sessions by injection",
      guideline: "Core Principle 3: Dependency Injection",
      recommended: "error",
    },
    messages: {
      constructsInRoute:
        'Route "{{handler}}" constructs its {{what}} "{{call}}" itself. Receive it with Depends() from a provider (e.g. dependencies.py) instead.',
      sessionInRoute:
        'Route "{{handler}}" creates a database {{what}} ("{{call}}") itself. Receive a session with Depends(get_db) in a service provider instead.',
      moduleLevelClient:
        'Module-level database {{what}} ("{{call}}") in a {{layer}} module. Create it once in the db module (e.g. app/db.py) and inject sessions with Depends().',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          ...DB_OPTION_PROPERTIES,
          collaboratorSuffixes: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description:
              "Class name endings that mark a collaborator (default `Service`, `Repository`), for the project's own classes; library classes never count.",
          },
        },
      },
    ],
    defaultOptions: [
      { sessionTypes: [], dbModules: [], collaboratorSuffixes: ["Service", "Repository"] },
    ],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
