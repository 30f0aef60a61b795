import { dottedName } from "../../src/languages/python/ast-utils.js";
import type { PyName, PyNode, PyNodeBase, PySuite } from "../../src/languages/python/nodes.js";
import { visitorKeys } from "../../src/languages/python/visitor-keys.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./no-swallowed-errors.js";
import {
  isErrorStatus,
  isExplanation,
  isLoggingCall,
  isOutcomeKey,
  isOutcomeName,
  isRetryCall,
  isStatusCall,
  isStatusName,
  speaksOfError,
} from "./signals.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

interface PyExcept extends PyNodeBase {
  type: "Except";
  d: { typeExpr: PyNode | undefined; name: PyName | undefined; exceptSuite: PySuite };
}

/** What a handler does with the error, gathered in one walk of its suite. */
interface Findings {
  reraises: boolean;
  logs: boolean;
  usesError: boolean;
  errorValue: boolean;
  fallback: boolean;
  retries: boolean;
}

/** Calls whose arguments only test the error: `isinstance(e, KeyError)`. */
const TESTS = new Set(["isinstance", "issubclass", "hasattr", "getattr", "type"]);
/** Fields that hold a condition: names there decide, they do not hand the error on. */
const TEST_FIELDS: Record<string, string> = {
  If: "testExpr",
  While: "testExpr",
  Ternary: "testExpr",
  Assert: "testExpr",
  ComprehensionIf: "testExpr",
  Case: "guardExpr",
  Match: "expr",
  Except: "typeExpr",
};
const DO_NOTHING = new Set(["Pass", "Ellipsis", "StringList"]);

/** "everything" for a bare `except:` or BaseException, "exception" for Exception, else null (narrow). */
function breadth(type: PyNode | undefined): "everything" | "exception" | null {
  if (!type) return "everything";
  if (type.type === "Tuple") {
    const found = (type.d.items as PyNode[]).map(breadth);
    return found.includes("everything")
      ? "everything"
      : found.includes("exception")
        ? "exception"
        : null;
  }
  const name = dottedName(type)?.replace(/^builtins\./, "");
  return name === "BaseException" ? "everything" : name === "Exception" ? "exception" : null;
}

/** The callee as a chain of names: `logging.getLogger(__name__).error` -> logging, getLogger, error. */
function calleeParts(expr: PyNode): string[] {
  const parts: string[] = [];
  let node: PyNode | undefined = expr;
  while (node) {
    if (node.type === "MemberAccess") {
      parts.unshift((node.d.member as PyName).d.value);
      node = node.d.leftExpr as PyNode;
    } else if (node.type === "Call" || node.type === "Index") {
      node = node.d.leftExpr as PyNode;
    } else {
      if (node.type === "Name") parts.unshift(node.d.value as string);
      break;
    }
  }
  return parts;
}

function children(node: PyNode): PyNode[] {
  const out: PyNode[] = [];
  for (const key of visitorKeys[node.type] ?? []) {
    const value = node.d[key] as PyNode | PyNode[] | undefined;
    for (const child of Array.isArray(value) ? value : value ? [value] : []) {
      // pyright shares some fields between nodes; a child is only ours if it says so.
      if (child?.parent === node) out.push(child);
    }
  }
  return out;
}

function inspect(
  suite: PySuite,
  caught: string | null,
  loggers: readonly string[],
  text: string,
): Findings {
  const found: Findings = {
    reraises: false,
    logs: false,
    usesError: false,
    errorValue: false,
    fallback: false,
    retries: false,
  };
  const visit = (node: PyNode, test: boolean, nested: boolean): void => {
    const own = !test && !nested;
    const parent = node.parent as PyNode;
    switch (node.type) {
      case "Raise":
        if (!nested) found.reraises = true;
        break;
      case "Return":
        if (!nested && node.d.expr) found.fallback = true;
        break;
      case "Assignment":
      case "AugmentedAssignment":
        if (!nested) found.fallback = true;
        break;
      case "Call": {
        const parts = calleeParts(node.d.leftExpr as PyNode);
        if (own && isLoggingCall(parts, loggers)) found.logs = true;
        if (own && isRetryCall(parts.at(-1) ?? "")) found.retries = true;
        break;
      }
      case "Name": {
        const value = node.d.value as string;
        // `self.e` and `f(e=...)` are not the caught error.
        const member =
          (parent.type === "MemberAccess" && parent.d.member === node) ||
          (parent.type === "Argument" && parent.d.name === node);
        if (!member && value === caught) {
          if (!test) found.usesError = true;
        } else if (own && speaksOfError(value)) {
          found.errorValue = true;
        }
        break;
      }
      case "String":
        if (own && speaksOfError(node.d.value as string)) found.errorValue = true;
        break;
      case "FormatString": {
        // f"Failed to connect to {url}": the literal parts speak.
        const parts = (node.d.middleTokens as { escapedValue: string }[] | undefined) ?? [];
        if (own && parts.some((t) => speaksOfError(t.escapedValue))) found.errorValue = true;
        break;
      }
      case "Constant":
        if (own && text.slice(node.start, node.start + node.length) === "False") {
          // `return False`: the function answers "no", a failure its caller sees.
          if (outcomeKey(parent) || parent.type === "Return" || outcomeTarget(parent, node)) {
            found.errorValue = true;
          }
        }
        break;
      case "Number":
        if (own && isErrorStatus(node.d.value) && statusPosition(node)) found.errorValue = true;
        break;
    }
    const testField = TEST_FIELDS[node.type];
    const testCall = node.type === "Call" && TESTS.has(dottedName(node.d.leftExpr as PyNode) ?? "");
    const enters = node.type === "Function" || node.type === "Lambda" || node.type === "Class";
    for (const child of children(node)) {
      const isTest = test || testCall || (testField !== undefined && node.d[testField] === child);
      visit(child, isTest, nested || enters);
    }
  };
  for (const statement of suite.d.statements) visit(statement, false, false);
  return found;
}

/** `status_code=500`, `abort(503)`, `response.status_code = 500`. */
function statusPosition(number: PyNode): boolean {
  const parent = number.parent as PyNode;
  if (parent.type === "Argument") {
    const keyword = (parent.d.name as PyName | undefined)?.d.value;
    if (keyword) return isStatusName(keyword);
    const call = parent.parent as PyNode;
    const parts = calleeParts(call.d.leftExpr as PyNode);
    return isStatusCall(parts.at(-1) ?? "");
  }
  if (parent.type === "Assignment" && parent.d.rightExpr === number) {
    return /status/i.test(calleeParts(parent.d.leftExpr as PyNode).at(-1) ?? "");
  }
  return false;
}

/** `connection_successful = False`, `self.ok = False`: a flag that records the failure. */
function outcomeTarget(parent: PyNode, value: PyNode): boolean {
  if (parent.type !== "Assignment" || parent.d.rightExpr !== value) return false;
  const left = parent.d.leftExpr as PyNode;
  const name =
    left.type === "Name"
      ? (left.d.value as string)
      : left.type === "MemberAccess"
        ? ((left.d.member as PyName).d.value as string)
        : null;
  return name !== null && isOutcomeName(name);
}

/** `{"ok": False}`, `Result(success=False)`: the parent of `False` names a success flag. */
function outcomeKey(parent: PyNode): boolean {
  if (parent.type === "Argument") {
    return isOutcomeKey((parent.d.name as PyName | undefined)?.d.value ?? "");
  }
  const key = parent.type === "DictionaryKeyEntry" ? (parent.d.keyExpr as PyNode) : undefined;
  const strings = key?.type === "StringList" ? (key.d.strings as PyNode[]) : [];
  return strings.length === 1 && isOutcomeKey(strings[0].d.value as string);
}

/** `__repr__` must not raise, and Python drops what `__del__` raises: swallowing is their contract. */
function inMustNotRaise(node: PyNodeBase): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "Function")
      return ["__repr__", "__del__"].includes((p.d.name as PyName).d.value);
  }
  return false;
}

/** Whether a handler sits in a loop of its own function: a retry loop. */
function inLoop(node: PyNodeBase): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type === "For" || p.type === "While") return true;
    if (p.type === "Function" || p.type === "Lambda" || p.type === "Class") return false;
  }
  return false;
}

/** The statements of a suite, unwrapped from their StatementLists. */
function simpleStatements(suite: PySuite): PyNode[] {
  return suite.d.statements.flatMap((s) =>
    s.type === "StatementList" ? (s.d.statements as PyNode[]) : [s],
  );
}

/**
 * Python: `except` clauses that catch everything (bare, `Exception`,
 * `BaseException`, or a tuple with one of them) and then drop the error.
 */
export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const [options] = context.options;
  const text = sourceCode.text;

  /** An explaining comment between the header's colon and the end of the suite's last line. */
  const explained = (suite: PySuite) => {
    const end =
      text.slice(suite.start + suite.length).search(/[\r\n]|$/) + suite.start + suite.length;
    return sourceCode.comments.some(
      (c) => c.start >= suite.start && c.start <= end && isExplanation(c.value),
    );
  };

  return {
    Except(node: PyExcept) {
      const broad = breadth(node.d.typeExpr);
      if (!broad) return;
      const suite = node.d.exceptSuite;
      const found = inspect(suite, node.d.name?.d.value ?? null, options.loggers, text);
      if (found.reraises) return;
      const header = { start: node.start, length: suite.start + 1 - node.start };
      const clause = sourceCode
        .getText(header)
        .replace(/\s+/g, " ")
        .replace(/\( /g, "(")
        .replace(/,? \)/g, ")");
      const loc = sourceCode.getLoc(header);
      if (broad === "everything" && options.bareExceptMustReraise) {
        context.report({ loc, messageId: "bareExcept", data: { clause } });
        return;
      }
      if (found.logs || found.usesError || found.errorValue || inMustNotRaise(node)) return;
      // A retry loop that waits before the next attempt surfaces the error when it gives up.
      if (found.retries && inLoop(node)) return;
      const statements = simpleStatements(suite);
      const empty = statements.every((s) => DO_NOTHING.has(s.type));
      const idle = statements.every(
        (s) =>
          DO_NOTHING.has(s.type) ||
          s.type === "Continue" ||
          s.type === "Break" ||
          (s.type === "Return" && !s.d.expr),
      );
      // `return` and `continue` skip the item: as much a fallback as `return None`.
      const fallback = found.fallback || (idle && !empty);
      if (fallback && options.allowFallbackValue === "always") return;
      if (idle && options.allowEmptyCatchWithComment && explained(suite)) return;
      context.report({
        loc,
        messageId: empty ? "emptyExcept" : "swallowedExcept",
        data: { clause },
      });
    },
  };
}
