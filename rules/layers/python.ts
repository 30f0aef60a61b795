import type { PyModule, PyName, PyNode } from "../../src/languages/python/nodes.js";
import type { ImportRecord } from "../../src/project/python/imports.js";
import { extractImports } from "../../src/project/python/imports.js";
import { moduleStem } from "../../src/project/roles.js";
import type { Role } from "../../src/project/defaults.js";
import { FORBIDDEN_LAYER_IMPORTS, layerFinding } from "../../src/project/layering.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./layers.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Layers whose imports are checked: roots wire everything; tests and migrations are exempt. */
const CHECKED = new Set<Role>(Object.keys(FORBIDDEN_LAYER_IMPORTS) as Role[]);

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

  // Names used as values (not only in annotations): a route that only names a model
  // in its signature passes ORM objects along, it does not query them.
  const valueNames = new Set<string>();

  /**
   * Whether an import target brings in an ORM model: the named class is a model
   * with a table (`Message`, a plain SQLModel or Pydantic class beside the table
   * models of the full-stack template's `models.py`, is a schema), or, for a
   * whole module or a wildcard, the module declares any model.
   */
  const importsOrmModel = (target: { name: string | null; file: string }): boolean => {
    const models = project.models().declaredIn(target.file);
    if (target.name === null || target.name === "*") return models.length > 0;
    const named = models.find((m) => m.className === target.name);
    // Not a model the index knows: defined in the module, it is no model (a schema, a
    // constant); only re-exported there, the module decides, as for a module import.
    if (!named) return models.length > 0 && !definesName(target.file, target.name);
    return named.table !== null;
  };
  const definesName = (file: string, name: string): boolean =>
    project.moduleFactsOf(file).definitions.includes(name);

  // Only a route's names matter: other layers do not listen to every name in their trees.
  const names =
    from === "routes"
      ? {
          Name(node: PyNode) {
            if (!inImport(node) && !inAnnotation(node)) valueNames.add(node.d.value as string);
          },
        }
      : {};

  return {
    ...names,
    "Module:exit"(module: PyModule) {
      const records = extractImports({ ast: module, lines: sourceCode.lineTable });
      for (const record of records) {
        if (record.typeCheckingOnly && !options.checkTypeCheckingImports) continue;
        const resolved = project.resolve(file, record);
        // One finding per import statement: the first target that breaks the direction.
        for (const target of resolved.targets) {
          const messageId = layerFinding(
            from,
            project.roleOf(target.file),
            { allowed, strictModelImports: options.strictModelImports ?? false },
            {
              targetDeclaresRoutes: () => project.definesRoutes(target.file),
              // Names used as values: a route that only names a model in its signature
              // passes ORM objects along, it does not query them.
              typesOnly: () =>
                !boundNames(record, target.name).some((name) => valueNames.has(name)),
              targetIsNamedRoot: () => isNamedRoot(target.file, namedRoots),
              targetHasNoOrmModels: () => !importsOrmModel(target),
            },
          );
          if (!messageId) continue;
          context.report({
            loc: {
              start: { line: record.line, column: record.column },
              end: { line: record.endLine, column: record.endColumn },
            },
            messageId,
            data: {
              from,
              to: project.roleOf(target.file)!,
              module: project.moduleOf(target.file) ?? target.file,
              injection: "with Depends()",
            },
          });
          break;
        }
      }
    },
  };
}

/**
 * The names an import statement binds in the module; for one imported name
 * (`from app.models import Item, Message` has a target per name), the local
 * name that one is bound to.
 */
function boundNames(record: ImportRecord, name: string | null = null): string[] {
  if (record.kind === "import") return [record.alias ?? record.module.split(".")[0]];
  const all = record.names.map((n, i) => record.aliases[i] ?? n);
  const index = name === null || name === "*" ? -1 : record.names.indexOf(name);
  return index === -1 ? all : [all[index]];
}

function inImport(node: PyNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "Import" || p.type === "ImportFrom") return true;
    if (p.type === "StatementList") return false;
  }
  return false;
}

/**
 * Inside a parameter, return or variable annotation, a type alias, a subscript's
 * type arguments, or `response_model=`.
 */
function inAnnotation(node: PyNode): boolean {
  let child: PyNode = node;
  for (let p = node.parent; p; child = p, p = p.parent) {
    switch (p.type) {
      case "Parameter":
        if (child === p.d.annotation || child === p.d.annotationComment) return true;
        break;
      case "Function":
        return child === p.d.returnAnnotation;
      case "TypeAnnotation":
        if (child === p.d.annotation) return true;
        break;
      case "TypeAlias":
        return child === p.d.expr;
      case "Argument":
        if ((p.d.name as PyName | undefined)?.d.value === "response_model") return true;
        // A subscript's items are type arguments: `list[Post]`, `Table[Post, Sort]`.
        if (p.parent?.type === "Index") return true;
        break;
      case "StatementList":
      case "Suite":
      case "Module":
      case "Class":
        return false;
    }
  }
  return false;
}

function isNamedRoot(file: string, names: Set<string>): boolean {
  if (file.endsWith("alembic/env.py")) return true;
  const base = file.slice(file.lastIndexOf("/") + 1);
  const stem = moduleStem(base);
  return stem !== null && names.has(stem);
}
