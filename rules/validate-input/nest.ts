import {
  checksValidationResult,
  readsOf,
  type InputKind,
  type Node,
  type TsSourceCode,
  type ValidatorNames,
} from "./inputs.js";
import type { MessageIds, Options } from "./validate-input.js";

/** Type names that are no class at run time: local interfaces and type aliases, type-only imports. */
export interface TypeNames {
  local: Set<string>;
  typeOnly: Set<string>;
}

const INPUT_DECORATORS: Record<string, InputKind> = {
  Body: "body",
  Query: "query",
  Param: "params",
};
const REQUEST_DECORATORS = new Set(["Req", "Request"]);
/**
 * Types that reach the ValidationPipe as `Object` (or a built-in it does not
 * validate): TypeScript's utility types, and TypeORM's query types, which are
 * type aliases and interfaces.
 */
const SHAPELESS = new Set([
  "Object",
  "Record",
  "Partial",
  "Pick",
  "Omit",
  "Required",
  "Readonly",
  "Exclude",
  "Extract",
  "NonNullable",
  "Array",
  "ReadonlyArray",
  "Map",
  "Set",
  "FindOptionsWhere",
  "FindManyOptions",
  "FindOneOptions",
  "FindOptionsOrder",
  "FindOptionsSelect",
  "FindOptionsRelations",
  "DeepPartial",
  "QueryDeepPartialEntity",
]);

/** `import type { CreatePostDto }` and `import { type CreatePostDto }`: erased, so no DTO class at run time. */
export function collectTypeNames(node: Node, names: TypeNames): void {
  const whole = node.importKind === "type";
  for (const spec of node.specifiers as Node[]) {
    if (whole || spec.importKind === "type") names.typeOnly.add(String((spec.local as Node).name));
  }
}

function decoratorName(decorator: Node): { name: string; args: Node[] } | null {
  const expr = decorator.expression as Node;
  if (expr.type !== "CallExpression" || (expr.callee as Node).type !== "Identifier") return null;
  return { name: String((expr.callee as Node).name), args: expr.arguments as Node[] };
}

function hasUsePipes(node: Node | undefined): boolean {
  const decorators = (node?.decorators as Node[] | undefined) ?? [];
  return decorators.some((d) => decoratorName(d)?.name === "UsePipes");
}

/**
 * Why a parameter type gives the ValidationPipe no class to check: "erased"
 * for a class imported with `import type`, "shapeless" for the rest; null when
 * it is a DTO class.
 */
function shapeless(type: Node | undefined, names: TypeNames): "erased" | "shapeless" | null {
  if (!type) return "shapeless";
  switch (type.type) {
    case "TSAnyKeyword":
    case "TSUnknownKeyword":
    case "TSObjectKeyword":
    case "TSTypeLiteral":
    case "TSMappedType":
      return "shapeless";
    case "TSTypeReference": {
      const typeName = type.typeName as Node;
      if (typeName.type !== "Identifier") return null;
      const name = String(typeName.name);
      // `Partial<CreatePostDto>`, `Record<string, unknown>`: a type alias's or an interface's
      // metadata is `Object`. A generic class (`BaseQueryDTO<Order>`) is emitted as the
      // class, its type arguments erased: the ValidationPipe checks against it.
      if (SHAPELESS.has(name) || names.local.has(name)) return "shapeless";
      return names.typeOnly.has(name) ? "erased" : null;
    }
    default:
      return null;
  }
}

/**
 * A NestJS route method's unvalidated inputs: `@Body()`/`@Query()` (and, with
 * `checkParams`, `@Param()`) without a DTO class or a pipe, and `req.body`
 * read from an `@Req()` parameter. Null when everything is validated.
 */
export function checkNestMethod(
  method: Node,
  sourceCode: TsSourceCode,
  validators: ValidatorNames,
  typeNames: TypeNames,
  options: Options,
): { inputs: string[]; messageId: MessageIds } | null {
  if (hasUsePipes(method) || hasUsePipes(method.parent?.parent)) return null;
  const fn = method.value as Node;
  const untyped: string[] = [];
  let erasedOnly = true;
  const raw: string[] = [];
  for (const param of fn.params as Node[]) {
    const target = param.type === "TSParameterProperty" ? (param.parameter as Node) : param;
    const binding = target.type === "AssignmentPattern" ? (target.left as Node) : target;
    for (const decorator of (param.decorators as Node[] | undefined) ?? []) {
      const found = decoratorName(decorator);
      if (!found) continue;
      if (REQUEST_DECORATORS.has(found.name)) {
        if (checksValidationResult(fn)) continue;
        for (const read of readsOf(fn, binding, sourceCode, validators)) {
          if (read.kind === "params" && !options.checkParams) continue;
          if (read.fate === "raw" || (read.fate === "coerced" && options.checkCoercedFields))
            raw.push(read.text);
        }
        continue;
      }
      const kind = INPUT_DECORATORS[found.name];
      if (!kind || (kind === "params" && !options.checkParams)) continue;
      const [first, ...pipes] = found.args;
      // `@Body(new ZodValidationPipe(schema))`, `@Query("page", ParseIntPipe)`: a pipe validates.
      if (pipes.length > 0 || (first && !isString(first))) continue;
      const type = (binding.typeAnnotation as Node | undefined)?.typeAnnotation as Node | undefined;
      const written = `@${found.name}(${first ? sourceCode.getText(first) : ""}) ${
        binding.type === "Identifier" ? String(binding.name) : "{...}"
      }`;
      const text = type ? `"${written}: ${sourceCode.getText(type)}"` : `"${written}" (untyped)`;
      // `@Body("title") title: string`: one field, not a body schema; reported only on request.
      if (first) {
        if (options.checkCoercedFields) {
          untyped.push(text);
          erasedOnly = false;
        }
        continue;
      }
      const why = shapeless(type, typeNames);
      if (why) untyped.push(text);
      if (why === "shapeless") erasedOnly = false;
    }
  }
  if (untyped.length > 0) {
    const messageId = erasedOnly && raw.length === 0 ? "typeOnlyDto" : "noDtoClass";
    return { inputs: [...untyped, ...raw], messageId };
  }
  return raw.length > 0 ? { inputs: raw, messageId: "unvalidatedInput" } : null;
}

function isString(node: Node): boolean {
  return (
    (node.type === "Literal" && typeof node.value === "string") ||
    (node.type === "TemplateLiteral" && (node.expressions as Node[]).length === 0)
  );
}
