import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  mypyInitReturn?: boolean;
  allowRoutesWithResponseModel?: boolean;
}

export type MessageIds = "missingReturnType" | "missingNoneReturnType" | "missingVoidReturnType";

export default createRule<[Options], MessageIds>({
  name: "require-return-type",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description: "Require a return type annotation on every function and method",
      guideline: "Core Principle 2: Type Hints Everywhere",
      recommended: "error",
    },
    fixable: "code",
    messages: {
      missingReturnType:
        'Function "{{name}}" has no return type annotation. Annotate what it returns.',
      missingNoneReturnType:
        'Function "{{name}}" has no return type annotation. It returns nothing: add "-> None".',
      missingVoidReturnType:
        'Function "{{name}}" has no return type annotation. It returns nothing: add ": {{type}}".',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          mypyInitReturn: {
            type: "boolean",
            description:
              "Allow `__init__` without `-> None` when at least one of its parameters is annotated (mypy's rule).",
          },
          allowRoutesWithResponseModel: {
            type: "boolean",
            description:
              "Treat a route handler whose decorator passes `response_model=` as annotated: FastAPI takes the response type from there.",
          },
        },
      },
    ],
    defaultOptions: [{ mypyInitReturn: false, allowRoutesWithResponseModel: true }],
  },
  create(context) {
    const visitors = pythonSource(context) ? checkPython(context) : checkTypescript(context);
    return visitors ?? {};
  },
});
