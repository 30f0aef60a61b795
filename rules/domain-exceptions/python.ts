import { definitionPath } from "../../src/languages/python/ast-utils.js";
import type { PyFunction, PyName, PyNode } from "../../src/languages/python/nodes.js";
import { resolveName } from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./domain-exceptions.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** The built-in exceptions that say nothing about the domain. */
const GENERIC = new Set(["Exception", "ValueError", "RuntimeError"]);

/**
 * Python: `raise Exception(...)`, `raise ValueError`, `raise RuntimeError(...) from e`
 * in a services or repositories module, the names being the builtins (not a
 * project class of the same name). A bare `raise` re-raises what came in; a
 * raise in `__init__` checks how the object is wired, not the domain.
 */
export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  const where = projectFor(context);
  if (!sourceCode || !where) return null;
  const layer = where.project.roleOf(where.file);
  const [{ layers = ["services", "repositories"] }] = context.options;
  if (!layer || !layers.includes(layer)) return null;
  if (!/\b(?:Exception|ValueError|RuntimeError)\b/.test(sourceCode.text)) return null;

  return {
    Raise(node: PyNode) {
      let expr = node.d.expr as PyNode | undefined;
      if (expr?.type === "Call") expr = expr.d.leftExpr as PyNode;
      if (expr?.type !== "Name") return;
      const type = expr.d.value as string;
      if (!GENERIC.has(type)) return;
      const resolved = resolveName(sourceCode, expr as unknown as PyName);
      if (resolved.kind !== "builtin" || inInit(node)) return;
      context.report({
        node,
        messageId: "genericRaise",
        data: { owner: definitionPath(node) ?? "module", type, layer },
      });
    },
  };
}

/** In `__init__`: a check of how the object is wired, not a failure of the domain. */
function inInit(node: PyNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "Function") return (p as unknown as PyFunction).d.name.d.value === "__init__";
  }
  return false;
}
