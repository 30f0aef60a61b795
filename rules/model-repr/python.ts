import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { Options } from "./model-repr.js";

type Context = LayerlintRuleContext<[Options], "missingRepr">;

/** `*Association` as a whole-name pattern. */
function pattern(glob: string): RegExp {
  const escaped = glob.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*");
  return new RegExp(`^${escaped}$`);
}

export function checkPython(context: Context) {
  const source = pythonSource(context);
  if (!source) return null;
  const where = projectFor(context);
  if (!where) return null;
  // Migrations are history: their throwaway models are not rewritten.
  if (where.project.roleOf(where.file) === "migrations") return null;
  const ignored = (context.options[0].ignoreClasses ?? []).map(pattern);
  return {
    Module() {
      const models = where.project.models().modelsOfSource(where.file, source);
      for (const model of models) {
        // Only classes with a table; Table(...) objects are not classes.
        if (model.table === null || model.style === "table" || model.hasRepr) continue;
        // A subclass of a model shares its parent's __repr__: the finding is on the parent.
        if (model.parentModel !== null) continue;
        if (ignored.some((re) => re.test(model.className))) continue;
        context.report({
          loc: {
            start: { line: model.loc.line, column: model.loc.column },
            end: { line: model.loc.endLine, column: model.loc.endColumn },
          },
          messageId: "missingRepr",
          data: { name: model.className },
        });
      }
    },
  };
}
