import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./require-return-type.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** The few ESTree fields this file reads (typescript-eslint's parser, no type information). */
interface Node {
  type: string;
  parent?: Node;
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  [field: string]: unknown;
}
interface Fn extends Node {
  id?: Node | null;
  params: Node[];
  body: Node;
  async: boolean;
  generator: boolean;
  returnType?: Node;
}
interface Token {
  value: string;
  range: [number, number];
  loc: Node["loc"];
}
interface TsSourceCode {
  getText(node: Node): string;
  getTokenBefore(node: Node | Token): Token | null;
}

const ROUTE_METHODS = new Set([
  "get",
  "post",
  "put",
  "patch",
  "delete",
  "all",
  "use",
  "options",
  "head",
]);

const ANNOTATED_EXTENSIONS = /\.(ts|tsx|mts|cts)$/;
const DECLARATION_FILE = /\.d\.(ts|mts|cts)$|\.d\.[^/\\]+\.ts$/;

/**
 * TypeScript files: exported functions, class methods and inline route
 * handlers need a return type. JavaScript has no annotations: nothing to report.
 */
export function checkTypescript(context: Context) {
  const filename = context.filename;
  if (!ANNOTATED_EXTENSIONS.test(filename) || DECLARATION_FILE.test(filename)) return null;
  const sourceCode = context.sourceCode as unknown as TsSourceCode;
  // Whether each enclosing function's own body returns a value (nested functions get their own frame).
  const frames: { returnsValue: boolean }[] = [];
  const enter = () => {
    frames.push({ returnsValue: false });
  };
  const exit = (fn: Fn) => {
    const frame = frames.pop();
    if (fn.returnType) return;
    const target = checkedTarget(fn, sourceCode);
    if (!target) return;
    const returnsValue = frame?.returnsValue || fn.generator || fn.body.type !== "BlockStatement";
    if (returnsValue) {
      context.report({
        loc: target.loc,
        messageId: "missingReturnType",
        data: { name: target.name },
      });
      return;
    }
    const type = fn.async ? "Promise<void>" : "void";
    context.report({
      loc: target.loc,
      messageId: "missingVoidReturnType",
      data: { name: target.name, type },
      fix: (fixer) => {
        const before = sourceCode.getTokenBefore(fn.body);
        const close = before?.value === "=>" ? sourceCode.getTokenBefore(before) : before;
        if (!close) return null;
        if (close.value === ")") return fixer.insertTextAfterRange(close.range, `: ${type}`);
        // `async x => { ... }`: the lone parameter needs parentheses for an annotation.
        const param = fn.params[0];
        if (fn.params.length !== 1 || param?.range[1] !== close.range[1]) return null;
        return fixer.replaceTextRange(param.range, `(${sourceCode.getText(param)}): ${type}`);
      },
    });
  };
  return {
    "FunctionDeclaration, FunctionExpression, ArrowFunctionExpression": enter,
    ReturnStatement(node: Node) {
      const top = frames[frames.length - 1];
      if (top && node.argument) top.returnsValue = true;
    },
    "FunctionDeclaration:exit": exit,
    "FunctionExpression:exit": exit,
    "ArrowFunctionExpression:exit": exit,
  };
}

interface Target {
  name: string;
  loc: Node["loc"];
}

/** Where to report a function the rule covers (its name), or null when it is out of scope. */
function checkedTarget(fn: Fn, sourceCode: TsSourceCode): Target | null {
  const parent = fn.parent;
  if (!parent) return null;
  // export function f() {} / export default function () {}
  if (fn.type === "FunctionDeclaration") {
    if (parent.type !== "ExportNamedDeclaration" && parent.type !== "ExportDefaultDeclaration") {
      return null;
    }
    const name = fn.id ? String(fn.id.name) : "default";
    if (fn.id && hasOverloads(parent, name)) return null;
    return { name, loc: fn.id ? fn.id.loc : head(fn, sourceCode) };
  }
  // export default () => {}
  if (parent.type === "ExportDefaultDeclaration") {
    return { name: "default", loc: head(fn, sourceCode) };
  }
  // export const f = () => {} (a typed const, `const f: Handler = ...`, is annotated already)
  if (parent.type === "VariableDeclarator" && parent.init === fn) {
    const id = parent.id as Node;
    const exported = parent.parent?.parent?.type === "ExportNamedDeclaration";
    if (!exported || id.type !== "Identifier" || id.typeAnnotation) return null;
    return { name: String(id.name), loc: id.loc };
  }
  // class methods and getters (constructors and setters take no return type)
  if (parent.type === "MethodDefinition" && parent.value === fn) {
    if (parent.kind !== "method" && parent.kind !== "get") return null;
    const key = parent.key as Node;
    const method = memberName(parent, sourceCode);
    if (hasOverloads(parent, method)) return null;
    const owner = parent.parent?.parent?.id as Node | null | undefined;
    return { name: owner ? `${String(owner.name)}.${method}` : method, loc: key.loc };
  }
  // router.get("/posts", (req, res) => { ... })
  if (parent.type === "CallExpression" && (parent.arguments as Node[]).indexOf(fn) > 0) {
    const route = routeOf(parent);
    if (!route) return null;
    return { name: `${route} handler`, loc: head(fn, sourceCode) };
  }
  return null;
}

/** A nameless function's head, from its start to the `=>` or the `)` before its body. */
function head(fn: Fn, sourceCode: TsSourceCode): Node["loc"] {
  const before = sourceCode.getTokenBefore(fn.body);
  return { start: fn.loc.start, end: before ? before.loc.end : fn.loc.end };
}

/** `GET /posts` for `router.get("/posts", ...)`; null unless the first argument is a "/" path. */
function routeOf(call: Node): string | null {
  const callee = call.callee as Node;
  if (callee.type !== "MemberExpression" || callee.computed) return null;
  const property = callee.property as Node;
  if (property.type !== "Identifier" || !ROUTE_METHODS.has(String(property.name))) return null;
  const first = (call.arguments as Node[])[0];
  let path: unknown;
  if (first?.type === "Literal") path = first.value;
  else if (first?.type === "TemplateLiteral" && (first.expressions as Node[]).length === 0) {
    path = ((first.quasis as Node[])[0]?.value as { cooked?: string } | undefined)?.cooked;
  }
  if (typeof path !== "string" || !path.startsWith("/")) return null;
  return `${String(property.name).toUpperCase()} ${path}`;
}

/** A method's name as written: `find`, `#secret`, `"quoted"`, or the computed key's text. */
function memberName(member: Node, sourceCode: TsSourceCode): string {
  const key = member.key as Node;
  if (member.computed) return `[${sourceCode.getText(key)}]`;
  if (key.type === "Identifier") return String(key.name);
  if (key.type === "PrivateIdentifier") return `#${String(key.name)}`;
  return String(key.value ?? sourceCode.getText(key));
}

/**
 * The implementation of an overloaded function or method: callers see the
 * overload signatures' return types, not the implementation's.
 */
function hasOverloads(declaration: Node, name: string): boolean {
  const siblings = declaration.parent?.body;
  if (!Array.isArray(siblings)) return false;
  return (siblings as Node[]).some((s) => {
    const d = s.type === "ExportNamedDeclaration" ? (s.declaration as Node | null) : s;
    if (d?.type === "TSDeclareFunction") return (d.id as Node | null)?.name === name;
    if (d?.type === "MethodDefinition" && d.static === declaration.static) {
      const value = d.value as Node;
      return value.type === "TSEmptyBodyFunctionExpression" && !d.computed && keyName(d) === name;
    }
    return false;
  });
}

function keyName(member: Node): string {
  const key = member.key as Node;
  if (key.type === "PrivateIdentifier") return `#${String(key.name)}`;
  return String(key.name ?? key.value);
}
