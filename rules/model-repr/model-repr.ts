import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export interface Options {
  ignoreClasses?: string[];
}

export default createRule<[Options], "missingRepr">({
  name: "model-repr",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python"],
    docs: {
      description: "Require a `__repr__` on every SQLAlchemy model",
      guideline: "Creating a Database Model",
      recommended: "warn",
    },
    messages: {
      missingRepr:
        'Model "{{name}}" has no __repr__. Define one on the model or on a shared base class so logs and debuggers show which row it is.',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          ignoreClasses: {
            type: "array",
            items: { type: "string" },
            uniqueItems: true,
            description:
              "Model class names that need no `__repr__`; `*` matches any run of characters (`*Association`).",
          },
        },
      },
    ],
    defaultOptions: [{ ignoreClasses: [] }],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
