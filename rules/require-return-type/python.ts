import {
  decoratorName,
  functionDisplayName,
  hasDecorator,
  isStubBody,
  ownBodyNodes,
} from "../../src/languages/python/ast-utils.js";
import type { PyFunction, PyNodeBase } from "../../src/languages/python/nodes.js";
import type { PythonSourceCode } from "../../src/languages/python/source-code.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { Options } from "./require-return-type.js";

type Context = LayerlintRuleContext<[Options], "missingReturnType" | "missingNoneReturnType">;

const ROUTE_METHODS = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "options",
  "head",
  "trace",
  "api_route",
]);

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const [options] = context.options;
  return {
    Function(fn: PyFunction) {
      if (fn.returnAnnotation || fn.funcAnnotationComment) return;
      if (options.mypyInitReturn && fn.name.value === "__init__") {
        if (fn.params.some((p) => p.annotation || p.annotationComment)) return;
      }
      if (options.allowRoutesWithResponseModel && declaresResponseModel(fn)) return;
      const name = functionDisplayName(fn);
      if (returnsNothing(fn)) {
        context.report({
          node: fn.name,
          messageId: "missingNoneReturnType",
          data: { name },
          fix: (fixer) => {
            const paren = closingParenRange(sourceCode, fn);
            return paren ? fixer.insertTextAfterRange(paren, " -> None") : null;
          },
        });
      } else {
        context.report({ node: fn.name, messageId: "missingReturnType", data: { name } });
      }
    },
  };
}

/** `@router.post(..., response_model=X)` and friends. */
function declaresResponseModel(fn: PyFunction): boolean {
  return fn.decorators.some((d) => {
    const name = decoratorName(d);
    if (!name || d.expr.type !== "Call") return false;
    if (!ROUTE_METHODS.has(name.slice(name.lastIndexOf(".") + 1))) return false;
    return (d.expr.args as { name?: { value: string } }[]).some(
      (a) => a.name?.value === "response_model",
    );
  });
}

/**
 * True when `-> None` is certainly right: the body returns no value, is no
 * generator, and is not a stub or abstract method whose overrides return values.
 */
function returnsNothing(fn: PyFunction): boolean {
  if (isStubBody(fn) || hasDecorator(fn, ["abstractmethod", "overload"])) return false;
  for (const node of ownBodyNodes(fn)) {
    if (node.type === "Yield" || node.type === "YieldFrom") return false;
    if (node.type === "Return" && node.expr) return false;
  }
  return true;
}

/** The range of the `)` that closes the parameter list. */
function closingParenRange(sourceCode: PythonSourceCode, fn: PyFunction): [number, number] | null {
  const text = sourceCode.text;
  const last: PyNodeBase = fn.params.at(-1) ?? fn.typeParams ?? fn.name;
  let i = last.start + last.length;
  // With no parameters we start at the name (or type parameters): skip to the `(` first.
  let depth = fn.params.length === 0 ? 0 : 1;
  for (; i < text.length; i++) {
    const ch = text[i];
    if (ch === "#") {
      while (i < text.length && text[i] !== "\n" && text[i] !== "\r") i++;
    } else if (ch === "(") {
      depth++;
    } else if (ch === ")") {
      depth--;
      if (depth === 0) return [i, i + 1];
    }
  }
  return null;
}
