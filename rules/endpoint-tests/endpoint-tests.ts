import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export type MessageIds = "untestedRoute" | "unmarkedAsyncTest";

export default createRule<[], MessageIds>({
  name: "endpoint-tests",
  meta: {
    type: "suggestion",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Require a test that requests each route, and async pytest tests that pytest actually runs",
      guideline: "Core Principle 7",
      recommended: "warn",
    },
    messages: {
      untestedRoute:
        'Route "{{handler}}"{{route}} has no test: no test file requests {{method}} {{path}}. Add one with the test client.',
      unmarkedAsyncTest:
        'Async test "{{name}}" has no @pytest.mark.asyncio and asyncio_mode is not "auto", so pytest skips it. Mark it, mark the module (pytestmark = pytest.mark.asyncio), or set asyncio_mode = "auto".',
    },
    schema: [],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
