import {
  docstringOf,
  hasDecorator,
  isDataOrErrorClass,
} from "../../src/languages/python/ast-utils.js";
import type { PyClass, PyFunction, PyModule, PyNode } from "../../src/languages/python/nodes.js";
import { projectFor } from "../../src/rule-project.js";
import { routeHandlersOf } from "../../src/rule-routes.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./require-docstrings.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const DOC = "docstring";
/** Decorators that make a `def` an attribute or a typing declaration, not a method to document. */
const NOT_METHODS = ["property", "cached_property", "setter", "getter", "deleter", "overload"];

/**
 * Python: FastAPI route handlers, the classes of a services module and their
 * public methods, and ORM model classes with a table, without a docstring.
 */
export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  const where = projectFor(context);
  if (!sourceCode || !where) return null;
  const { project, file } = where;
  const role = project.roleOf(file);
  if (role === "tests" || role === "migrations") return null;
  const [{ checkServiceMethods = true }] = context.options;

  return {
    "Module:exit"(module: PyModule) {
      for (const handler of routeHandlersOf(sourceCode, project, file)) {
        if (docstringOf(handler.fn)) continue;
        context.report({
          node: handler.fn.d.name,
          messageId: "routeHandler",
          data: { name: handler.name, route: handler.route, doc: DOC },
        });
      }
      const classes = (module.d.statements as PyNode[]).filter(
        (s): s is PyNode & PyClass => s.type === "Class",
      );
      if (role === "services") {
        for (const cls of classes) {
          const name = cls.d.name.d.value;
          if (name.startsWith("_") || isDataOrErrorClass(cls)) continue;
          const methods = methodsOf(cls);
          if (methods.length === 0) continue;
          if (!docstringOf(cls)) {
            context.report({
              node: cls.d.name,
              messageId: "serviceClass",
              data: { name, doc: DOC },
            });
          }
          if (!checkServiceMethods) continue;
          for (const method of methods) {
            const methodName = method.d.name.d.value;
            if (methodName.startsWith("_") || docstringOf(method)) continue;
            if (hasDecorator(method, NOT_METHODS)) continue;
            context.report({
              node: method.d.name,
              messageId: "serviceMethod",
              data: { name: methodName, owner: name, doc: DOC },
            });
          }
        }
      }
      const tables = new Set(
        project
          .models()
          .modelsOfSource(file, sourceCode)
          .filter((m) => m.table !== null)
          .map((m) => m.className),
      );
      for (const cls of classes) {
        const name = cls.d.name.d.value;
        if (!tables.has(name) || docstringOf(cls)) continue;
        context.report({ node: cls.d.name, messageId: "modelClass", data: { name, doc: DOC } });
      }
    },
  };
}

/** The methods defined in a class body. */
function methodsOf(cls: PyClass): PyFunction[] {
  return (cls.d.suite.d.statements as PyNode[]).filter(
    (s): s is PyNode & PyFunction => s.type === "Function",
  );
}
