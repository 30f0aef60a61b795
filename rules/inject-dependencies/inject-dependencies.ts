import { DB_OPTION_PROPERTIES } from "../../src/rule-routes.js";
import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  sessionTypes?: string[];
  dbModules?: string[];
  collaboratorSuffixes?: string[];
}

export type MessageIds =
  | "constructsInRoute"
  | "sessionInRoute"
  | "moduleLevelClient"
  | "tsConstructsInRoute"
  | "tsClientInRoute"
  | "tsModuleLevelClient";

export default createRule<[Options], MessageIds>({
  name: "inject-dependencies",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
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
      tsConstructsInRoute:
        'Route "{{handler}}"{{route}} constructs its {{what}} "{{call}}" itself. Receive it by injection instead: a NestJS constructor parameter, or a parameter of the router your composition root builds.',
      tsClientInRoute:
        'Route "{{handler}}"{{route}} creates a database client ("{{call}}") itself. Create the client once in the db module and inject the service that uses it.',
      tsModuleLevelClient:
        'Module-level database client ("{{call}}") in a {{layer}} module. Create it once in the db module (e.g. src/db.ts) and pass it in by injection.',
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
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
