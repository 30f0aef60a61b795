import { forEachDescendant, moduleLevelNames } from "../../src/languages/python/ast-utils.js";
import { extractImports } from "../../src/project/python/imports.js";
import type { PyName, PyNode } from "../../src/languages/python/nodes.js";
import { resolveName } from "../../src/languages/python/scope.js";
import type { Role } from "../../src/project/defaults.js";
import type { DbKind } from "../../src/project/python/db.js";
import { importedSymbol } from "../../src/project/python/symbols.js";
import type { Project } from "../../src/project/project.js";
import { projectFor } from "../../src/rule-project.js";
import { dbResolverFor, dbSourceOf, routeHandlersOf } from "../../src/rule-routes.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { PythonSourceCode } from "../../src/languages/python/source-code.js";
import type { MessageIds, Options } from "./inject-dependencies.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Layers that must not create clients at import time; the db module and roots may. */
const NO_MODULE_CLIENTS = new Set<Role>([
  "routes",
  "services",
  "repositories",
  "models",
  "schemas",
  "events",
]);
const DB_WORDS: Partial<Record<DbKind, string>> = {
  sessionType: "session",
  factory: "session",
  creator: "engine or session factory",
  connector: "connection",
};

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const [options] = context.options;
  const role = project.roleOf(file);
  const resolver = dbResolverFor(project, options);
  const source = dbSourceOf(sourceCode, file);
  const suffixes = options.collaboratorSuffixes ?? [];
  const callText = (call: PyNode) => {
    const callee = call.d.leftExpr as PyNode;
    return `${sourceCode.text.slice(callee.start, callee.start + callee.length)}(...)`;
  };

  return {
    Module() {
      for (const { name, fn } of routeHandlersOf(sourceCode, project, file)) {
        forEachDescendant(fn.d.suite, (node) => {
          if (node.type !== "Call") return undefined;
          const callee = node.d.leftExpr as PyNode;
          const db = resolver.kindOf(source, callee);
          if (db && DB_WORDS[db]) {
            context.report({
              node,
              messageId: "sessionInRoute",
              data: { handler: name, what: DB_WORDS[db], call: callText(node) },
            });
            return undefined;
          }
          const collaborator = collaboratorKind(sourceCode, project, file, callee, suffixes);
          if (collaborator) {
            context.report({
              node,
              messageId: "constructsInRoute",
              data: { handler: name, what: collaborator, call: callText(node) },
            });
          }
          return undefined;
        });
      }
      if (!role || !NO_MODULE_CLIENTS.has(role)) return;
      const statements = sourceCode.ast.d.statements as PyNode[];
      // Module-level names resolve through the import statements: no binder needed.
      const imports = extractImports({ ast: sourceCode.ast, lines: sourceCode.lineTable });
      const boundHere = moduleLevelNames(statements);
      for (const call of moduleLevelCalls(statements)) {
        const callee = call.d.leftExpr as PyNode;
        const kind = resolver.moduleLevelKind(source, callee, imports, boundHere);
        if (!kind || kind === "query" || kind === "provider" || kind === "session") continue;
        context.report({
          node: call,
          messageId: "moduleLevelClient",
          data: {
            what: kind === "creator" ? "engine or session factory" : "session or client",
            call: callText(call),
            layer: role,
          },
        });
      }
    },
  };
}

/**
 * "service", "repository", ... when `callee` is one of the project's classes named
 * with a collaborator suffix (`PostService`, `OrderRepository`): imported from a
 * project module, defined in this file, or (in a snippet) not defined at all. A
 * library class is never the project's collaborator, and exceptions or data
 * classes that live in a service module (`InvalidEmailUpdate`) are not either.
 */
function collaboratorKind(
  sourceCode: PythonSourceCode,
  project: Project,
  file: string,
  callee: PyNode,
  suffixes: readonly string[],
): string | null {
  if (callee.type !== "Name") return null;
  const name = callee.d.value as string;
  const suffix = suffixes.find((s) => name.endsWith(s) && name !== s);
  if (!suffix) return null;
  const resolved = resolveName(sourceCode, callee as unknown as PyName);
  if (resolved.kind === "import") {
    return importedSymbol(project, file, resolved.module, resolved.name)
      ? suffix.toLowerCase()
      : null;
  }
  return resolved.kind === "class" || resolved.kind === "unresolved" ? suffix.toLowerCase() : null;
}

/** Calls that run when the module loads: module and class bodies, under if/try/with. */
function moduleLevelCalls(statements: readonly PyNode[]): PyNode[] {
  const calls: PyNode[] = [];
  const visit = (node: PyNode): boolean | undefined => {
    if (node.type === "Function" || node.type === "Lambda") return false;
    if (node.type === "Call") calls.push(node);
    return undefined;
  };
  for (const statement of statements) {
    if (visit(statement) === false) continue;
    forEachDescendant(statement, visit);
  }
  return calls;
}
