import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { Options } from "./no-import-cycles.js";

type Context = LayerlintRuleContext<[Options], "importCycle">;

export function checkPython(context: Context) {
  if (!pythonSource(context)) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  // Layering rules do not apply to tests (catalog); their imports still count for others' cycles.
  if (project.roleOf(file) === "tests") return null;
  const [options] = context.options;
  return {
    Module() {
      const memberships = project
        .graph(options.includeFunctionImports ?? false)
        .cyclesThrough(file, options);
      for (const { cycle, importToNext: record } of memberships) {
        const names = [...cycle, cycle[0]].map((f) => project.moduleOf(f) ?? f);
        context.report({
          loc: {
            start: { line: record.line, column: record.column },
            end: { line: record.endLine, column: record.endColumn },
          },
          messageId: "importCycle",
          data: { cycle: names.join(" -> ") },
        });
      }
    },
  };
}
