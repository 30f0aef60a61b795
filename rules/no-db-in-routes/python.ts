import { forEachDescendant } from "../../src/languages/python/ast-utils.js";
import type { PyFunction, PyNode, PyParameter } from "../../src/languages/python/nodes.js";
import type { DbResolver, DbSource } from "../../src/project/python/db.js";
import { projectFor } from "../../src/rule-project.js";
import { dbResolverFor, dbSourceOf, routeHandlersOf } from "../../src/rule-routes.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./no-db-in-routes.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const MAX_LISTED = 4;

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;

  return {
    Module() {
      const handlers = routeHandlersOf(sourceCode, project, file);
      if (handlers.length === 0) return;
      const resolver = dbResolverFor(project, options);
      const source = dbSourceOf(sourceCode, file);
      for (const { name, fn, route } of handlers) {
        const { params, uses } = dbUses(resolver, source, fn, sourceCode.text);
        if (uses.length === 0 && (params.length === 0 || options.allowSessionParameters)) continue;
        const found = [...params, ...uses];
        const listed = found.slice(0, MAX_LISTED).join(", ");
        const more = found.length > MAX_LISTED ? ` and ${found.length - MAX_LISTED} more` : "";
        const first = fn.d.decorators[0] ?? fn;
        context.report({
          loc: { start: sourceCode.getLoc(first).start, end: sourceCode.getLoc(fn).end },
          // A session only handed on to services asks for a different fix than queries.
          messageId: uses.length === 0 ? "sessionParameter" : "dbInRoute",
          data: { handler: name, route, what: listed + more },
        });
      }
    },
  };
}

function add(list: string[], item: string): void {
  if (!list.includes(item)) list.push(item);
}

/** The source of a node, on one line and shortened for a message. */
function snippet(node: PyNode, text: string): string {
  const raw = text.slice(node.start, node.start + node.length).replace(/\s+/g, " ");
  return raw.length > 40 ? `${raw.slice(0, 39)}…` : raw;
}

/** What in a handler touches the database, as the message lists it, in source order. */
function dbUses(
  resolver: DbResolver,
  source: DbSource,
  fn: PyFunction,
  text: string,
): { params: string[]; uses: string[] } {
  const params: string[] = [];
  const uses: string[] = [];
  for (const param of fn.d.params as PyParameter[]) {
    if (!param.d.name) continue;
    if (!resolver.parameterKind(source, param)) continue;
    const name = param.d.name.d.value;
    const annotation = param.d.annotation ?? param.d.annotationComment;
    const fallback = param.d.defaultValue
      ? `${name} = ${snippet(param.d.defaultValue, text)}`
      : name;
    params.push(`parameter "${annotation ? `${name}: ${snippet(annotation, text)}` : fallback}"`);
  }
  forEachDescendant(fn.d.suite, (node) => {
    if (node.type !== "Call") return undefined;
    const callee = node.d.leftExpr as PyNode;
    const calleeText = text.slice(callee.start, callee.start + callee.length);
    if (callee.type === "MemberAccess") {
      const owner = resolver.kindOf(source, callee.d.leftExpr as PyNode);
      if (owner === "session" || owner === "factory") {
        add(uses, `"${calleeText}()"`);
        return undefined;
      }
    }
    const kind = resolver.kindOf(source, callee);
    if (kind && kind !== "session" && kind !== "provider") {
      add(uses, `"${calleeText}()"`);
    }
    return undefined;
  });
  return { params, uses };
}
