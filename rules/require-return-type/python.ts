import {
  decoratorName,
  functionDisplayName,
  hasDecorator,
  isStubBody,
} from "../../src/languages/python/ast-utils.js";
import type {
  PyArgument,
  PyFunction,
  PyNode,
  PyNodeBase,
} from "../../src/languages/python/nodes.js";
import type { PythonSourceCode } from "../../src/languages/python/source-code.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./require-return-type.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

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
  // What each enclosing function's own body does, gathered during ESLint's single pass
  // (a lambda gets a frame too, so its `yield` is not its parent's).
  const frames: { returnsValue: boolean }[] = [];
  const mark = () => {
    const top = frames[frames.length - 1];
    if (top) top.returnsValue = true;
  };
  return {
    "Function, Lambda"() {
      frames.push({ returnsValue: false });
    },
    Return(node: PyNode) {
      if (node.d.expr) mark();
    },
    // A generator's `-> None` would be wrong too.
    "Yield, YieldFrom": mark,
    "Lambda:exit"() {
      frames.pop();
    },
    "Function:exit"(fn: PyFunction) {
      const frame = frames.pop();
      if (fn.d.returnAnnotation || fn.d.funcAnnotationComment) return;
      if (options.mypyInitReturn && fn.d.name.d.value === "__init__") {
        if (fn.d.params.some((p) => p.d.annotation || p.d.annotationComment)) return;
      }
      if (options.allowRoutesWithResponseModel && declaresResponseModel(fn)) return;
      const name = functionDisplayName(fn);
      if (!frame?.returnsValue && certainlyNone(fn)) {
        context.report({
          node: fn.d.name,
          messageId: "missingNoneReturnType",
          data: { name },
          fix: (fixer) => {
            const paren = closingParenRange(sourceCode, fn);
            return paren ? fixer.insertTextAfterRange(paren, " -> None") : null;
          },
        });
      } else {
        context.report({ node: fn.d.name, messageId: "missingReturnType", data: { name } });
      }
    },
  };
}

/** `@router.post(..., response_model=X)` and friends. */
function declaresResponseModel(fn: PyFunction): boolean {
  return fn.d.decorators.some((d) => {
    const name = decoratorName(d);
    const call = d.d.expr;
    if (!name || call.type !== "Call") return false;
    if (!ROUTE_METHODS.has(name.slice(name.lastIndexOf(".") + 1))) return false;
    return (call.d.args as PyArgument[]).some((a) => a.d.name?.d.value === "response_model");
  });
}

/**
 * Given a body that returns no value and yields nothing: `-> None` is certainly
 * right unless it is a stub or abstract method, whose overrides return values.
 */
function certainlyNone(fn: PyFunction): boolean {
  return !isStubBody(fn) && !hasDecorator(fn, ["abstractmethod", "overload"]);
}

/** The range of the `)` that closes the parameter list. */
function closingParenRange(sourceCode: PythonSourceCode, fn: PyFunction): [number, number] | null {
  const text = sourceCode.text;
  const { params, typeParams, name } = fn.d;
  const last: PyNodeBase = params.at(-1) ?? typeParams ?? name;
  let i = last.start + last.length;
  // With no parameters we start at the name (or type parameters): skip to the `(` first.
  let depth = params.length === 0 ? 0 : 1;
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
