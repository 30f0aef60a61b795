import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  allow?: { from: string; to: string }[];
  checkTypeCheckingImports?: boolean;
  strictModelImports?: boolean;
}

export type MessageIds = "skipsLayer" | "importsUp" | "importsRoutes" | "importsRoot";

export default createRule<[Options], MessageIds>({
  name: "layers",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    importFactsOnly: ["js/js"],
    docs: {
      description: "Enforce the layer direction routes -> services -> repositories -> models",
      guideline: "Core Principle 1: Layered Architecture",
      recommended: "error",
    },
    messages: {
      skipsLayer:
        'Layer "{{from}}" imports "{{module}}" ({{to}}), skipping the services layer. Call a service that uses it, injected {{injection}}.',
      importsUp:
        'Layer "{{from}}" imports "{{module}}" ({{to}}); imports must point down the layers. Move the shared code down, or invert the call.',
      importsRoutes:
        'Layer "{{from}}" imports "{{module}}" (routes); only the app entry point imports routes. Move what both need into a service or schema.',
      importsRoot:
        'Layer "{{from}}" imports "{{module}}", a composition root; roots wire the layers and only routes and other roots import them. Pass what it provides in as a parameter.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          allow: {
            type: "array",
            description:
              'Extra allowed imports between layers, e.g. `{ from = "routes", to = "models" }` for teams that type route signatures with ORM models.',
            items: {
              type: "object",
              additionalProperties: false,
              required: ["from", "to"],
              properties: {
                from: { type: "string", description: "The importing layer." },
                to: { type: "string", description: "The imported layer." },
              },
            },
          },
          strictModelImports: {
            type: "boolean",
            description:
              "Report every import of a model into a route, also one used only in type annotations or `response_model=` (by default those pass: naming a type is not data access).",
          },
          checkTypeCheckingImports: {
            type: "boolean",
            description:
              "Also check imports under `if TYPE_CHECKING:`. They never run, but still tie the layers together for readers and type checkers.",
          },
        },
      },
    ],
    defaultOptions: [{ allow: [], checkTypeCheckingImports: true, strictModelImports: false }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
