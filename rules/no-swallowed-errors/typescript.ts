import type { LayerlintRuleContext } from "../../src/rule.js";
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

/** The parts of an ESTree node (typescript-eslint's) this file reads. */
interface Node {
  type: string;
  parent?: Node;
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  [key: string]: unknown;
}
interface Variable {
  references: { identifier: Node }[];
}
interface Comment {
  value: string;
}

/** Fields that hold a condition: the error named there is tested, not handed on. */
const TEST_FIELDS: Record<string, string> = {
  IfStatement: "test",
  ConditionalExpression: "test",
  WhileStatement: "test",
  DoWhileStatement: "test",
  ForStatement: "test",
  SwitchStatement: "discriminant",
  SwitchCase: "test",
};
const FUNCTIONS =
  /^(FunctionDeclaration|FunctionExpression|ArrowFunctionExpression|ClassDeclaration|ClassExpression)$/;
const IDLE = /^(EmptyStatement|ContinueStatement|BreakStatement)$/;

/** The callee as a chain of names: `this.logger.error` -> this, logger, error. */
function calleeParts(expr: Node): string[] {
  const parts: string[] = [];
  let node: Node | undefined = expr;
  while (node) {
    if (node.type === "MemberExpression") {
      const property = node.property as Node;
      if (property.type === "Identifier" || property.type === "PrivateIdentifier") {
        parts.unshift(property.name as string);
      } else if (property.type === "Literal") {
        parts.unshift(String(property.value));
      }
      node = node.object as Node;
    } else if (node.type === "CallExpression" || node.type === "ChainExpression") {
      node = (node.callee ?? node.expression) as Node;
    } else if (node.type === "TSNonNullExpression" || node.type === "AwaitExpression") {
      node = (node.expression ?? node.argument) as Node;
    } else {
      if (node.type === "Identifier") parts.unshift(node.name as string);
      if (node.type === "ThisExpression") parts.unshift("this");
      break;
    }
  }
  return parts;
}

/** `res.status(500)`, `reply.code(503)`, `{ statusCode: 500 }`, `ctx.status = 500`. */
function statusPosition(literal: Node): boolean {
  const parent = literal.parent;
  if (parent?.type === "CallExpression" && (parent.arguments as Node[]).includes(literal)) {
    return isStatusCall(calleeParts(parent.callee as Node).at(-1) ?? "");
  }
  if (parent?.type === "Property" && parent.value === literal) {
    const key = parent.key as Node;
    return key.type === "Identifier" && isStatusName(key.name as string);
  }
  if (parent?.type === "AssignmentExpression" && parent.right === literal) {
    return /status/i.test(calleeParts(parent.left as Node).at(-1) ?? "");
  }
  return false;
}

/** `{ ok: false }`, `{ success: false }`: the parent of `false` names a success flag. */
function outcomeKey(parent: Node | undefined): boolean {
  const key = parent?.type === "Property" ? (parent.key as Node) : undefined;
  const name = key?.type === "Identifier" ? key.name : key?.type === "Literal" ? key.value : null;
  return typeof name === "string" && isOutcomeKey(name);
}

/** `connectionOk = false`, `this.saved.success = false`: a flag that records the failure. */
function outcomeTarget(node: Node): boolean {
  const parent = node.parent;
  if (parent?.type !== "AssignmentExpression" || parent.right !== node) return false;
  const left = parent.left as Node;
  const name =
    left.type === "Identifier"
      ? left.name
      : left.type === "MemberExpression" && (left.property as Node).type === "Identifier"
        ? (left.property as Node).name
        : null;
  return typeof name === "string" && isOutcomeName(name);
}

/** `return false`: the function answers "no" (`hasYarn()`, `tryConnect()`), a failure its caller sees. */
function answersNo(node: Node): boolean {
  return node.parent?.type === "ReturnStatement";
}

/** Whether a catch sits in a loop of its own function: a retry loop. */
function inLoop(node: Node): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (/^(For|ForIn|ForOf|While|DoWhile)Statement$/.test(p.type)) return true;
    if (FUNCTIONS.test(p.type)) return false;
  }
  return false;
}

/** Whether a block waits on something (`await`, `for await`, `yield`) outside nested functions. */
function awaits(node: Node, keys: Record<string, readonly string[]>): boolean {
  if (node.type === "AwaitExpression" || node.type === "YieldExpression") return true;
  if (node.type === "ForOfStatement" && node.await === true) return true;
  if (FUNCTIONS.test(node.type)) return false;
  return (keys[node.type] ?? []).some((key) => {
    const value = node[key] as Node | Node[] | null | undefined;
    const items = Array.isArray(value) ? value : value ? [value] : [];
    return items.some((child) => child && typeof child.type === "string" && awaits(child, keys));
  });
}

/**
 * TypeScript/JavaScript: every `catch` clause (a catch cannot name the errors
 * it expects) that neither rethrows, logs, nor hands the error on.
 */
export function checkTypescript(context: Context) {
  const [options] = context.options;
  const sourceCode = context.sourceCode as unknown as {
    visitorKeys: Record<string, readonly string[]>;
    getText(node: Node): string;
    getDeclaredVariables(node: Node): Variable[];
    getCommentsInside(node: Node): Comment[];
  };

  return {
    CatchClause(clause: Node) {
      const body = clause.body as Node;
      const param = clause.param as Node | null;
      const refs = new Set(
        sourceCode
          .getDeclaredVariables(clause)
          .flatMap((v) => v.references.map((r) => r.identifier)),
      );
      const found = {
        throws: false,
        logs: false,
        usesError: false,
        errorValue: false,
        fallback: false,
        retries: false,
      };

      const visit = (node: Node, test: boolean, nested: boolean): void => {
        const own = !test && !nested;
        const parent = node.parent;
        switch (node.type) {
          case "ThrowStatement":
            if (!nested) found.throws = true;
            break;
          case "ReturnStatement":
            if (!nested && node.argument) found.fallback = true;
            break;
          case "AssignmentExpression":
            if (!nested) found.fallback = true;
            break;
          case "CallExpression":
          case "NewExpression":
            if (own && isLoggingCall(calleeParts(node.callee as Node), options.loggers)) {
              found.logs = true;
            }
            if (own && isRetryCall(calleeParts(node.callee as Node).at(-1) ?? "")) {
              found.retries = true;
            }
            break;
          case "Identifier":
            if (refs.has(node)) {
              const tested =
                (parent?.type === "BinaryExpression" && parent.operator === "instanceof") ||
                (parent?.type === "UnaryExpression" && parent.operator === "typeof");
              if (!test && !tested) found.usesError = true;
            } else if (own && speaksOfError(node.name as string)) {
              found.errorValue = true;
            }
            break;
          case "Literal":
            if (own && typeof node.value === "string" && speaksOfError(node.value)) {
              found.errorValue = true;
            }
            if (own && isErrorStatus(node.value) && statusPosition(node)) found.errorValue = true;
            if (
              own &&
              node.value === false &&
              (outcomeKey(parent) || answersNo(node) || outcomeTarget(node))
            ) {
              found.errorValue = true;
            }
            break;
          case "TemplateElement":
            if (own && speaksOfError(String((node.value as { cooked?: string }).cooked ?? ""))) {
              found.errorValue = true;
            }
            break;
        }
        const testField = TEST_FIELDS[node.type];
        const enters = FUNCTIONS.test(node.type);
        for (const key of sourceCode.visitorKeys[node.type] ?? []) {
          // Types say nothing about what happens at run time.
          if (key === "typeAnnotation" || key === "typeArguments") continue;
          const value = node[key] as Node | Node[] | null | undefined;
          for (const child of Array.isArray(value) ? value : value ? [value] : []) {
            if (!child || typeof child.type !== "string") continue;
            visit(child, test || key === testField, nested || enters);
          }
        }
      };
      visit(body, false, false);

      if (found.throws || found.logs || found.usesError || found.errorValue) return;
      // A retry loop that waits before the next attempt surfaces the error when it gives up.
      if (found.retries && inLoop(clause)) return;
      const statements = body.body as Node[];
      const empty = statements.every((s) => s.type === "EmptyStatement");
      const idle = statements.every(
        (s) => IDLE.test(s.type) || (s.type === "ReturnStatement" && !s.argument),
      );
      // `return;` and `continue` skip the item: as much a fallback as `return null`.
      const fallback = found.fallback || (idle && !empty);
      if (fallback && options.allowFallbackValue === "always") return;
      // A parse-or-default (`JSON.parse`, `new URL`) cannot narrow its catch; awaited I/O that falls back hides an outage.
      const tried = (clause.parent as Node).block as Node;
      if (
        fallback &&
        options.allowFallbackValue === "typescript-sync" &&
        !awaits(tried, sourceCode.visitorKeys)
      ) {
        return;
      }
      if (
        idle &&
        options.allowEmptyCatchWithComment &&
        sourceCode.getCommentsInside(body).some((c) => isExplanation(c.value))
      ) {
        return;
      }
      const name = param?.type === "Identifier" ? (param.name as string) : param ? "{ ... }" : "";
      const clauseText = param ? `catch (${name})` : "catch";
      context.report({
        loc: { start: clause.loc.start, end: body.loc.start },
        messageId: empty ? "emptyCatch" : "swallowedCatch",
        data: { clause: clauseText },
      });
    },
  };
}
