import type { PyClass, PyModule, PyNode } from "../../src/languages/python/nodes.js";
import { isMapped } from "../../src/project/python/exceptions.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds } from "./exceptions-mapped.js";

type Context = LayerlintRuleContext<[], MessageIds>;

/** Python: the module-level exception classes of this file that nothing maps. */
export function checkPython(context: Context) {
  const source = pythonSource(context);
  const where = projectFor(context);
  if (!source || !where || !/\bclass\b/.test(source.text)) return null;
  const { project, file } = where;
  const rel = project.relative(file);
  if (rel === null) return null;
  return {
    Module(module: PyModule) {
      const { unmapped: all, handled } = project.exceptionMap();
      const unmapped = all.filter((u) => u.key.startsWith(`${rel}#`));
      if (unmapped.length === 0) return;
      const classes = new Map<string, PyClass>();
      for (const statement of module.d.statements as PyNode[]) {
        if (statement.type === "Class") {
          const cls = statement as unknown as PyClass;
          classes.set(cls.d.name.d.value, cls);
        }
      }
      for (const { name, raisedIn, line } of unmapped) {
        const cls = classes.get(name);
        if (!cls) continue;
        // As this text declares it (an editor buffer may have given it a mapped base since).
        const facts = project.classFactsOfSource(file, source, cls);
        if (facts && isMapped(facts, handled)) continue;
        context.report({
          node: cls.d.name,
          messageId: "unmapped",
          data: { name, raisedIn, line: String(line) },
        });
      }
    },
  };
}
