import type * as TS from "typescript";
import { tsDbFileOf } from "../../src/project/typescript/db.js";
import { mayHaveTsHandlers, tsHandlersOf } from "../../src/project/typescript/handlers.js";
import { typescript } from "../../src/project/typescript/load.js";
import { backendScriptOf } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import { NEST_LIFECYCLE_HOOKS } from "../../src/service-design.js";
import type { MessageIds, Options } from "./require-docstrings.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const DOC = "JSDoc comment";
/** ORM decorators that make a class a model: TypeORM's and MikroORM's `@Entity()`. */
const ENTITY_DECORATORS = new Set(["Entity", "ViewEntity"]);

/**
 * TypeScript/JavaScript: route handlers (NestJS controller methods, Express,
 * Fastify, Koa and Hono handlers), the classes of a services module and their
 * public methods, and `@Entity()` model classes, without a `/** ... *\/` comment.
 */
export function checkTypescript(context: Context) {
  const where = backendScriptOf(context);
  if (!where) return null;
  const { project, file, text } = where;
  const role = project.roleOf(file);
  const [{ checkServiceMethods = true }] = context.options;

  return {
    "Program:exit"() {
      const ts = typescript();
      const handlers = mayHaveTsHandlers(project, file, text);
      const services = role === "services";
      if (!handlers && !services && !/@(?:View)?Entity\s*\(/.test(text)) return;
      const sf = tsDbFileOf(context.filename, text, file).sf;
      const at = (node: TS.Node) => {
        const start = sf.getLineAndCharacterOfPosition(node.getStart(sf));
        const end = sf.getLineAndCharacterOfPosition(node.getEnd());
        return {
          start: { line: start.line + 1, column: start.character },
          end: { line: end.line + 1, column: end.character },
        };
      };
      if (handlers) {
        for (const handler of tsHandlersOf(project, file, sf)) {
          const documented = documentedAt(handler.fn, sf);
          if (documented.has) continue;
          context.report({
            loc: at(documented.reportOn),
            messageId: "routeHandler",
            data: { name: handler.name, route: handler.route, doc: DOC },
          });
        }
      }
      for (const statement of sf.statements) {
        if (!ts.isClassDeclaration(statement) || !statement.name) continue;
        const name = statement.name.text;
        if (isEntity(statement)) {
          if (!hasJsDoc(statement, sf)) {
            context.report({
              loc: at(statement.name),
              messageId: "modelClass",
              data: { name, doc: DOC },
            });
          }
          continue;
        }
        if (!services || /(Error|Exception)$/.test(name)) continue;
        const methods = statement.members.filter(
          (m): m is TS.MethodDeclaration => ts.isMethodDeclaration(m) && m.body !== undefined,
        );
        if (methods.length === 0) continue;
        if (!hasJsDoc(statement, sf)) {
          context.report({
            loc: at(statement.name),
            messageId: "serviceClass",
            data: { name, doc: DOC },
          });
        }
        if (!checkServiceMethods) continue;
        for (const method of methods) {
          if (!isPublic(method) || hasJsDoc(method, sf)) continue;
          context.report({
            loc: at(method.name),
            messageId: "serviceMethod",
            data: { name: method.name.getText(sf), owner: name, doc: DOC },
          });
        }
      }
    },
  };
}

/** Whether a `/** ... *\/` comment stands right before the node (and its decorators). */
function hasJsDoc(node: TS.Node, sf: TS.SourceFile): boolean {
  const ts = typescript();
  const ranges = ts.getLeadingCommentRanges(sf.text, node.getFullStart()) ?? [];
  return ranges.some((r) => sf.text.startsWith("/**", r.pos) && sf.text[r.pos + 3] !== "/");
}

/**
 * Where a handler's JSDoc goes and whether it is there: on a method or a function
 * declaration itself; for an inline handler (`router.get("/", async (req, res) =>
 * ...)`), on the function or on the statement that registers it.
 */
function documentedAt(
  fn: TS.FunctionLikeDeclaration,
  sf: TS.SourceFile,
): { has: boolean; reportOn: TS.Node } {
  const ts = typescript();
  // Their decorators and `export` are part of them: a comment above those is before them.
  if (ts.isMethodDeclaration(fn) || ts.isFunctionDeclaration(fn)) {
    return { has: hasJsDoc(fn, sf), reportOn: fn.name ?? fn };
  }
  let statement: TS.Node = fn;
  while (statement.parent && !ts.isSourceFile(statement.parent) && !ts.isBlock(statement.parent)) {
    statement = statement.parent;
  }
  return { has: hasJsDoc(fn, sf) || hasJsDoc(statement, sf), reportOn: statement };
}

function isEntity(cls: TS.ClassDeclaration): boolean {
  const ts = typescript();
  return (ts.getDecorators(cls) ?? []).some((d) => {
    const expr = ts.isCallExpression(d.expression) ? d.expression.expression : d.expression;
    return ts.isIdentifier(expr) && ENTITY_DECORATORS.has(expr.text);
  });
}

/** Not `private`/`protected`, not `#private`, not `_internal`, not a NestJS lifecycle hook. */
function isPublic(method: TS.MethodDeclaration): boolean {
  const ts = typescript();
  const hidden = (ts.getModifiers(method) ?? []).some(
    (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
  );
  const name = ts.isIdentifier(method.name) ? method.name.text : null;
  return !hidden && name !== null && !name.startsWith("_") && !NEST_LIFECYCLE_HOOKS.has(name);
}
