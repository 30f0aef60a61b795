import {
  enclosingClass,
  functionDisplayName,
  hasDecorator,
} from "../../src/languages/python/ast-utils.js";
import { ParamCategory, type PyFunction } from "../../src/languages/python/nodes.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { Options } from "./require-param-types.js";

type Context = LayerlintRuleContext<[Options], "missingParamType">;

export function checkPython(context: Context) {
  if (!pythonSource(context)) return null;
  const ignored = new Set(context.options[0].ignoreNames);
  return {
    Function(fn: PyFunction) {
      // A `# type: (...) -> T` comment annotates every parameter at once.
      if (fn.d.funcAnnotationComment) return;
      const receiverIndex = hasReceiver(fn) ? 0 : -1;
      fn.d.params.forEach((param, index) => {
        // Bare `*` and `/` markers have no name and take no annotation.
        const { name, annotation, annotationComment, category } = param.d;
        if (!name || annotation || annotationComment) return;
        if (index === receiverIndex || ignored.has(name.d.value)) return;
        const prefix =
          category === ParamCategory.ArgsList
            ? "*"
            : category === ParamCategory.KwargsDict
              ? "**"
              : "";
        context.report({
          node: name,
          messageId: "missingParamType",
          data: { param: prefix + name.d.value, name: functionDisplayName(fn) },
        });
      });
    },
  };
}

/** Methods other than static methods receive the instance or class first, whatever it is named. */
function hasReceiver(fn: PyFunction): boolean {
  if (!enclosingClass(fn) || hasDecorator(fn, ["staticmethod"])) return false;
  const first = fn.d.params[0];
  return first !== undefined && first.d.category === ParamCategory.Simple;
}
