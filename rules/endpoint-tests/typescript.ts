import { tsDbFileOf } from "../../src/project/typescript/db.js";
import { mayHaveTsHandlers, tsHandlersOf } from "../../src/project/typescript/handlers.js";
import { requestMatches, segmentsOf } from "../../src/project/test-requests.js";
import { backendScriptOf } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds } from "./endpoint-tests.js";

type Context = LayerlintRuleContext<[], MessageIds>;

/** TypeScript: Express, Fastify, Koa, Hono and NestJS routes that no test (supertest, inject) requests. */
export function checkTypescript(context: Context) {
  const where = backendScriptOf(context);
  if (!where) return null;
  const { project, file, text } = where;
  if (!mayHaveTsHandlers(project, file, text)) return null;
  return {
    "Program:exit"() {
      const sf = tsDbFileOf(context.filename, text, file).sf;
      const requests = project.testRequests();
      for (const handler of tsHandlersOf(project, file, sf)) {
        if (handler.methods.length === 0) continue;
        const tested = requests.some(
          (r) =>
            r.routeName === undefined &&
            (r.method === "*" || handler.methods.includes(r.method)) &&
            handler.paths.some((p) => requestMatches(segmentsOf(p), r.segments)),
        );
        if (tested) continue;
        const start = sf.getLineAndCharacterOfPosition(handler.start);
        const end = sf.getLineAndCharacterOfPosition(handler.end);
        context.report({
          loc: {
            start: { line: start.line + 1, column: start.character },
            end: { line: end.line + 1, column: end.character },
          },
          messageId: "untestedRoute",
          data: {
            handler: handler.name,
            route: handler.route,
            method: handler.methods.join("/"),
            path: handler.paths[0] ?? "",
          },
        });
      }
    },
  };
}
