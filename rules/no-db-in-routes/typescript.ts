import type * as TS from "typescript";
import {
  QUERYING_CALLEES,
  tsDbFileOf,
  tsDbResolverFor,
  unwrap,
  type TsDbFile,
  type TsDbResolver,
} from "../../src/project/typescript/db.js";
import { mayHaveTsHandlers, tsHandlersOf } from "../../src/project/typescript/handlers.js";
import { typescript } from "../../src/project/typescript/load.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./no-db-in-routes.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const MAX_LISTED = 4;

/**
 * TypeScript/JavaScript: route handlers (Express/Koa/Fastify/Hono, NestJS controller
 * methods, functions other modules register by name) that call a database client,
 * found through imports, scopes and NestJS constructor injection.
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  if (project.roleOf(file) === "tests") return null;
  const text = (context.sourceCode as unknown as { text: string }).text;

  return {
    "Program:exit"() {
      // Functions registered by another module are found through the project's table.
      if (!mayHaveTsHandlers(project, file, text)) return;
      const at = tsDbFileOf(context.filename, text, file);
      const handlers = tsHandlersOf(project, file, at.sf);
      if (handlers.length === 0) return;
      const resolver = tsDbResolverFor(project);
      for (const handler of handlers) {
        const uses = dbUses(resolver, at, handler.fn);
        if (uses.length === 0) continue;
        const listed = uses.slice(0, MAX_LISTED).join(", ");
        const more = uses.length > MAX_LISTED ? ` and ${uses.length - MAX_LISTED} more` : "";
        const pos = (offset: number) => {
          const lc = at.sf.getLineAndCharacterOfPosition(offset);
          return { line: lc.line + 1, column: lc.character };
        };
        context.report({
          loc: { start: pos(handler.start), end: pos(handler.end) },
          messageId: "tsDbInRoute",
          data: { handler: handler.name, route: handler.route, what: listed + more },
        });
      }
    },
  };
}

/** The source of a node, on one line and shortened for a message. */
function snippet(node: TS.Node, sf: TS.SourceFile): string {
  const raw = node.getText(sf).replace(/\s+/g, " ");
  return raw.length > 40 ? `${raw.slice(0, 39)}…` : raw;
}

/** A callee as the message lists it: `AppDataSource.getRepository().find`, arguments left out. */
function calleeText(expr: TS.Expression, sf: TS.SourceFile): string {
  const ts = typescript();
  if (ts.isPropertyAccessExpression(expr))
    return `${calleeText(expr.expression, sf)}.${expr.name.text}`;
  if (ts.isCallExpression(expr)) return `${calleeText(expr.expression, sf)}()`;
  if (ts.isParenthesizedExpression(expr) || ts.isNonNullExpression(expr))
    return calleeText(expr.expression, sf);
  return snippet(expr, sf);
}

/** What in a handler touches the database, as the message lists it, in source order. */
function dbUses(resolver: TsDbResolver, at: TsDbFile, fn: TS.FunctionLikeDeclaration): string[] {
  const ts = typescript();
  const uses: string[] = [];
  const add = (item: string) => {
    if (!uses.includes(item)) uses.push(item);
  };
  const calls = (expr: TS.Expression): boolean => {
    const callee = unwrap(expr);
    if (ts.isPropertyAccessExpression(callee)) {
      const owner = resolver.valueOf(at, callee.expression);
      if (owner?.kind === "client") return true;
      if (owner?.kind === "namespace") {
        const member = resolver.member(owner, callee.name.text);
        return member !== null && QUERYING_CALLEES.has(member.kind);
      }
      if (owner) return false;
    }
    const kind = resolver.valueOf(at, callee)?.kind;
    return kind !== undefined && QUERYING_CALLEES.has(kind);
  };
  const visit = (node: TS.Node): void => {
    if (ts.isCallExpression(node) && calls(node.expression)) {
      add(`"${calleeText(node.expression, at.sf)}()"`);
      // `repo.getRepository(Post).find()` is one use: not its inner call again.
      node.arguments.forEach(visit);
      return;
    } else if (ts.isNewExpression(node)) {
      if (resolver.valueOf(at, node.expression)?.kind === "clientType")
        add(`"new ${snippet(node.expression, at.sf)}()"`);
    } else if (ts.isTaggedTemplateExpression(node) && calls(node.tag)) {
      add(`"${snippet(node.tag, at.sf)}\`…\`"`);
    }
    ts.forEachChild(node, visit);
  };
  if (fn.body) visit(fn.body);
  return uses;
}
