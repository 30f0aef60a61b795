import { definitionPath } from "../../src/estree-names.js";
import { isFrontendModule } from "../../src/project/typescript/frontend.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./domain-exceptions.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** The parts of an ESTree node (typescript-eslint's) this file reads. */
interface Node {
  type: string;
  parent?: Node;
  [key: string]: unknown;
}

/**
 * TypeScript/JavaScript: `throw new Error(...)` / `throw Error(...)` in a
 * services or repositories module, `Error` being the global (not an import or a
 * local class). A throw in a switch's `default:` clause marks code that cannot
 * be reached (an exhaustiveness check), and one in a constructor checks how the
 * class is wired: neither is a failure of the domain.
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const layer = where.project.roleOf(where.file);
  const [{ layers = ["services", "repositories"] }] = context.options;
  if (!layer || !layers.includes(layer)) return null;
  const sourceCode = context.sourceCode as unknown as {
    text: string;
    getScope(node: Node): {
      set: Map<string, unknown>;
      upper: unknown;
    };
  };

  if (isFrontendModule(sourceCode.text)) return null;

  /** Whether `Error` at this node is the global one: no binding of that name in any scope. */
  const isGlobalError = (node: Node): boolean => {
    type Scope = { set: Map<string, { defs: unknown[] }>; upper: Scope | null };
    for (let scope = sourceCode.getScope(node) as Scope | null; scope; scope = scope.upper) {
      const variable = scope.set.get("Error");
      if (variable && variable.defs.length > 0) return false;
    }
    return true;
  };

  return {
    ThrowStatement(node: Node) {
      const arg = node.argument as Node | undefined;
      if (arg?.type !== "NewExpression" && arg?.type !== "CallExpression") return;
      const callee = arg.callee as Node;
      if (callee.type !== "Identifier" || callee.name !== "Error") return;
      if (inDefaultClause(node) || inConstructor(node) || !isGlobalError(node)) return;
      context.report({
        node: node as never,
        messageId: "genericThrow",
        data: { owner: definitionPath(node) ?? "module", type: "Error", layer },
      });
    },
  };
}

/** In a class constructor: a check of how the class is wired, not a failure of the domain. */
function inConstructor(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "MethodDefinition") return p.kind === "constructor";
  }
  return false;
}

/** Inside the `default:` clause of a switch (directly or in its blocks), not in a nested function. */
function inDefaultClause(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (/Function/.test(p.type)) return false;
    if (p.type === "SwitchCase") return p.test === null;
  }
  return false;
}
