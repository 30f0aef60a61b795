/**
 * What a route handler reads from the request (body, query, path params) and
 * whether each read reaches a validator: typescript-eslint's ESTree, no types.
 */

/** The few ESTree fields these files read. */
export interface Node {
  type: string;
  parent?: Node;
  range: [number, number];
  loc: { start: { line: number; column: number }; end: { line: number; column: number } };
  [field: string]: unknown;
}
export interface Variable {
  name: string;
  references: { identifier: Node; init?: boolean | null }[];
}
export interface TsSourceCode {
  text: string;
  getText(node: Node): string;
  getDeclaredVariables(node: Node): Variable[];
}

export type InputKind = "body" | "query" | "params";

export interface InputRead {
  kind: InputKind;
  /** As the message names it: `req.body`, `ctx.request.query`, `c.req.json()`. */
  text: string;
  /** Reaches a validator call, or a field of it only goes through `Number()`-like coercion. */
  fate: "validated" | "coerced" | "raw";
}

export interface ValidatorNames {
  /** Extra callee or middleware names that validate (the `validators` option). */
  extra: readonly string[];
}

/** Methods and functions that check a value against a schema (zod, valibot, Joi, yup, class-validator, io-ts, typebox). */
const VALIDATOR_CALLS = new Set([
  "parse",
  "safeParse",
  "parseAsync",
  "safeParseAsync",
  "spa",
  "validate",
  "validateAsync",
  "validateSync",
  "validateOrReject",
  "assert",
  "assertEquals",
  "is",
  "decode",
  "Check",
  "Decode",
  // Webhook SDKs verify the signature over the raw body and parse it (Stripe's `constructEvent`).
  "constructEvent",
  "constructEventAsync",
]);
/** Receivers whose `parse` reads text, not a schema: `JSON.parse(req.body)` checks nothing. */
const NOT_SCHEMAS = new Set(["JSON", "qs", "querystring", "url", "path", "Date", "YAML", "yaml"]);
const COERCIONS = new Set(["Number", "parseInt", "parseFloat", "String", "Boolean", "BigInt"]);
/** A callee or middleware named like validation: `validateBody`, `createPostSchema`, `zValidator`. */
export const VALIDATION_NAME = /valid|schema/i;
const TRANSPARENT = new Set([
  "AwaitExpression",
  "TSAsExpression",
  "TSNonNullExpression",
  "TSSatisfiesExpression",
  "TSTypeAssertion",
  "ChainExpression",
  "LogicalExpression",
]);

/** The last name of a callee: `parse` for `schema.parse`, `validate` for `validate`. */
export function calleeName(callee: Node): string | null {
  if (callee.type === "Identifier") return String(callee.name);
  if (callee.type === "MemberExpression" && !callee.computed) {
    return String((callee.property as Node).name);
  }
  return null;
}

/** Whether a call checks its arguments against a schema. */
export function isValidatorCall(
  call: Node,
  names: ValidatorNames,
  classValidator: boolean,
): boolean {
  const callee = call.callee as Node;
  const name = calleeName(callee);
  if (!name) return false;
  if (names.extra.includes(name)) return true;
  if (callee.type === "MemberExpression") {
    const object = callee.object as Node;
    if (object.type === "Identifier" && NOT_SCHEMAS.has(String(object.name))) return false;
  }
  if (VALIDATOR_CALLS.has(name)) return true;
  // class-validator: `plainToInstance(Dto, req.body)` checks only with a `validate(...)` after it.
  if (/^plainTo(Instance|Class)$/.test(name)) return classValidator;
  return VALIDATION_NAME.test(name) || /^(?:parse|decode|assert)[A-Z]/.test(name);
}

/** Every node under `root` (ESTree children: objects with a `type`, arrays of them). */
export function walk(root: Node, visit: (node: Node) => void): void {
  const stack: Node[] = [root];
  while (stack.length > 0) {
    const node = stack.pop()!;
    visit(node);
    for (const key of Object.keys(node)) {
      if (key === "parent" || key === "loc" || key === "range") continue;
      const value = node[key];
      if (Array.isArray(value)) {
        for (const item of value as unknown[]) if (isNode(item)) stack.push(item);
      } else if (isNode(value)) {
        stack.push(value);
      }
    }
  }
}

function isNode(value: unknown): value is Node {
  return typeof value === "object" && value !== null && typeof (value as Node).type === "string";
}

function member(node: Node | undefined, name: string): Node | null {
  if (node?.type !== "MemberExpression" || node.computed) return null;
  return (node.property as Node).name === name ? node : null;
}

function isName(node: Node | undefined, name: string): boolean {
  return node?.type === "Identifier" && node.name === name;
}

/**
 * The input a node reads when it is a use of the request variable `req`:
 * `req.body`, `req.query`, `req.params` (Express, Fastify, Koa's `ctx.query`),
 * `ctx.request.body` (Koa), `c.req.json()`/`c.req.query()` (Hono). Null otherwise,
 * and for Hono's `c.req.valid("json")`, which is validated input.
 */
function readAt(
  ref: Node,
  req: string,
  koa: boolean,
): { kind: InputKind; node: Node; text: string } | null {
  const first = ref.parent;
  if (!first || first.object !== ref) return null;
  // Koa's `ctx.body` is the response; `req.body = parsed` writes, it does not read.
  if (first.parent?.type === "AssignmentExpression" && first.parent.left === first) return null;
  for (const kind of ["body", "query", "params"] as const) {
    if (kind === "body" && koa) continue;
    if (member(first, kind)) return { kind, node: first, text: `${req}.${kind}` };
  }
  const request = member(first, "request");
  if (request) {
    for (const kind of ["body", "query"] as const) {
      const read = member(request.parent, kind);
      if (read && read.object === request)
        return { kind, node: read, text: `${req}.request.${kind}` };
    }
  }
  const honoReq = member(first, "req");
  const method = honoReq && honoReq.parent?.object === honoReq ? honoReq.parent : null;
  const call = method?.parent?.type === "CallExpression" ? method.parent : null;
  if (method && call && call.callee === method) {
    const name = String((method.property as Node).name);
    // `c.req.text()` and `arrayBuffer()` are the raw body, e.g. for a signature check.
    const kind: InputKind | null = ["json", "parseBody", "formData"].includes(name)
      ? "body"
      : name === "query" || name === "queries"
        ? "query"
        : name === "param"
          ? "params"
          : null;
    if (kind) return { kind, node: call, text: `${req}.req.${name}()` };
  }
  return null;
}

/** Where a value goes: into a validator, only through a coercion, or anywhere else. */
function fateOf(
  start: Node,
  sourceCode: TsSourceCode,
  names: ValidatorNames,
  classValidator: boolean,
  depth: number,
): InputRead["fate"] {
  let node = start;
  let field = false;
  for (;;) {
    const parent = node.parent;
    if (!parent) return "raw";
    if (TRANSPARENT.has(parent.type)) {
      node = parent;
      continue;
    }
    // One field down: `req.query.page`, `body.title`.
    if (!field && parent.type === "MemberExpression" && parent.object === node) {
      field = true;
      node = parent;
      continue;
    }
    if (parent.type === "CallExpression" && (parent.arguments as Node[]).includes(node)) {
      if (isValidatorCall(parent, names, classValidator)) return "validated";
      const callee = parent.callee as Node;
      if (callee.type === "Identifier" && COERCIONS.has(String(callee.name))) {
        return field || depth > 0 ? "coerced" : "raw";
      }
      return "raw";
    }
    if (parent.type === "VariableDeclarator" && parent.init === node && depth < 2) {
      return variableFate(parent, sourceCode, names, classValidator, depth + 1);
    }
    return "raw";
  }
}

/** `const input = req.body` / `const { page } = req.query`: the fate of what the variables receive. */
function variableFate(
  declarator: Node,
  sourceCode: TsSourceCode,
  names: ValidatorNames,
  classValidator: boolean,
  depth: number,
): InputRead["fate"] {
  const fates: InputRead["fate"][] = [];
  for (const variable of sourceCode.getDeclaredVariables(declarator)) {
    for (const ref of variable.references) {
      if (ref.init) continue;
      fates.push(fateOf(ref.identifier, sourceCode, names, classValidator, depth));
    }
  }
  if (fates.includes("validated")) return "validated";
  return fates.length > 0 && fates.every((f) => f === "coerced") ? "coerced" : "raw";
}

/**
 * The request inputs `fn` reads through its request parameter `param` (an
 * Identifier, or an object pattern such as `({ body }, res)`), each with its fate.
 */
export function readsOf(
  fn: Node,
  param: Node,
  sourceCode: TsSourceCode,
  names: ValidatorNames,
  koa = false,
): InputRead[] {
  let classValidator = false;
  walk(fn.body as Node, (node) => {
    if (node.type !== "CallExpression") return;
    const name = calleeName(node.callee as Node);
    if (name && /^validate(?:OrReject|Sync)?$/.test(name)) classValidator = true;
  });
  const reads: InputRead[] = [];
  const target = param.type === "AssignmentPattern" ? (param.left as Node) : param;
  if (target.type === "Identifier") {
    const req = String(target.name);
    for (const variable of sourceCode.getDeclaredVariables(fn)) {
      if (variable.name !== req) continue;
      for (const ref of variable.references) {
        const read = readAt(ref.identifier, req, koa);
        if (!read) continue;
        const fate = fateOf(read.node, sourceCode, names, classValidator, 0);
        reads.push({ kind: read.kind, text: read.text, fate });
      }
    }
  } else if (target.type === "ObjectPattern") {
    // `({ body, query }, res) => ...`: each destructured input is a read of its own.
    for (const prop of target.properties as Node[]) {
      const key = prop.key as Node | undefined;
      const kind = key?.type === "Identifier" ? String(key.name) : "";
      if (prop.type !== "Property" || !["body", "query", "params"].includes(kind)) continue;
      const fate = destructuredFate(prop, fn, sourceCode, names, classValidator);
      reads.push({ kind: kind as InputKind, text: kind, fate });
    }
  }
  return reads;
}

function destructuredFate(
  prop: Node,
  fn: Node,
  sourceCode: TsSourceCode,
  names: ValidatorNames,
  classValidator: boolean,
): InputRead["fate"] {
  const value = prop.value as Node;
  if (value.type !== "Identifier") return "raw";
  const variable = sourceCode.getDeclaredVariables(fn).find((v) => v.name === value.name);
  const fates = (variable?.references ?? []).map((ref) =>
    fateOf(ref.identifier, sourceCode, names, classValidator, 0),
  );
  if (fates.includes("validated")) return "validated";
  return fates.length > 0 && fates.every((f) => f === "coerced") ? "coerced" : "raw";
}

/** Whether the function asks express-validator for its result (`validationResult(req)`). */
export function checksValidationResult(fn: Node): boolean {
  let found = false;
  walk(fn.body as Node, (node) => {
    if (node.type === "CallExpression" && isName(node.callee as Node, "validationResult"))
      found = true;
  });
  return found;
}
