import ignore from "ignore";
import { declaresTsRoutes } from "../../src/project/project.js";
import {
  callSinkName,
  sqlTagName,
  sqlText,
  statementArgument,
  templateText,
  unwrap,
  type EsNode,
  type SqlText,
} from "../../src/project/typescript/sql-strings.js";
import { projectFor } from "../../src/rule-project.js";
import type { LayerlintRuleContext } from "../../src/rule.js";
import { looksLikeSql, readsNoData, sqlPreview } from "../../src/sql.js";
import type { MessageIds, Options } from "./no-raw-sql.js";
import { EXEMPT, repositoryHint, WHERE } from "./placement.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

interface Reference {
  identifier: EsNode;
  isWrite(): boolean;
}
interface Variable {
  defs: { type: string; node: EsNode }[];
  references: Reference[];
}
interface Scope {
  set: Map<string, Variable>;
  upper: Scope | null;
}
interface TsSourceCode {
  text: string;
  getScope(node: EsNode): Scope;
}

/**
 * TypeScript/JavaScript: SQL strings passed to the calls that run them, and
 * SQL template tags, outside repositories and migrations (a migration class
 * counts wherever it sits). Same policy as the Python rule.
 */
export function checkTypescript(context: Context) {
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const role = project.roleOf(file);
  if (role === null || EXEMPT.has(role)) return null;
  const [options] = context.options;
  if (role === "tests" && options.ignoreTests) return null;
  if (options.allow?.length && ignore().add(options.allow).ignores(file)) return null;
  const sourceCode = context.sourceCode as unknown as TsSourceCode;

  // A module that declares routes is a route module whatever its name (an Express `index.ts`);
  // an unnamed root that declares none (a script, the db module) is plumbing. Parsed once, when needed.
  let routes: boolean | undefined;
  const declaresRoutes = () => (routes ??= declaresTsRoutes(sourceCode.text, file));
  const plumbing = role === "roots" && !options.checkUnlayeredModules && !project.isNamedRoot(file);

  const resolve = (id: EsNode): EsNode | null => {
    const name = id.name as string;
    for (let scope: Scope | null = sourceCode.getScope(id); scope; scope = scope.upper) {
      const variable = scope.set.get(name);
      if (!variable) continue;
      const def = variable.defs.length === 1 ? variable.defs[0] : undefined;
      const declarator = def?.type === "Variable" ? def.node : undefined;
      if (!declarator?.init || (declarator.id as EsNode).type !== "Identifier") return null;
      // `sql += " AND ..."` keeps the head; any other write makes the value unknown.
      const rewritten = variable.references.some((ref) => {
        if (!ref.isWrite() || ref.identifier === declarator.id) return false;
        const parent = ref.identifier.parent;
        return !(parent?.type === "AssignmentExpression" && parent.operator === "+=");
      });
      return rewritten ? null : (declarator.init as EsNode);
    }
    return null;
  };

  const report = (node: EsNode, sql: SqlText, call: string) => {
    if (!looksLikeSql(sql.text)) return;
    if (!options.checkConnectionStatements && readsNoData(sql.text)) return;
    if (inMigrationClass(node)) return;
    // `class PrismaService extends PrismaClient`: the database client's own methods are the db module.
    if (call.startsWith("this.") && !options.checkUnlayeredModules && inClientClass(node)) return;
    // A test that builds an app to call is still a test.
    const inRoute = role === "routes" || (role !== "tests" && declaresRoutes());
    if (plumbing && !inRoute) return;
    context.report({
      node: node as never,
      messageId: inRoute ? "rawSqlInRoute" : "rawSql",
      data: {
        sql: sqlPreview(sql.shown),
        where: WHERE[role],
        call,
        repository: repositoryHint(project, "typescript", file),
      },
    });
  };

  return {
    CallExpression(node: EsNode) {
      const call = callSinkName(node);
      const arg = call ? statementArgument(node) : undefined;
      if (!call || !arg) return;
      const sql = sqlText(arg, resolve);
      if (sql) report(arg, sql, call);
    },
    TaggedTemplateExpression(node: EsNode) {
      const tag = sqlTagName(node.tag as EsNode);
      if (!tag) return;
      // `db.execute(sql\`...\`)`, `prisma.$queryRaw(Prisma.sql\`...\`)`: name the call that runs it.
      const parent = node.parent;
      const outer =
        parent?.type === "CallExpression" && (parent.arguments as EsNode[])[0] === node
          ? callSinkName(parent)
          : null;
      report(node.quasi as EsNode, templateText(node.quasi as EsNode), outer ?? tag);
    },
  };
}

/**
 * Inside a migration class wherever the file sits: TypeORM's `implements
 * MigrationInterface`, MikroORM's `extends Migration`.
 */
/** Database client classes a project extends to make its own client (NestJS's `PrismaService`). */
const CLIENT_CLASSES = new Set([
  "PrismaClient",
  "Kysely",
  "DataSource",
  "Pool",
  "Sequelize",
  "Knex",
]);

/** Inside a class that extends a database client class: the project's client itself. */
function inClientClass(node: EsNode): boolean {
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== "ClassDeclaration" && p.type !== "ClassExpression") continue;
    const base = p.superClass ? unwrap(p.superClass as EsNode) : undefined;
    const id = base?.type === "MemberExpression" ? (base.property as EsNode) : base;
    return id?.type === "Identifier" && CLIENT_CLASSES.has(id.name as string);
  }
  return false;
}

function inMigrationClass(node: EsNode): boolean {
  const named = (expr: unknown, name: string) => {
    const e = expr ? unwrap(expr as EsNode) : undefined;
    const id = e?.type === "MemberExpression" ? (e.property as EsNode) : e;
    return id?.type === "Identifier" && id.name === name;
  };
  for (let p = node.parent; p; p = p.parent) {
    if (p.type !== "ClassDeclaration" && p.type !== "ClassExpression") continue;
    const implemented = (p.implements as EsNode[] | undefined) ?? [];
    if (named(p.superClass, "Migration")) return true;
    if (implemented.some((i) => named(i.expression, "MigrationInterface"))) return true;
  }
  return false;
}
