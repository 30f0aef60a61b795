/**
 * What counts as handling an error inside a handler, in both languages: a
 * logging call, an error-shaped value (a name, key or string that speaks of an
 * error, an HTTP error status), and the comments that explain an empty handler.
 */

/** Objects whose methods log: `logger.error`, `self._log.warning`, `logging.getLogger().info`. */
const LOGGER_OBJECTS = new Set(["log", "logger", "logging", "structlog", "loguru", "warnings"]);
/** Functions that report an error wherever they are called from (Sentry, OpenTelemetry, traceback). */
const REPORTERS = new Set([
  "captureexception",
  "capturemessage",
  "recordexception",
  "printexc",
  "printexception",
  "logexception",
  "logerror",
  "formatexc",
  "formatexception",
  "showtraceback",
  "excepthook",
]);
const CONSOLE_METHODS = new Set(["error", "warn", "trace"]);
/** `sys.exit(1)`, `os._exit(1)`, `process.exit(1)`, `exit(1)`: the program stops, loudly. */
const EXITS = new Set(["sys.exit", "os._exit", "process.exit", "exit", "quit"]);

const ERROR_WORDS = new Set([
  "err",
  "errs",
  "error",
  "errors",
  "errored",
  "exc",
  "exception",
  "exceptions",
  "fail",
  "fails",
  "failed",
  "failure",
  "failures",
  "fatal",
  "invalid",
  "problem",
  "reject",
  "rejected",
  "abort",
  "aborted",
  "denied",
  "forbidden",
  "unauthorized",
  "unauthorised",
  "conflict",
  "unavailable",
  "unprocessable",
  "stderr",
  "dlq",
]);
const ERROR_PHRASES = /badrequest|notfound|deadletter|internalserver/;

const normalize = (name: string) => name.replace(/^[_$#]+/, "").toLowerCase();

/** `HTTP_404_NOT_FOUND` -> http, 404, not, found; `BadRequestException` -> bad, request, exception. */
export function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, "$1 $2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1 $2")
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** An HTTP error status: 400 to 599. */
export const isErrorStatus = (value: unknown): boolean =>
  typeof value === "number" && Number.isInteger(value) && value >= 400 && value < 600;

/** Whether a name or string speaks of an error: `mark_failed`, `"payment.errors"`, `HTTP_500_...`. */
export function speaksOfError(text: string): boolean {
  const parts = words(text);
  if (parts.some((w) => ERROR_WORDS.has(w) || isErrorStatus(Number(w)))) return true;
  return ERROR_PHRASES.test(parts.join(""));
}

/** Whether a parameter, keyword or property name holds an HTTP status: `status_code=`, `statusCode:`. */
export const isStatusName = (name: string) => /^(status|status_?code|code)$/i.test(name);
/** Calls whose numeric argument is an HTTP status: `res.status(500)`, `abort(503)`. */
export const isStatusCall = (name: string) =>
  /^(status|code|sendStatus|send_status|writeHead|abort)$/.test(name);

/** A wait before the next attempt: `asyncio.sleep`, `backoff`, `retry_after`. */
export const isRetryCall = (name: string) => /sleep|backoff|retry/i.test(name);
/** A result's success flag: `{"ok": False}`, `{ success: false }`. */
export const isOutcomeKey = (name: string) => /^(ok|success|succeeded|successful)$/i.test(name);

/** A variable that records an outcome: `ok`, `connection_successful`, `saveSucceeded`, `isOk`. */
export const isOutcomeName = (name: string) =>
  isOutcomeKey(name) ||
  /_(?:ok|success|succeeded|successful)$/i.test(name) ||
  /[a-z](?:Ok|Success|Succeeded|Successful)$/.test(name);

/**
 * Whether a call logs or reports an error. `parts` is the callee as a chain of
 * names (`["self", "logger", "error"]`); `loggers` are the user's extra names.
 */
export function isLoggingCall(parts: string[], loggers: readonly string[]): boolean {
  if (parts.length === 0) return false;
  const dotted = parts.join(".");
  const method = parts[parts.length - 1];
  const receivers = parts.slice(0, -1);
  if (REPORTERS.has(normalize(method).replace(/_/g, ""))) return true;
  if (EXITS.has(dotted)) return true;
  if (receivers.at(-1) === "console") return CONSOLE_METHODS.has(method);
  if (receivers.some((r) => LOGGER_OBJECTS.has(normalize(r)) || /logger$/i.test(r))) return true;
  const receiver = receivers.join(".");
  return loggers.some(
    (name) =>
      dotted === name ||
      dotted.endsWith(`.${name}`) ||
      receiver === name ||
      receiver.endsWith(`.${name}`),
  );
}

/** Comments that configure a tool rather than explain the code. */
const DIRECTIVE =
  /^\s*(noqa|pragma|type:|pyright:|pylint:|mypy:|nosec|fmt:|isort:|eslint|@ts-|istanbul|c8 |prettier-ignore)/i;

/** Whether a comment explains why a handler does nothing (not a `# noqa` or `// eslint-disable`). */
export const isExplanation = (comment: string) =>
  comment.trim().length > 0 && !DIRECTIVE.test(comment);
