import { createRule } from "../../src/rule.js";
import { checkPython } from "./python.js";

export type MessageIds = "unmapped";

export default createRule<[], MessageIds>({
  name: "exceptions-mapped",
  meta: {
    type: "problem",
    languages: ["layerlint/python"],
    docs: {
      description:
        "Require the exceptions services raise to be mapped to an HTTP response by an exception handler or a route",
      guideline: "Core Principle 6",
      recommended: "warn",
    },
    messages: {
      unmapped:
        'Exception "{{name}}" is raised in the services layer ({{raisedIn}}:{{line}}) but no exception handler or route maps it, so clients get a 500. Register @app.exception_handler({{name}}) (or one for a base class), or catch it in the route.',
    },
    schema: [],
  },
  create(context) {
    return checkPython(context) ?? {};
  },
});
