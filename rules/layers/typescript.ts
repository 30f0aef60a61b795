import { FORBIDDEN_LAYER_IMPORTS, layerFinding } from "../../src/project/layering.js";
import type { Role } from "../../src/project/defaults.js";
import type { TsImportRecord } from "../../src/project/typescript/imports.js";
import { declaresTsRoutes } from "../../src/project/project.js";
import { projectFor } from "../../src/rule-project.js";
import { valueNamesOf } from "../../src/project/typescript/value-names.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./layers.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const CHECKED = new Set<Role>(Object.keys(FORBIDDEN_LAYER_IMPORTS) as Role[]);

/**
 * TypeScript/JavaScript files: the same direction, on TypeScript's module
 * resolution (tsconfig `paths`, barrels followed to where a name is defined).
 * `import type` plays the part of Python's `if TYPE_CHECKING:`; a route may
 * import a model's type, not the model.
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const from = project.roleOf(file);
  if (!from || !CHECKED.has(from)) return null;
  const sourceCode = context.sourceCode as unknown as { text: string };
  // A helper that lives in a routes directory (a mapper, utils) is not a route.
  if (from === "routes" && !declaresTsRoutes(sourceCode.text)) return null;
  const [options] = context.options;
  const allowed = new Set((options.allow ?? []).map((a) => `${a.from}>${a.to}`));
  // Names used as values (not only in type positions), read on demand: a route
  // that only names a model's type (`Promise<TagEntity[]>`) does not touch the model.
  let valueNames: Set<string> | null = null;
  const usedAsValue = (name: string): boolean =>
    (valueNames ??= valueNamesOf(file, sourceCode.text)).has(name);
  let outsideOrmLinks: Set<string> | null = null;
  const usedAsValueOutsideOrmLinks = (name: string): boolean =>
    (outsideOrmLinks ??= valueNamesOf(file, sourceCode.text, { skipOrmRepositoryLinks: true })).has(
      name,
    );

  return {
    "Program:exit"() {
      // The text as linted (an editor buffer), resolved like the file on disk.
      const records = project.tsFactsOfText(file, sourceCode.text).imports;
      for (const record of records) {
        if (record.typeOnly && !options.checkTypeCheckingImports) continue;
        const resolved = project.resolveTs(file, record);
        for (const target of resolved.targets) {
          const messageId = layerFinding(
            from,
            project.roleOf(target.file),
            { allowed, strictModelImports: options.strictModelImports ?? false },
            {
              targetDeclaresRoutes: () => project.tsDefinesRoutes(target.file),
              typesOnly: () =>
                typesOnly(record) ||
                !bindingsOf(record, target.name).some((b) => usedAsValue(b.alias ?? b.name)),
              targetIsNamedRoot: () => project.isNamedRoot(target.file),
              targetHasNoOrmModels: () => !project.tsUsesOrm(target.file),
              ormRepositoryLinkOnly: () =>
                !bindingsOf(record, target.name).some((b) =>
                  usedAsValueOutsideOrmLinks(b.alias ?? b.name),
                ),
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
              module: target.file,
              injection: "through the constructor (NestJS) or your composition root",
            },
          });
          break;
        }
      }
    },
  };
}

/**
 * The names of an import that lead to one target: from a barrel
 * (`import { Employee, AuthGuard } from "@app/core"`) only `Employee` leads to
 * the model; the guard's use says nothing about it.
 */
function bindingsOf(record: TsImportRecord, name: string | null): TsImportRecord["bindings"] {
  const named = record.bindings.filter((b) => b.name === name);
  return named.length > 0 ? named : record.bindings;
}

/** `import type`, or every imported name marked `type`. */
function typesOnly(record: TsImportRecord): boolean {
  return (
    record.typeOnly || (record.bindings.length > 0 && record.bindings.every((b) => b.typeOnly))
  );
}
