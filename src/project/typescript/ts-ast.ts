/**
 * Small readers over TypeScript compiler nodes shared by the TypeORM and
 * Drizzle models: literals, object-literal options, decorators, locations.
 */
import type * as TS from "typescript";
import type { SourceLoc } from "../python/schema.js";
import { typescript } from "./load.js";

/** The value of a string literal or a template without substitutions; null otherwise. */
export function stringValue(node: TS.Node | undefined): string | null {
  const ts = typescript();
  if (!node) return null;
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  return null;
}

/** `true`/`false` literals; null for anything else. */
export function booleanValue(node: TS.Node | undefined): boolean | null {
  const ts = typescript();
  if (!node) return null;
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  return null;
}

/** The name of a property or identifier key (`name`, `"name"`); null when computed. */
export function keyName(name: TS.Node | undefined): string | null {
  const ts = typescript();
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isPrivateIdentifier(name)) return name.text;
  if (ts.isStringLiteral(name) || ts.isNumericLiteral(name)) return name.text;
  return null;
}

/** An object literal's properties by key; `spread` when a `...x` may hide more. */
export interface ObjectOptions {
  values: Map<string, TS.Expression>;
  spread: boolean;
}

export function objectOptions(node: TS.Node | undefined): ObjectOptions | null {
  const ts = typescript();
  if (!node || !ts.isObjectLiteralExpression(node)) return null;
  const values = new Map<string, TS.Expression>();
  let spread = false;
  for (const property of node.properties) {
    if (ts.isPropertyAssignment(property)) {
      const key = keyName(property.name);
      if (key !== null) values.set(key, property.initializer);
      else spread = true;
    } else if (ts.isShorthandPropertyAssignment(property)) {
      values.set(property.name.text, property.name);
    } else {
      spread = true;
    }
  }
  return { values, spread };
}

/** A decorator written as a call or a bare name: its callee's last name and its arguments. */
export interface DecoratorCall {
  name: string;
  args: readonly TS.Expression[];
  node: TS.Decorator;
}

export function decoratorsOf(node: TS.Node): DecoratorCall[] {
  const ts = typescript();
  if (!ts.canHaveDecorators(node)) return [];
  const out: DecoratorCall[] = [];
  for (const decorator of ts.getDecorators(node) ?? []) {
    let expression = decorator.expression;
    let args: readonly TS.Expression[] = [];
    if (ts.isCallExpression(expression)) {
      args = expression.arguments;
      expression = expression.expression;
    }
    const name = ts.isIdentifier(expression)
      ? expression.text
      : ts.isPropertyAccessExpression(expression)
        ? expression.name.text
        : null;
    if (name) out.push({ name, args, node: decorator });
  }
  return out;
}

/** The 1-based line / 0-based column span of a node, ESLint's convention. */
export function locOf(sourceFile: TS.SourceFile, file: string, node: TS.Node): SourceLoc {
  const start = sourceFile.getLineAndCharacterOfPosition(node.getStart(sourceFile));
  const end = sourceFile.getLineAndCharacterOfPosition(node.getEnd());
  return {
    file,
    line: start.line + 1,
    column: start.character,
    endLine: end.line + 1,
    endColumn: end.character,
  };
}

/** TypeORM's `snakeCase` (StringUtils): `PostTag` -> `post_tag`, `HTMLPage` -> `html_page`. */
export function typeormSnakeCase(text: string): string {
  return text
    .replace(/([A-Z])([A-Z])([a-z])/g, "$1_$2$3")
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

/** TypeORM's `camelCase` (StringUtils): `author_id` -> `authorId`. */
export function typeormCamelCase(text: string): string {
  return text.replace(/^([A-Z])|[\s\-_](\w)/g, (_match, p1: string | undefined, p2?: string) =>
    p2 ? p2.toUpperCase() : (p1 ?? "").toLowerCase(),
  );
}
