import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { Options } from "./no-import-cycles.js";

type Context = LayerlintRuleContext<[Options], "importCycle">;

/**
 * TypeScript/JavaScript files: the same cycles, on the TypeScript import graph
 * (`import type` plays the part of `if TYPE_CHECKING:`, and `require()` inside a
 * function or `import()` that of a function-level import).
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  if (project.roleOf(file) === "tests") return null;
  const [options] = context.options;
  return {
    Program() {
      const memberships = project.tsGraph().cyclesThrough(file, {
        includeTypeOnlyImports: options.includeTypeCheckingImports ?? false,
        includeDeferredImports: options.includeFunctionImports ?? false,
      });
      for (const { cycle, importToNext: record } of memberships) {
        // ORM entities refer to each other for their relations (TypeORM's
        // `@ManyToOne(() => User)`), lazily: a cycle of entities only is not reported.
        if (!options.includeModelCycles && cycle.every((f) => project.roleOf(f) === "models")) {
          continue;
        }
        context.report({
          loc: {
            start: { line: record.line, column: record.column },
            end: { line: record.endLine, column: record.endColumn },
          },
          messageId: "importCycle",
          data: { cycle: [...cycle, cycle[0]].join(" -> ") },
        });
      }
    },
  };
}
