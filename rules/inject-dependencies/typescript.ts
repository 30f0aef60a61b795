import type * as TS from "typescript";
import type { Role } from "../../src/project/defaults.js";
import {
  declarationOf,
  tsDbFileOf,
  tsDbResolverFor,
  unwrap,
  type TsDbFile,
  type TsDbResolver,
} from "../../src/project/typescript/db.js";
import { mayHaveTsHandlers, tsHandlersOf } from "../../src/project/typescript/handlers.js";
import { typescript } from "../../src/project/typescript/load.js";
import type { Project } from "../../src/project/project.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./inject-dependencies.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Layers that must not create clients at load time; the db module, roots and shared config may. */
const NO_MODULE_CLIENTS = new Set<Role>([
  "routes",
  "services",
  "repositories",
  "models",
  "schemas",
  "events",
]);
const COLLABORATOR_ROLES: Partial<Record<Role, string>> = {
  services: "service",
  repositories: "repository",
};
/** Classes that live in service modules without being collaborators. */
const NOT_COLLABORATOR =
  /(?:Error|Exception|Dto|DTO|Input|Event|Command|Query|Props|Params|Options|Payload|Message|Result)$/;

/**
 * TypeScript/JavaScript: a handler that calls `new PostService()` or `new PrismaClient()`,
 * or a module-level client (`const prisma = new PrismaClient()`) in a layer module.
 * NestJS constructor parameters and a composition root's wiring are injection.
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const role = project.roleOf(file);
  if (role === "tests") return null;
  const text = (context.sourceCode as unknown as { text: string }).text;
  const [options] = context.options;
  const suffixes = options.collaboratorSuffixes ?? [];

  return {
    "Program:exit"() {
      const checksModule = role !== null && NO_MODULE_CLIENTS.has(role);
      if (!checksModule && !mayHaveTsHandlers(project, file, text)) return;
      const at = tsDbFileOf(context.filename, text, file);
      const resolver = tsDbResolverFor(project);
      const ts = typescript();
      const pos = (node: TS.Node) => {
        const a = at.sf.getLineAndCharacterOfPosition(node.getStart(at.sf));
        const b = at.sf.getLineAndCharacterOfPosition(node.end);
        return {
          start: { line: a.line + 1, column: a.character },
          end: { line: b.line + 1, column: b.character },
        };
      };
      const callText = (node: TS.CallExpression | TS.NewExpression) =>
        `${ts.isNewExpression(node) ? "new " : ""}${node.expression.getText(at.sf)}(...)`;

      const handlers = mayHaveTsHandlers(project, file, text)
        ? tsHandlersOf(project, file, at.sf)
        : [];
      for (const handler of handlers) {
        const visit = (node: TS.Node): void => {
          if (ts.isNewExpression(node) || ts.isCallExpression(node)) {
            if (createsClient(resolver, at, node)) {
              context.report({
                loc: pos(node),
                messageId: "tsClientInRoute",
                data: { handler: handler.name, route: handler.route, call: callText(node) },
              });
            } else if (ts.isNewExpression(node)) {
              const what = collaboratorKind(project, resolver, at, node.expression, suffixes);
              if (what) {
                context.report({
                  loc: pos(node),
                  messageId: "tsConstructsInRoute",
                  data: { handler: handler.name, route: handler.route, what, call: callText(node) },
                });
              }
            }
          }
          ts.forEachChild(node, visit);
        };
        if (handler.fn.body) visit(handler.fn.body);
      }

      if (!checksModule) return;
      const visitModule = (node: TS.Node): void => {
        // Function bodies run on call; instance fields per object, not at load.
        if (ts.isFunctionLike(node)) return;
        if (ts.isPropertyDeclaration(node) && !isStatic(ts, node)) return;
        if (
          (ts.isNewExpression(node) || ts.isCallExpression(node)) &&
          createsClient(resolver, at, node)
        ) {
          context.report({
            loc: pos(node),
            messageId: "tsModuleLevelClient",
            data: { call: callText(node), layer: role },
          });
        }
        ts.forEachChild(node, visitModule);
      };
      ts.forEachChild(at.sf, visitModule);
    },
  };
}

function isStatic(ts: typeof TS, node: TS.PropertyDeclaration): boolean {
  return ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.StaticKeyword) ?? false;
}

/** `new PrismaClient()`, `new Pool()`, `drizzle(...)`, `knex({...})`, `mysql.createPool()`. */
function createsClient(
  resolver: TsDbResolver,
  at: TsDbFile,
  node: TS.NewExpression | TS.CallExpression,
): boolean {
  const ts = typescript();
  const callee = unwrap(node.expression);
  if (ts.isNewExpression(node)) return resolver.valueOf(at, callee)?.kind === "clientType";
  return resolver.valueOf(at, callee)?.kind === "creator";
}

/**
 * "service" or "repository" when `callee` is one of the project's classes: named with
 * a collaborator suffix (imported from a project module, defined in the file, or
 * undeclared in a snippet), or a class exported by a services/repositories module.
 * A library class, an error or a DTO is never a collaborator.
 */
function collaboratorKind(
  project: Project,
  resolver: TsDbResolver,
  at: TsDbFile,
  callee: TS.Expression,
  suffixes: readonly string[],
): string | null {
  const ts = typescript();
  const e = unwrap(callee);
  if (!ts.isIdentifier(e) || NOT_COLLABORATOR.test(e.text)) return null;
  const suffix = suffixes.find((s) => e.text.endsWith(s) && e.text !== s);
  const decl = declarationOf(ts, e);
  if (!decl) return suffix ? suffix.toLowerCase() : null;
  if (ts.isClassDeclaration(decl)) return suffix ? suffix.toLowerCase() : null;
  const target = resolver.importTarget(at, decl);
  if (!target) return null;
  if (suffix) return suffix.toLowerCase();
  const role = project.roleOf(target.file);
  const word = role ? COLLABORATOR_ROLES[role] : undefined;
  if (!word) return null;
  const cls = resolver.exportedClass(target.file, target.name);
  if (!cls || (cls.base !== null && /(?:Error|Exception)$/.test(cls.base))) return null;
  return word;
}
