import type * as TS from "typescript";
import { tsDbFileOf } from "../../src/project/typescript/db.js";
import { tsHandlersOf } from "../../src/project/typescript/handlers.js";
import { typescript } from "../../src/project/typescript/load.js";
import { backendScriptOf } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import type { MessageIds, Options } from "./route-contract.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const HTTP_DECORATORS = new Set([
  "Get",
  "Post",
  "Put",
  "Patch",
  "Delete",
  "All",
  "Options",
  "Head",
]);
/** The handler answers with no JSON body (a redirect, a template, a stream) or is left out of the document. */
const NO_JSON = new Set(["Redirect", "Render", "Sse", "ApiExcludeEndpoint"]);
/** Return types that name no DTO: the document would show an untyped object. */
const UNTYPED = /^(?:any|unknown|object|Object|Record<.*>|\{\s*\[.*\]:.*\})$/;
const NO_BODY = /\b(?:204|304)\b|NO_CONTENT|NOT_MODIFIED/;

/**
 * TypeScript: NestJS controllers of a project that publishes OpenAPI with
 * `@nestjs/swagger` (Express and Fastify routes declare no response contract
 * that layerlint could read, so they are left alone).
 */
export function checkTypescript(context: Context) {
  const where = backendScriptOf(context);
  if (!where || !/@Controller\s*\(/.test(where.text)) return null;
  const { project, file, text } = where;
  if (
    !text.includes("@nestjs/swagger") &&
    !project.nearestPackageDependsOn(file, "@nestjs/swagger")
  )
    return null;
  const [{ checkTags = true }] = context.options;

  return {
    "Program:exit"() {
      const ts = typescript();
      const sf = tsDbFileOf(context.filename, text, file).sf;
      const at = (start: number, end: number) => {
        const s = sf.getLineAndCharacterOfPosition(start);
        const e = sf.getLineAndCharacterOfPosition(end);
        return {
          start: { line: s.line + 1, column: s.character },
          end: { line: e.line + 1, column: e.character },
        };
      };
      for (const handler of tsHandlersOf(project, file, sf)) {
        const fn = handler.fn;
        if (!ts.isMethodDeclaration(fn)) continue;
        const names = decoratorNames(fn);
        if (![...names.keys()].some((n) => HTTP_DECORATORS.has(n))) continue;
        if ([...names.keys()].some((n) => NO_JSON.has(n) || /^Api\w*Response$/.test(n))) continue;
        if (
          fn.parameters.some((p) =>
            /^(?:Res|Response)$/.test([...decoratorNames(p).keys()].join(" ")),
          )
        )
          continue;
        const code = names.get("HttpCode");
        if (code !== undefined && NO_BODY.test(code)) continue;
        if (fn.type ? namesDto(fn.type, sf) : !returnsValue(fn)) continue;
        context.report({
          loc: at(handler.start, handler.end),
          messageId: "contract",
          data: {
            handler: handler.name,
            route: handler.route,
            missing: "no response schema",
            fixes: "@ApiOkResponse({ type: ... }) (or a return type naming a DTO)",
          },
        });
      }
      if (!checkTags) return;
      for (const statement of sf.statements) {
        if (!ts.isClassDeclaration(statement) || !statement.name) continue;
        const names = decoratorNames(statement);
        if (!names.has("Controller") || names.has("ApiTags") || names.has("ApiExcludeController"))
          continue;
        context.report({
          loc: at(statement.name.getStart(sf), statement.name.getEnd()),
          messageId: "untaggedController",
          data: { name: statement.name.text },
        });
      }
    },
  };
}

/** Decorator names with their first argument's text: `HttpCode` -> `204`. */
function decoratorNames(node: TS.Node): Map<string, string> {
  const ts = typescript();
  const out = new Map<string, string>();
  if (!ts.canHaveDecorators(node)) return out;
  for (const decorator of ts.getDecorators(node) ?? []) {
    let expr = decorator.expression;
    let first = "";
    if (ts.isCallExpression(expr)) {
      first = expr.arguments[0]?.getText() ?? "";
      expr = expr.expression;
    }
    const name = ts.isPropertyAccessExpression(expr) ? expr.name.text : expr.getText();
    out.set(name, first);
  }
  return out;
}

/** `Promise<PostDto>`, `PostDto[]`, `Observable<Page<PostDto>>`, `void`: a declared response. */
function namesDto(type: TS.TypeNode, sf: TS.SourceFile): boolean {
  const ts = typescript();
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText(sf);
    if (/^(?:Promise|Observable)$/.test(name) && type.typeArguments?.length === 1) {
      return namesDto(type.typeArguments[0], sf);
    }
    return !UNTYPED.test(type.getText(sf));
  }
  if (ts.isArrayTypeNode(type)) return namesDto(type.elementType, sf);
  if (ts.isUnionTypeNode(type)) return type.types.some((t) => namesDto(t, sf));
  return !UNTYPED.test(type.getText(sf));
}

/** A `return <value>` in the method's own body (not in a nested function). */
function returnsValue(fn: TS.MethodDeclaration): boolean {
  const ts = typescript();
  let found = false;
  const visit = (node: TS.Node): void => {
    if (found || ts.isFunctionLike(node) || ts.isClassLike(node)) return;
    if (ts.isReturnStatement(node) && node.expression) found = true;
    else ts.forEachChild(node, visit);
  };
  if (fn.body) ts.forEachChild(fn.body, visit);
  return found;
}
