import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  mypyInitReturn?: boolean;
  allowRoutesWithResponseModel?: boolean;
}

export default createRule<[Options], "missingReturnType" | "missingNoneReturnType">({
  name: "require-return-type",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python"],
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
    return checkPython(context) ?? {};
  },
});
