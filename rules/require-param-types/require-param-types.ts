import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  ignoreNames?: string[];
}

export default createRule<[Options], "missingParamType">({
  name: "require-param-types",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python"],
    docs: {
      description: "Require a type annotation on every function parameter",
      guideline: "Core Principle 2: Type Hints Everywhere",
      recommended: "warn",
    },
    messages: {
      missingParamType: 'Parameter "{{param}}" of "{{name}}" has no type annotation.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          ignoreNames: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description:
              "Parameter names that need no annotation anywhere (e.g. `_`). `self` and `cls` are always exempt as the first parameter of a method.",
          },
        },
      },
    ],
    defaultOptions: [{ ignoreNames: [] }],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
