import { createRule, pythonSource } from "../../src/rule.js";
import { checkPython } from "./python.js";
import { checkTypescript } from "./typescript.js";

export type FallbackPolicy = "never" | "typescript-sync" | "always";

export interface Options {
  allowEmptyCatchWithComment: boolean;
  loggers: string[];
  allowFallbackValue: FallbackPolicy;
  bareExceptMustReraise: boolean;
}

export type MessageIds =
  "emptyExcept" | "swallowedExcept" | "bareExcept" | "emptyCatch" | "swallowedCatch";

const PYTHON_FIX =
  'Re-raise it as a domain error ("raise ... from e"), log it, or catch a narrower type.';
const TS_FIX =
  'Rethrow what you do not expect as a domain error ("{ cause: e }"), log it, or return an error value.';

export default createRule<[Options], MessageIds>({
  name: "no-swallowed-errors",
  meta: {
    type: "problem",
    languages: ["layerlint/python", "js/js"],
    docs: {
      description:
        "Disallow broad exception handlers that drop the error without re-raising, logging or returning it",
      guideline: "Core Principle 6: Error Handling; anti-pattern: Missing Error Handling",
      recommended: "error",
    },
    messages: {
      emptyExcept: `Empty "{{clause}}" handler silently discards every error it catches. ${PYTHON_FIX}`,
      swallowedExcept: `"{{clause}}" handler neither re-raises, logs, nor returns the error it catches. ${PYTHON_FIX}`,
      bareExcept:
        '"{{clause}}" also catches KeyboardInterrupt, SystemExit and task cancellation, and does not re-raise them. Catch "Exception" or a narrower type, or end the handler with "raise".',
      emptyCatch: `Empty "{{clause}}" block silently discards every error it catches. ${TS_FIX}`,
      swallowedCatch: `"{{clause}}" block neither rethrows, logs, nor returns the error it catches. ${TS_FIX}`,
    },
    schema: [
      {
        type: "object",
        additionalProperties: false,
        properties: {
          allowEmptyCatchWithComment: {
            type: "boolean",
            description:
              "Accept a handler that does nothing (`pass`, `continue`, an empty block) when a comment inside it explains why; tool directives (`# noqa`, `// eslint-disable`) do not count.",
          },
          loggers: {
            type: "array",
            items: { type: "string" },
            description:
              'Extra logger objects or error-reporting functions whose calls count as handling: "audit" accepts `audit.record(...)` and `self.audit.record(...)`, "report_failure" accepts `report_failure(...)`.',
          },
          allowFallbackValue: {
            enum: ["never", "typescript-sync", "always"],
            description:
              'When a handler that only falls back (returns or assigns a value, `return None`, `data = {}`, or skips the item with `return`/`continue`/`break`) counts as handled: "typescript-sync" (a TypeScript catch, which cannot name the errors it expects, after a try block that awaits nothing: `JSON.parse`, `new URL`), "always", or "never".',
          },
          bareExceptMustReraise: {
            type: "boolean",
            description:
              "Python: a bare `except:` or `except BaseException:` must re-raise; logging is not enough, because it also catches KeyboardInterrupt, SystemExit and asyncio.CancelledError.",
          },
        },
      },
    ],
    defaultOptions: [
      {
        allowEmptyCatchWithComment: true,
        loggers: [],
        allowFallbackValue: "typescript-sync",
        bareExceptMustReraise: false,
      },
    ],
  },
  create(context) {
    const visitors = pythonSource(context) ? checkPython(context) : checkTypescript(context);
    return visitors ?? {};
  },
});
