import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export type MessageIds = "unmapped" | "unmappedTs";

export default createRule<[], MessageIds>({
  name: "exceptions-mapped",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Require the exceptions services raise to be mapped to an HTTP response by an exception handler or a route",
      guideline: "Core Principle 6",
      recommended: "warn",
    },
    messages: {
      unmapped:
        'Exception "{{name}}" is raised in the services layer ({{raisedIn}}:{{line}}) but no exception handler or route maps it, so clients get a 500. Register @app.exception_handler({{name}}) (or one for a base class), or catch it in the route.',
      unmappedTs:
        'Error "{{name}}" is thrown in the services layer ({{raisedIn}}:{{line}}) but no exception filter, error middleware or controller maps it, so clients get a 500. Add a @Catch({{name}}) filter (or one for a base class), or extend an HttpException.',
    },
    schema: [],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
