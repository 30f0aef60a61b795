/**
 * The names a TypeScript/JavaScript file uses as run-time values: every
 * identifier outside types, interfaces, type aliases, `implements` clauses,
 * bodiless declarations (overloads, `declare function`, abstract members),
 * OpenAPI documentation decorators (`@ApiOkResponse({ type: Post })`) and
 * import statements. A route that imports a model only to name its type
 * (`Promise<TagEntity[]>`) does not touch the model; one that calls
 * `TagEntity.create()` or passes it to `@InjectRepository(TagEntity)` does.
 *
 * Read from TypeScript's own parse of the text, not from ESLint's tree, so the
 * rules that ask work the same when the CLI lints a file without building one.
 */
import type * as TS from "typescript";
import { parseTs } from "./imports.js";
import { typescript } from "./load.js";

export function valueNamesOf(
  fileName: string,
  text: string,
  options: {
    /**
     * Leave out what a class decorator hands its ORM as the entity's repository:
     * a property whose key names a repository (MikroORM's `repositoryClass: X`,
     * `customRepository: () => X`, a wrapper's `mikroOrmRepository: () => X`).
     */
    skipOrmRepositoryLinks?: boolean;
  } = {},
): Set<string> {
  const ts = typescript();
  const names = new Set<string>();
  let decorators = 0;
  const visit = (node: TS.Node): void => {
    if (ts.isDecorator(node)) {
      // OpenAPI documentation (`@ApiOkResponse({ type: Post })`, @nestjs/swagger's
      // decorators) names a model the way FastAPI's `response_model=` does.
      if (isApiDocDecorator(ts, node)) return;
      decorators++;
      ts.forEachChild(node, visit);
      decorators--;
      return;
    }
    if (
      options.skipOrmRepositoryLinks &&
      decorators > 0 &&
      ts.isPropertyAssignment(node) &&
      ts.isIdentifier(node.name) &&
      /repository/i.test(node.name.text)
    ) {
      return;
    }
    if (ts.isIdentifier(node)) {
      names.add(node.text);
      return;
    }
    // `makeRepo<User>` (an instantiation expression): the expression is a value.
    if (ts.isExpressionWithTypeArguments(node)) {
      visit(node.expression);
      return;
    }
    if (isTypeContext(ts, node)) return;
    if (ts.isHeritageClause(node)) {
      // `extends Base` names a value (the class extended); `implements Shape` a type.
      if (node.token === ts.SyntaxKind.ExtendsKeyword) {
        for (const type of node.types) visit(type.expression);
      }
      return;
    }
    ts.forEachChild(node, visit);
  };
  ts.forEachChild(parseTs(fileName, text), visit);
  return names;
}

function isApiDocDecorator(ts: typeof TS, node: TS.Decorator): boolean {
  let callee = node.expression;
  if (ts.isCallExpression(callee)) callee = callee.expression;
  if (ts.isPropertyAccessExpression(callee)) callee = callee.name;
  return ts.isIdentifier(callee) && /^Api[A-Z]/.test(callee.text);
}

function isTypeContext(ts: typeof TS, node: TS.Node): boolean {
  if (ts.isHeritageClause(node)) return false;
  if (ts.isTypeNode(node)) return true;
  switch (node.kind) {
    case ts.SyntaxKind.ImportDeclaration:
    case ts.SyntaxKind.ImportEqualsDeclaration:
    case ts.SyntaxKind.InterfaceDeclaration:
    case ts.SyntaxKind.TypeAliasDeclaration:
    case ts.SyntaxKind.TypeParameter:
    case ts.SyntaxKind.IndexSignature:
      return true;
    case ts.SyntaxKind.ExportDeclaration:
      return (node as TS.ExportDeclaration).isTypeOnly;
    case ts.SyntaxKind.ExportSpecifier:
      return (node as TS.ExportSpecifier).isTypeOnly;
    case ts.SyntaxKind.FunctionDeclaration:
    case ts.SyntaxKind.MethodDeclaration:
    case ts.SyntaxKind.Constructor:
      return !(node as TS.FunctionLikeDeclaration).body;
    case ts.SyntaxKind.PropertyDeclaration:
      return (
        ts
          .getModifiers(node as TS.PropertyDeclaration)
          ?.some((m) => m.kind === ts.SyntaxKind.AbstractKeyword) ?? false
      );
    default:
      return false;
  }
}
