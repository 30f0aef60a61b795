import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export interface Options {
  extraCalls?: Record<string, string>;
  ignoreTests?: boolean;
}

export type MessageIds = "blockingCall" | "syncClient" | "syncSession";

export default createRule<[Options], MessageIds>({
  name: "no-blocking-in-async",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Disallow blocking calls (sleep, sync HTTP, sync database, file I/O) inside async functions",
      guideline:
        'Summary: "Async/await throughout"; checklist: "Define SQLAlchemy 2.0 async model"',
      recommended: "error",
    },
    messages: {
      blockingCall:
        '"{{call}}()" blocks the event loop inside async function "{{fn}}": nothing else runs until it returns. Use {{instead}}.',
      syncClient:
        '"{{call}}()" makes a synchronous {{makes}} inside async function "{{fn}}": each of its calls will block the event loop. Use {{instead}}.',
      syncSession:
        'Async function "{{fn}}" queries through the synchronous Session "{{param}}" ({{calls}}): each call blocks the event loop. Use `AsyncSession`, or make "{{fn}}" a plain `def` if it is a route or dependency (FastAPI runs those in a thread pool).',
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          ignoreTests: {
            type: "boolean",
            description:
              "Python: leave test modules alone (`tests/`, `test_*.py`, `conftest.py`): a test that blocks its own event loop slows only itself. TypeScript tests are outside the request path, never checked.",
          },
          extraCalls: {
            type: "object",
            additionalProperties: { type: "string" },
            description:
              'More blocking callables, by qualified name, each with what to use instead: `{ "boto3.client": "aioboto3", "fs-extra.copySync": "fs-extra\'s promise API" }`. Python names are resolved through imports (`app.legacy.fetch_all`); TypeScript names are a package and its export, or `package.*Sync` for every `...Sync` export.',
          },
        },
      },
    ],
    defaultOptions: [{ extraCalls: {}, ignoreTests: true }],
  },
  create(context) {
    return (pythonSource(context) ? checkPython(context) : checkTypescript(context)) ?? {};
  },
});
