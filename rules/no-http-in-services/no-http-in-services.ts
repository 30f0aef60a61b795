import { ROLES, type Role } from "../../src/project/defaults.js";
import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  layers: Role[];
  strictImports: boolean;
}

export type MessageIds =
  "raisesHttp" | "throwsHttp" | "takesHttpObject" | "importsHttp" | "importsHttpModule";

export default createRule<[Options], MessageIds>({
  name: "no-http-in-services",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Disallow HTTP concerns (HTTPException, Request and Response objects, status codes) below the route layer",
      guideline: "Core Principle 1: Layered Architecture; Core Principle 6: Error Handling",
      recommended: "error",
    },
    messages: {
      raisesHttp:
        '"{{name}}" raises {{exception}} in the {{layer}} layer. Raise a domain exception (e.g. NotFoundError) and map it to a status code in the route or an exception handler.',
      throwsHttp:
        '"{{name}}" throws {{exception}} in the {{layer}} layer. Throw a domain error (e.g. NotFoundError) and map it to a status code in the controller, an exception filter or error middleware.',
      takesHttpObject:
        '"{{name}}" takes a {{type}} ("{{param}}") in the {{layer}} layer. Read what it needs from the {{type}} in the route and pass those values instead.',
      importsHttp: 'Layer "{{layer}}" imports "{{name}}" from "{{module}}"; {{reason}}.',
      importsHttpModule: 'Layer "{{layer}}" imports "{{module}}"; {{reason}}.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          layers: {
            type: "array",
            uniqueItems: true,
            items: { enum: [...ROLES] },
            description:
              'The layers whose modules are checked, e.g. `["services", "repositories", "models", "events"]`.',
          },
          strictImports: {
            type: "boolean",
            description:
              "Report every import of `fastapi` or `starlette` (TypeScript: `express`, `fastify`, `koa`, `hono`) in the checked layers, also helpers that are not HTTP objects (`Depends`, `UploadFile`, `Query`, `jsonable_encoder`, `run_in_threadpool`). Imports used only by dependency providers stay exempt.",
          },
        },
      },
    ],
    defaultOptions: [{ layers: ["services", "repositories"], strictImports: false }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
