import type { PyCall } from "../../src/languages/python/nodes.js";
import { qualifiedName } from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import { eslintLoc } from "../../src/project/python/schema.js";
import type { MessageIds, Options } from "./typed-models.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const DECLARATIVE_BASE = /^sqlalchemy\.(?:\w+\.)*declarative_base$/;

export function checkPython(context: Context) {
  const source = pythonSource(context);
  if (!source) return null;
  const [{ checkNullability = true }] = context.options;
  const where = projectFor(context);
  // Migrations are history: their throwaway models and declarative_base() are not rewritten.
  if (where && where.project.roleOf(where.file) === "migrations") return null;
  // Resolving a name binds the file's scopes: only files that name the function pay for it.
  const mentionsBase = source.text.includes("declarative_base");
  return {
    Call(call: PyCall) {
      if (!mentionsBase) return;
      // By resolution: `declarative_base` from SQLAlchemy (orm or ext.declarative), however imported.
      if (!DECLARATIVE_BASE.test(qualifiedName(source, call.d.leftExpr) ?? "")) return;
      context.report({ node: call, messageId: "declarativeBase" });
    },
    Module() {
      if (!where) return;
      const models = where.project.models().modelsOfSource(where.file, source);
      for (const model of models) {
        // SQLModel has its own typed style; Table(...) objects are not classes.
        if (model.style === "sqlmodel" || model.style === "table") continue;
        const own = model.columns.filter((c) => c.inheritedFrom === null);
        const untyped = own.filter((c) => c.style === "column").length;
        if (untyped > 0) {
          context.report({
            loc: eslintLoc(model.loc),
            // Mixins and abstract bases have no table of their own.
            messageId: model.table === null ? "mixinColumnStyle" : "columnStyle",
            data: {
              name: model.className,
              count: String(untyped),
              columns: untyped === 1 ? "column" : "columns",
            },
          });
        }
        if (!checkNullability) continue;
        for (const column of own) {
          if (column.style !== "mapped" || !column.nullableExplicit) continue;
          if (column.optionalAnnotation === null || column.nullable === null) continue;
          if (column.optionalAnnotation === column.nullable) continue;
          context.report({
            loc: eslintLoc(column.loc),
            messageId: column.optionalAnnotation ? "optionalNotNull" : "requiredNullable",
            data: { model: model.className, attr: column.attr },
          });
        }
      }
    },
  };
}
