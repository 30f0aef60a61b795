import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  checkServiceMethods?: boolean;
}

export type MessageIds = "routeHandler" | "serviceClass" | "modelClass" | "serviceMethod";

export default createRule<[Options], MessageIds>({
  name: "require-docstrings",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Require a docstring or JSDoc on route handlers, service classes, model classes and public service methods",
      guideline:
        'Checklists: "Document with docstrings and OpenAPI tags", "Document model purpose and relationships"',
      recommended: "warn",
    },
    messages: {
      routeHandler:
        'Route handler "{{name}}"{{route}} has no {{doc}}. Say what the endpoint does: it is its documentation.',
      serviceClass: 'Service class "{{name}}" has no {{doc}}. Say what it is responsible for.',
      modelClass:
        'Model "{{name}}" has no {{doc}}. Say what it stores and how it relates to other models.',
      serviceMethod:
        'Public method "{{name}}" of service "{{owner}}" has no {{doc}}. Say what it does and what it raises.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          checkServiceMethods: {
            type: "boolean",
            description:
              "Also require one on every public method of a service class (not `_private`, dunder, property or overload declarations).",
          },
        },
      },
    ],
    defaultOptions: [{ checkServiceMethods: true }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
