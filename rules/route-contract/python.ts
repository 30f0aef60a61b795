import {
  docstringOf,
  forEachDescendant,
  lastNamePart,
} from "../../src/languages/python/ast-utils.js";
import type { PyArgument, PyCall, PyFunction, PyNode } from "../../src/languages/python/nodes.js";
import { unwrapAnnotation } from "../../src/languages/python/scope.js";
import { projectFor } from "../../src/rule-project.js";
import { declaredRoutesOf, routeHandlersOf, type DeclaredRoute } from "../../src/rule-routes.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./route-contract.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Return types that name no schema: the OpenAPI document shows an untyped object. */
const UNTYPED = new Set(["dict", "Dict", "Any", "object", "Mapping", "MutableMapping", "JSONType"]);
const CONTAINERS = new Set([
  "list",
  "List",
  "Sequence",
  "set",
  "Set",
  "tuple",
  "Tuple",
  "Iterable",
]);
/** Handlers that create something: a POST that should answer 201 Created. */
const CREATES = /^(?:create|add|new|insert|register|upload)(?:_|$)/;
/** Status codes without a body: nothing to describe. */
const NO_BODY = /\b(?:204|304)\b|NO_CONTENT|NOT_MODIFIED/;

/** Python: FastAPI route handlers and `include_router` calls. */
export function checkPython(context: Context) {
  const source = pythonSource(context);
  const where = projectFor(context);
  if (!source || !where) return null;
  const { project, file } = where;
  const role = project.roleOf(file);
  if (role === "tests" || role === "migrations") return null;
  const [{ statusCode = "creations", checkTags = true, checkDocstrings = false }] = context.options;
  const rel = project.relative(file) ?? file;

  return {
    Module() {
      const handlers = routeHandlersOf(source, project, file);
      if (handlers.length === 0) return;
      const declared = declaredRoutesOf(source, project, file);
      for (const { name, fn, route } of handlers) {
        const contract = declared.get(fn.start);
        if (!contract || !contract.inSchema || contract.methods.includes("WEBSOCKET")) continue;
        const missing: string[] = [];
        const fixes: string[] = [];
        if (!hasResponseSchema(fn, contract)) {
          missing.push("no response schema");
          fixes.push(
            "response_model= (or a return annotation naming a schema; response_class= for files and redirects)",
          );
        }
        const creation = CREATES.test(name);
        if (
          contract.methods.includes("POST") &&
          contract.statusCode === null &&
          (statusCode === "post" || (statusCode === "creations" && creation))
        ) {
          missing.push("no status_code (FastAPI answers a POST with 200)");
          fixes.push(creation ? "status_code=201" : "status_code=");
        }
        if (checkDocstrings && !docstringOf(fn)) {
          missing.push("no docstring");
          fixes.push("a docstring (the route's description in the OpenAPI docs)");
        }
        if (missing.length === 0) continue;
        const first = fn.d.decorators[0] ?? fn;
        context.report({
          loc: { start: source.getLoc(first).start, end: source.getLoc(fn).end },
          messageId: "contract",
          data: { handler: name, route, missing: and(missing), fixes: and(fixes) },
        });
      }
    },
    Call(call: PyCall) {
      if (!checkTags) return;
      const callee = call.d.leftExpr;
      if (callee.type !== "MemberAccess" || lastNamePart(callee) !== "include_router") return;
      if (!project.routeTable().untaggedMounts.has(`${rel}:${call.start}`)) return;
      const child = call.d.args.find((a: PyArgument) => !a.d.name) ?? call.d.args[0];
      context.report({
        node: call,
        messageId: "untaggedInclude",
        data: { router: child ? source.getText(child.d.valueExpr) : "router" },
      });
    },
  };
}

function and(items: string[]): string {
  return items.length <= 1
    ? items.join("")
    : `${items.slice(0, -1).join(", ")} and ${items[items.length - 1]}`;
}

/**
 * `response_model=`, `response_class=`, a status without a body, or a return
 * annotation that names a type other than an untyped dict (`-> PostRead`,
 * `-> list[PostRead]`, `-> None`, `-> StreamingResponse`).
 */
function hasResponseSchema(fn: PyFunction, contract: DeclaredRoute): boolean {
  if (contract.responseModel || contract.responseClass) return true;
  if (contract.statusCode !== null && NO_BODY.test(contract.statusCode)) return true;
  const annotation = fn.d.returnAnnotation;
  if (annotation !== undefined) return namesSchema(annotation);
  // A handler that returns no value answers with no body: there is nothing to describe.
  return !returnsValue(fn);
}

/** Whether a `return <value>` (or a yield) is in the function's own body. */
function returnsValue(fn: PyFunction): boolean {
  let found = false;
  forEachDescendant(fn.d.suite, (node) => {
    if (found || node.type === "Function" || node.type === "Lambda" || node.type === "Class") {
      return false;
    }
    if (
      (node.type === "Return" && node.d.expr) ||
      node.type === "Yield" ||
      node.type === "YieldFrom"
    ) {
      found = true;
    }
  });
  return found;
}

function namesSchema(annotation: PyNode): boolean {
  const type = unwrapAnnotation(annotation);
  if (type.type === "Name" || type.type === "MemberAccess") {
    return !UNTYPED.has(lastNamePart(type) ?? "");
  }
  if (type.type === "Index") {
    const head = lastNamePart(type.d.leftExpr as PyNode) ?? "";
    if (UNTYPED.has(head)) return false;
    const items = (type.d.items as PyArgument[]).map((i) => i.d.valueExpr);
    if (CONTAINERS.has(head)) return items.length > 0 && namesSchema(items[0]);
    return true;
  }
  if (type.type === "BinaryOperation") {
    return namesSchema(type.d.leftExpr as PyNode) || namesSchema(type.d.rightExpr as PyNode);
  }
  // A string annotation ("PostRead"), `None`: declared.
  return true;
}
