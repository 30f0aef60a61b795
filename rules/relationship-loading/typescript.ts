import { readTables } from "../../src/project/typescript/entities.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./relationship-loading.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/**
 * TypeORM relations (`@ManyToOne`, `@OneToMany`, `@OneToOne`, `@ManyToMany`) that
 * choose no loading strategy: no `eager: true|false`, no `lazy: true|false`, and
 * no `Promise<...>` type (which makes a relation lazy). Inverse sides included:
 * each side is loaded (or not) on its own.
 */
export function checkTypescript(context: Context) {
  const [{ requireExplicitLazy }] = context.options;
  if (requireExplicitLazy === false) return null;
  const text = (context.sourceCode as unknown as { text: string }).text;
  if (!/\b(ManyToOne|OneToMany|OneToOne|ManyToMany)\b/.test(text)) return null;
  const where = projectFor(context);
  if (where && where.project.roleOf(where.file) === "migrations") return null;
  const file = where?.file ?? context.filename;

  return {
    "Program:exit"() {
      for (const holder of readTables(file, text, "default").holders) {
        for (const relation of holder.relations) {
          if (relation.explicitLoading || relation.loadingUnknown) continue;
          const { decoratorLoc: loc } = relation;
          context.report({
            loc: {
              start: { line: loc.line, column: loc.column },
              end: { line: loc.endLine, column: loc.endColumn },
            },
            messageId: "missingLoading",
            data: {
              name: `${holder.className}.${relation.property}`,
              kind: relation.kind,
              target: relation.target ?? "...",
            },
          });
        }
      }
    },
  };
}
