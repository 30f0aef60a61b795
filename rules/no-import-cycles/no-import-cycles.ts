import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  includeTypeCheckingImports?: boolean;
  includeFunctionImports?: boolean;
  includeModelCycles?: boolean;
}

export default createRule<[Options], "importCycle">({
  name: "no-import-cycles",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    importFactsOnly: ["js/js"],
    docs: {
      description: "Disallow cycles in the module import graph",
      guideline: "Core Principle 1: Layered Architecture",
      recommended: "error",
    },
    messages: {
      importCycle:
        "Import cycle: {{cycle}}. Move what the modules share into a lower layer, or pass it in as a parameter.",
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          includeTypeCheckingImports: {
            type: "boolean",
            description:
              "Count imports under `if TYPE_CHECKING:` (TypeScript: `import type`). They never run, which is why such cycles are the usual way out.",
          },
          includeFunctionImports: {
            type: "boolean",
            description:
              "Count imports inside function bodies (TypeScript: `require()` in a function, `import()`). They run on call, after every module has loaded.",
          },
          includeModelCycles: {
            type: "boolean",
            description:
              "TypeScript: also report cycles made only of models/entities. ORM entities refer to each other for their relations through lazy callbacks (`@ManyToOne(() => User)`), so by default such cycles pass.",
          },
        },
      },
    ],
    defaultOptions: [
      {
        includeTypeCheckingImports: false,
        includeFunctionImports: false,
        includeModelCycles: false,
      },
    ],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
