import type { PyModule } from "../../src/languages/python/nodes.js";
import { extractImports } from "../../src/project/python/imports.js";
import { moduleStem } from "../../src/project/roles.js";
import type { Role } from "../../src/project/defaults.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./layers.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/**
 * The imports the catalog forbids, by importing layer. Anything not listed is
 * allowed: same-layer imports, schemas and shared modules from anywhere,
 * services and events calling each other.
 */
const FORBIDDEN: Partial<Record<Role, Partial<Record<Role, MessageIds>>>> = {
  routes: { repositories: "skipsLayer", models: "skipsLayer" },
  services: { routes: "importsRoutes" },
  repositories: { services: "importsUp", routes: "importsRoutes", events: "importsUp" },
  models: {
    repositories: "importsUp",
    services: "importsUp",
    routes: "importsRoutes",
    events: "importsUp",
  },
  schemas: { services: "importsUp", repositories: "importsUp", routes: "importsRoutes" },
  events: { routes: "importsRoutes" },
  shared: { services: "importsUp", repositories: "importsUp", routes: "importsRoutes" },
};

/** Layers whose imports are checked: roots wire everything; tests and migrations are exempt. */
const CHECKED = new Set<Role>(Object.keys(FORBIDDEN) as Role[]);

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const from = project.roleOf(file);
  if (!from || !CHECKED.has(from)) return null;
  const [options] = context.options;
  const allowed = new Set((options.allow ?? []).map((a) => `${a.from}>${a.to}`));
  const namedRoots = new Set(project.settings.layers.roots);

  return {
    Module(module: PyModule) {
      const records = extractImports({ ast: module, lines: sourceCode.lineTable });
      for (const record of records) {
        if (record.typeCheckingOnly && !options.checkTypeCheckingImports) continue;
        const resolved = project.resolve(file, record);
        // One finding per import statement: the first target that breaks the direction.
        for (const target of resolved.targets) {
          const to = project.roleOf(target.file);
          if (!to || to === from || allowed.has(`${from}>${to}`)) continue;
          let messageId = FORBIDDEN[from]?.[to];
          // Only roots named as such (main, dependencies, ...) are off limits; a module that
          // merely matches no layer (app/db.py, app/exceptions.py) is shared plumbing.
          if (
            !messageId &&
            to === "roots" &&
            from !== "routes" &&
            isNamedRoot(target.file, namedRoots)
          ) {
            messageId = "importsRoot";
          }
          if (!messageId) continue;
          context.report({
            loc: {
              start: { line: record.line, column: record.column },
              end: { line: record.endLine, column: record.endColumn },
            },
            messageId,
            data: { from, to, module: project.moduleOf(target.file) ?? target.file },
          });
          break;
        }
      }
    },
  };
}

function isNamedRoot(file: string, names: Set<string>): boolean {
  if (file.endsWith("alembic/env.py")) return true;
  const base = file.slice(file.lastIndexOf("/") + 1);
  const stem = moduleStem(base);
  return stem !== null && names.has(stem);
}
