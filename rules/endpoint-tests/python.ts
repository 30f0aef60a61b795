import { decoratorName } from "../../src/languages/python/ast-utils.js";
import type {
  PyArgument,
  PyClass,
  PyFunction,
  PyModule,
  PyNode,
} from "../../src/languages/python/nodes.js";
import { requestMatches, segmentsOf } from "../../src/project/test-requests.js";
import { projectFor } from "../../src/rule-project.js";
import { declaredRoutesOf, routeHandlersOf } from "../../src/rule-routes.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds } from "./endpoint-tests.js";

type Context = LayerlintRuleContext<[], MessageIds>;

/** Markers that make pytest run a coroutine test (pytest-asyncio, anyio, trio). */
const ASYNC_MARKS = /(?:^|\.)(?:asyncio|anyio|trio)$/;

/** Python: FastAPI routes no test requests; in test files, async tests pytest would skip. */
export function checkPython(context: Context) {
  const source = pythonSource(context);
  const where = projectFor(context);
  if (!source || !where) return null;
  const { project, file } = where;
  const role = project.roleOf(file);
  if (role === "migrations") return null;
  const rel = project.relative(file) ?? file;

  if (role === "tests") {
    const name = rel.slice(rel.lastIndexOf("/") + 1);
    if (!/^test_.*\.py$|_test\.py$/.test(name) || !/\basync\s+def\s+test/.test(source.text))
      return null;
    // Only pytest skips unmarked coroutine tests; a project that never imports it runs them otherwise.
    if (project.asyncioAutoMode(file) || !project.importsPackage(["pytest", "pytest_asyncio"])) {
      return null;
    }
    return {
      Module(module: PyModule) {
        if (moduleMarked(module, source.text)) return;
        const check = (fn: PyFunction, cls: PyClass | null) => {
          if (!fn.d.isAsync || !fn.d.name.d.value.startsWith("test")) return;
          if (marked(fn) || (cls && marked(cls))) return;
          context.report({
            node: fn.d.name,
            messageId: "unmarkedAsyncTest",
            data: { name: fn.d.name.d.value },
          });
        };
        for (const statement of module.d.statements as PyNode[]) {
          if (statement.type === "Function") check(statement as unknown as PyFunction, null);
          if (statement.type !== "Class") continue;
          const cls = statement as unknown as PyClass;
          // pytest collects plain `Test*` classes; a unittest.TestCase (IsolatedAsyncioTestCase
          // awaits its coroutine tests) is unittest's business.
          if (!cls.d.name.d.value.startsWith("Test") || cls.d.arguments.length > 0) continue;
          for (const member of cls.d.suite.d.statements as PyNode[]) {
            if (member.type === "Function") check(member as unknown as PyFunction, cls);
          }
        }
      },
    };
  }

  return {
    Module() {
      const handlers = routeHandlersOf(source, project, file);
      if (handlers.length === 0) return;
      const routes = declaredRoutesOf(source, project, file);
      const requests = project.testRequests();
      for (const { name, fn, route } of handlers) {
        const declared = routes.get(fn.start);
        if (!declared?.inSchema || declared.methods.includes("WEBSOCKET")) continue;
        const names = new Set([name, ...routeNames(fn, source.text)]);
        const tested = requests.some((r) =>
          r.routeName !== undefined
            ? names.has(r.routeName)
            : (r.method === "*" || declared.methods.includes(r.method)) &&
              declared.paths.some((p) => requestMatches(segmentsOf(p), r.segments)),
        );
        if (tested) continue;
        const first = fn.d.decorators[0] ?? fn;
        context.report({
          loc: { start: source.getLoc(first).start, end: source.getLoc(fn).end },
          messageId: "untestedRoute",
          data: {
            handler: name,
            route,
            method: declared.methods.join("/"),
            path: declared.paths[0] ?? "",
          },
        });
      }
    },
  };
}

/** The `name="..."` of the handler's route decorators (FastAPI names a route after its function otherwise). */
function routeNames(fn: PyFunction, text: string): string[] {
  const names: string[] = [];
  for (const decorator of fn.d.decorators) {
    const call = decorator.d.expr;
    if (call.type !== "Call") continue;
    for (const arg of call.d.args as PyArgument[]) {
      if (arg.d.name?.d.value !== "name") continue;
      const value = text.slice(
        arg.d.valueExpr.start,
        arg.d.valueExpr.start + arg.d.valueExpr.length,
      );
      const literal = /^["'](.*)["']$/.exec(value);
      if (literal) names.push(literal[1]);
    }
  }
  return names;
}

/** `@pytest.mark.asyncio`, `@pytest.mark.anyio` on a test or its class. */
function marked(node: PyFunction | PyClass): boolean {
  return node.d.decorators.some((d) => ASYNC_MARKS.test(decoratorName(d) ?? ""));
}

/** `pytestmark = pytest.mark.asyncio` (or a list holding it) at module level. */
function moduleMarked(module: PyModule, text: string): boolean {
  for (const statement of module.d.statements as PyNode[]) {
    if (statement.type !== "StatementList") continue;
    for (const simple of statement.d.statements as PyNode[]) {
      if (simple.type !== "Assignment") continue;
      const target = simple.d.leftExpr as PyNode;
      if (target.type !== "Name" || (target.d as { value: string }).value !== "pytestmark")
        continue;
      const value = simple.d.rightExpr as PyNode;
      const written = text.slice(value.start, value.start + value.length);
      if (/\bmark\.(?:asyncio|anyio|trio)\b/.test(written)) return true;
    }
  }
  return false;
}
