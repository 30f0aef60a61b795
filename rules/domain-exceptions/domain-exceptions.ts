import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  layers?: string[];
}

export type MessageIds = "genericRaise" | "genericThrow";

export default createRule<[Options], MessageIds>({
  name: "domain-exceptions",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Require services and repositories to raise the project's own exceptions, not generic built-in ones",
      guideline: "Core Principle 6: Error Handling (custom exceptions)",
      recommended: "warn",
    },
    messages: {
      genericRaise:
        '"{{owner}}" raises the generic "{{type}}" in the {{layer}} layer. Raise a domain exception (a subclass of your own base error, e.g. NotFoundError) that a route or an exception handler maps to a status code.',
      genericThrow:
        '"{{owner}}" throws a generic "{{type}}" in the {{layer}} layer. Throw a domain error (a subclass of your own base error, e.g. NotFoundError) that a controller, an exception filter or error middleware maps to a status code.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          layers: {
            type: "array",
            items: {
              enum: ["routes", "services", "repositories", "models", "schemas", "events", "shared"],
            },
            description: "The layers whose raises and throws are checked.",
          },
        },
      },
    ],
    defaultOptions: [{ layers: ["services", "repositories"] }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
