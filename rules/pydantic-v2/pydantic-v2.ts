import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export type MessageIds = "v1Api" | "removed" | "configClass";

export default createRule<[], MessageIds>({
  name: "pydantic-v2",
  meta: {
    type: "problem",
    languages: ["layerlint/python"],
    fixable: "code",
    docs: {
      description: "Disallow the Pydantic v1 API in a codebase that runs Pydantic v2",
      guideline: "Core Principle 4",
      recommended: "error",
    },
    messages: {
      v1Api: '"{{used}}" is the Pydantic v1 API; use "{{instead}}".',
      removed: '"{{used}}" was removed in Pydantic v2; {{instead}}.',
      configClass:
        'Model "{{model}}" is configured with the Pydantic v1 "class Config:"; use "{{instead}}".',
    },
    schema: [],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
