import {
  VALIDATION_NAME,
  calleeName,
  isValidatorCall,
  walk,
  type InputKind,
  type Node,
  type TsSourceCode,
  type ValidatorNames,
} from "./inputs.js";

/** express-validator's chain starters: `body("email").isEmail()` in a route's middlewares. */
const EXPRESS_VALIDATOR = new Set(["body", "query", "param", "check", "checkSchema", "oneOf"]);
const ALL: ReadonlySet<InputKind> = new Set(["body", "query", "params"]);

export function isFunction(node: Node): boolean {
  return node.type === "ArrowFunctionExpression" || node.type === "FunctionExpression";
}

export function addAll(covered: Set<InputKind>): void {
  for (const kind of ALL) covered.add(kind);
}

export function propertyOf(object: Node, name: string): Node | null {
  for (const prop of object.properties as Node[]) {
    const key = prop.key as Node | undefined;
    if (prop.type !== "Property" || !key) continue;
    if ((key.type === "Identifier" && key.name === name) || key.value === name) return prop;
  }
  return null;
}

/** Fastify route options: `schema: { body, querystring, params }`, or a validating hook. */
export function fastifyCovers(
  options: Node,
  sourceCode: TsSourceCode,
  names: ValidatorNames,
  covered: Set<InputKind>,
): void {
  const schema = propertyOf(options, "schema")?.value as Node | undefined;
  if (schema && schema.type !== "ObjectExpression") addAll(covered);
  if (schema?.type === "ObjectExpression") {
    if (propertyOf(schema, "body")) covered.add("body");
    if (propertyOf(schema, "querystring") || propertyOf(schema, "query")) covered.add("query");
    if (propertyOf(schema, "params")) covered.add("params");
  }
  for (const hook of ["preValidation", "preHandler", "onRequest"]) {
    const value = propertyOf(options, hook)?.value as Node | undefined;
    if (value && isValidatingMiddleware(value, sourceCode, names)) addAll(covered);
  }
}

/**
 * A middleware that validates: named so (`validate(schema)`, `zValidator("json", s)`,
 * `validateBody`), `celebrate({...})`, an express-validator chain, the project's
 * `validators`, or an inline middleware that calls a validator.
 */
export function isValidatingMiddleware(
  mw: Node,
  sourceCode: TsSourceCode,
  names: ValidatorNames,
): boolean {
  if (mw.type === "ArrayExpression") {
    return (mw.elements as (Node | null)[]).some(
      (e) => e !== null && isValidatingMiddleware(e, sourceCode, names),
    );
  }
  if (isFunction(mw)) {
    let validates = false;
    walk(mw.body as Node, (node) => {
      if (node.type === "CallExpression" && isValidatorCall(node, names, true)) validates = true;
    });
    return validates;
  }
  if (mw.type === "CallExpression") {
    let root: Node = mw;
    // express-validator: body("email").isEmail().normalizeEmail()
    while (root.type === "CallExpression" && (root.callee as Node).type === "MemberExpression")
      root = ((root.callee as Node).object as Node) ?? root;
    const rootName = root.type === "CallExpression" ? calleeName(root.callee as Node) : null;
    if (rootName && EXPRESS_VALIDATOR.has(rootName)) return true;
    const name = calleeName(mw.callee as Node);
    if (name === "celebrate" || (name && names.extra.includes(name))) return true;
    const callee = sourceCode.getText(mw.callee as Node);
    if (VALIDATION_NAME.test(callee)) return true;
    return (mw.arguments as Node[]).some(
      (a) => !isFunction(a) && VALIDATION_NAME.test(sourceCode.getText(a)),
    );
  }
  if (mw.type === "Identifier" || mw.type === "MemberExpression") {
    const text = sourceCode.getText(mw);
    return VALIDATION_NAME.test(text) || names.extra.includes(text);
  }
  return false;
}
