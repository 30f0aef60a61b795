import type * as TS from "typescript";
import { tsDbFileOf } from "../../src/project/typescript/db.js";
import { typescript } from "../../src/project/typescript/load.js";
import { backendScriptOf } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds } from "./exceptions-mapped.js";

type Context = LayerlintRuleContext<[], MessageIds>;

/** TypeScript: the error classes of this file that services throw and nothing maps. */
export function checkTypescript(context: Context) {
  const where = backendScriptOf(context);
  if (!where || !/\bclass\s/.test(where.text)) return null;
  const { project, file, text } = where;
  const rel = project.relative(file);
  return {
    "Program:exit"() {
      const errors = project.tsErrorMap();
      const unmapped = errors.unmapped.filter((u) => u.file === rel);
      if (unmapped.length === 0) return;
      const ts = typescript();
      const sf = tsDbFileOf(context.filename, text, file).sf;
      const classes = new Map<string, TS.ClassDeclaration & { name: TS.Identifier }>();
      for (const statement of sf.statements) {
        if (ts.isClassDeclaration(statement) && statement.name) {
          classes.set(
            statement.name.text,
            statement as TS.ClassDeclaration & { name: TS.Identifier },
          );
        }
      }
      for (const { name, thrownIn, line } of unmapped) {
        const cls = classes.get(name);
        if (!cls) continue;
        // As this text declares it: an editor buffer may have given it a mapped base since.
        const base = cls.heritageClauses
          ?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword)
          ?.types[0]?.expression.getText(sf);
        if (base === undefined || errors.covers(base)) continue;
        const id = cls.name;
        const start = sf.getLineAndCharacterOfPosition(id.getStart(sf));
        const end = sf.getLineAndCharacterOfPosition(id.getEnd());
        context.report({
          loc: {
            start: { line: start.line + 1, column: start.character },
            end: { line: end.line + 1, column: end.character },
          },
          messageId: "unmappedTs",
          data: { name, raisedIn: thrownIn, line: String(line) },
        });
      }
    },
  };
}
