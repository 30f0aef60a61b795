import type * as TS from "typescript";
import { tsDbFileOf } from "../../src/project/typescript/db.js";
import { isFrontendModule } from "../../src/project/typescript/frontend.js";
import { typescript } from "../../src/project/typescript/load.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import {
  godServiceProblems,
  NEST_LIFECYCLE_HOOKS,
  type ServiceShape,
} from "../../src/service-design.js";
import { DEFAULTS, type MessageIds, type Options } from "./no-god-service.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

/** Parameter types that are values, not collaborators. */
const VALUES = /^(?:string|number|boolean|bigint|Date|RegExp|string\[\]|number\[\])$/;

/** TypeScript/JavaScript: the classes of a services module. */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where || where.project.roleOf(where.file) !== "services") return null;
  const text = (context.sourceCode as unknown as { text: string }).text;
  if (!/\bclass\b/.test(text) || isFrontendModule(text)) return null;
  const limits = { ...DEFAULTS, ...context.options[0] };
  return {
    "Program:exit"() {
      const ts = typescript();
      const sf = tsDbFileOf(context.filename, text, where.file).sf;
      for (const statement of sf.statements) {
        if (!ts.isClassDeclaration(statement) || !statement.name) continue;
        const name = statement.name.text;
        if (/(Error|Exception)$/.test(name)) continue;
        const problems = godServiceProblems(shapeOf(statement, sf), limits);
        if (problems.length === 0) continue;
        const start = sf.getLineAndCharacterOfPosition(statement.name.getStart(sf));
        const end = sf.getLineAndCharacterOfPosition(statement.name.getEnd());
        context.report({
          loc: {
            start: { line: start.line + 1, column: start.character },
            end: { line: end.line + 1, column: end.character },
          },
          messageId: "godService",
          data: { name, problems: problems.join("; ") },
        });
      }
    },
  };
}

function shapeOf(cls: TS.ClassDeclaration, sf: TS.SourceFile): ServiceShape {
  const ts = typescript();
  const shape: ServiceShape = {
    name: cls.name!.text,
    publicMethods: [],
    collaborators: [],
    uses: new Map(),
    // Members of a base class are out of sight: what links the methods cannot be known.
    inherits: (cls.heritageClauses ?? []).some((h) => h.token === ts.SyntaxKind.ExtendsKeyword),
  };
  const methods = cls.members.filter(
    (m): m is TS.MethodDeclaration =>
      ts.isMethodDeclaration(m) && m.body !== undefined && memberName(m) !== null,
  );
  const names = new Set(methods.map((m) => memberName(m)!));
  for (const member of cls.members) {
    if (ts.isConstructorDeclaration(member)) shape.collaborators = collaboratorsOf(member, sf);
  }
  for (const method of methods) {
    const name = memberName(method)!;
    const isStatic = (ts.getModifiers(method) ?? []).some(
      (m) => m.kind === ts.SyntaxKind.StaticKeyword,
    );
    if (isPublic(method) && !NEST_LIFECYCLE_HOOKS.has(name)) shape.publicMethods.push(name);
    if (!isStatic) shape.uses.set(name, usesOf(method, names));
  }
  return shape;
}

function memberName(member: TS.ClassElement): string | null {
  const ts = typescript();
  const name = member.name;
  if (!name) return null;
  if (ts.isIdentifier(name) || ts.isStringLiteral(name)) return name.text;
  if (ts.isPrivateIdentifier(name)) return name.text;
  return null;
}

function isPublic(method: TS.MethodDeclaration): boolean {
  const ts = typescript();
  if (ts.isPrivateIdentifier(method.name)) return false;
  const hidden = (ts.getModifiers(method) ?? []).some(
    (m) => m.kind === ts.SyntaxKind.PrivateKeyword || m.kind === ts.SyntaxKind.ProtectedKeyword,
  );
  return !hidden && !memberName(method)!.startsWith("_");
}

/** Constructor parameters but plain values (`private readonly ttl: number`). */
function collaboratorsOf(ctor: TS.ConstructorDeclaration, sf: TS.SourceFile) {
  const ts = typescript();
  const out: { name: string; type: string }[] = [];
  for (const param of ctor.parameters) {
    if (!ts.isIdentifier(param.name) || param.dotDotDotToken) continue;
    const type = param.type ? param.type.getText(sf) : "";
    if (VALUES.test(type)) continue;
    if (!param.type && param.initializer && !ts.isNewExpression(param.initializer)) continue;
    out.push({ name: param.name.text, type });
  }
  return out;
}

/** The `this.x` members a method touches and the class's methods it calls as `this.m(...)`. */
function usesOf(method: TS.MethodDeclaration, methods: ReadonlySet<string>) {
  const ts = typescript();
  const uses = { attributes: new Set<string>(), calls: new Set<string>() };
  const visit = (node: TS.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.expression.kind === ts.SyntaxKind.ThisKeyword) {
      const member = node.name.text;
      if (methods.has(member)) uses.calls.add(member);
      else uses.attributes.add(member);
    }
    // A nested function has its own `this`; arrow functions share the method's.
    if (ts.isFunctionExpression(node) || ts.isFunctionDeclaration(node)) return;
    ts.forEachChild(node, visit);
  };
  if (method.body) ts.forEachChild(method.body, visit);
  return uses;
}
