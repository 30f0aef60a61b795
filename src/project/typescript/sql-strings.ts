/**
 * SQL written as strings in TypeScript/JavaScript, read from typescript-eslint's
 * ESTree without type information: the calls and template tags that run a
 * statement (Prisma, pg, mysql2, TypeORM, Sequelize, knex, Drizzle, Kysely,
 * slonik, postgres.js, better-sqlite3, pg-promise), and the text an argument
 * builds, interpolated values as holes. Whether that text is SQL is
 * `looksLikeSql`'s call (src/sql.ts).
 */
import { SQL_HOLE } from "../../sql.js";

/** The parts of an ESTree node this file reads. */
export interface EsNode {
  type: string;
  parent?: EsNode;
  range: [number, number];
  [field: string]: unknown;
}

/** A statement as the linter sees it (holes for values) and as a message shows it. */
export interface SqlText {
  text: string;
  shown: string;
}

/** The expression an identifier stands for (its one binding's value), or null when unknown. */
export type NameResolver = (identifier: EsNode) => EsNode | null;

/**
 * Methods that run (or prepare) the statement given as their first argument,
 * on any receiver: Prisma's raw queries; `query`/`execute` of pg, mysql2,
 * TypeORM's DataSource, EntityManager, QueryRunner and Repository, Sequelize,
 * MikroORM; `raw` of knex, Drizzle's and Kysely's `sql.raw`, `Prisma.raw`;
 * postgres.js `sql.unsafe`; pg-promise's `oneOrNone`/`manyOrNone`. The
 * everyday names among such methods are in `AMBIGUOUS_SINKS`.
 */
const METHOD_SINKS = new Set([
  "$queryRaw",
  "$executeRaw",
  "$queryRawUnsafe",
  "$executeRawUnsafe",
  "query",
  "execute",
  "raw",
  "unsafe",
  "oneOrNone",
  "manyOrNone",
]);

/**
 * Sink names that are also everyday method names (`cache.get`, `jobs.run`,
 * `i18n.one`, `child_process.exec`): a sink only on a receiver named like a
 * database handle.
 */
const AMBIGUOUS_SINKS = new Set([
  "exec",
  "prepare",
  "run",
  "all",
  "get",
  "any",
  "one",
  "many",
  "none",
  "result",
  "multi",
]);

/** `db`, `pool`, `this.client`, `tx`, `t` (pg-promise's task), `sqlite`, `userDb`, `readPool`, ... */
const DB_RECEIVER =
  /^(?:db|database|pool|client|conn|connection|tx|trx|t|task|sqlite|knex|pg|pgp|sql|queryRunner|runner|manager|em|entityManager|dataSource|sequelize|stmt|statement)$|(?:Db|DB|Database|Pool|Client|Connection|Conn|Tx|Trx|Runner|Manager|DataSource)$/;

/** Plain functions that run SQL: a project's own helper (`import { query } from "../db"`). */
const FUNCTION_SINKS = new Set(["query", "execute"]);

/** Tags that are SQL by name: drizzle-orm, Kysely, slonik, postgres.js, `@vercel/postgres`, sql-template-strings. */
const SQL_TAGS = new Set(["sql", "SQL"]);

/** Tag members that are SQL on any receiver: `prisma.$queryRaw`, `tx.$executeRaw`, `Prisma.sql`. */
const TAG_MEMBERS = new Set(["$queryRaw", "$executeRaw", "sql"]);

/** Config-object keys that carry the statement: pg's `{ text }`, mysql2's `{ sql }`, BigQuery's `{ query }`. */
const STATEMENT_KEYS = new Set(["text", "sql", "query"]);

/** `a.b.c` for a chain of names (`this.pool.query`), or null for anything else. */
export function dottedName(node: EsNode): string | null {
  if (node.type === "Identifier") return node.name as string;
  if (node.type === "ThisExpression") return "this";
  if (node.type === "MemberExpression" && !node.computed) {
    const object = dottedName(node.object as EsNode);
    const property = node.property as EsNode;
    if (object === null || property.type !== "Identifier") return null;
    return `${object}.${property.name as string}`;
  }
  return null;
}

/** `x as T`, `x!`, `x satisfies T`, `<T>x`: the expression inside. */
export function unwrap(node: EsNode): EsNode {
  let n = node;
  while (/^TS(As|Satisfies|NonNull|TypeAssertion)Expression$/.test(n.type)) {
    n = n.expression as EsNode;
  }
  return n;
}

function memberName(node: EsNode): string | null {
  if (node.type !== "MemberExpression" || node.computed) return null;
  const property = node.property as EsNode;
  return property.type === "Identifier" ? (property.name as string) : null;
}

/** The call's name for messages when it runs a statement given as its first argument; else null. */
export function callSinkName(call: EsNode): string | null {
  const callee = unwrap(call.callee as EsNode);
  if (callee.type === "Identifier") {
    return FUNCTION_SINKS.has(callee.name as string) ? (callee.name as string) : null;
  }
  const member = memberName(callee);
  if (member === null || !(METHOD_SINKS.has(member) || AMBIGUOUS_SINKS.has(member))) return null;
  if (AMBIGUOUS_SINKS.has(member)) {
    const receiver = dottedName(callee.object as EsNode);
    if (receiver === null || !DB_RECEIVER.test(receiver.slice(receiver.lastIndexOf(".") + 1))) {
      return null;
    }
  }
  return dottedName(callee) ?? member;
}

/**
 * The tag's name for messages when a tagged template is SQL by its tag:
 * `sql`, `SQL`, `sql.unsafe`, `sql.type(User)` (slonik), `prisma.$queryRaw`,
 * `Prisma.sql`. Null for every other tag (`gql`, `html`, `String.raw`).
 */
export function sqlTagName(tag: EsNode): string | null {
  let t = unwrap(tag);
  // slonik: sql.type(User)`...`, sql.typeAlias("id")`...`
  if (t.type === "CallExpression") t = unwrap(t.callee as EsNode);
  if (t.type === "TSInstantiationExpression") t = t.expression as EsNode;
  if (t.type === "Identifier") return SQL_TAGS.has(t.name as string) ? (t.name as string) : null;
  const member = memberName(t);
  if (member === null) return null;
  const object = t.object as EsNode;
  const onSqlTag = object.type === "Identifier" && SQL_TAGS.has(object.name as string);
  if (!TAG_MEMBERS.has(member) && !onSqlTag) return null;
  return dottedName(t) ?? member;
}

/**
 * Where a call's statement is: its first argument, or in a config object the
 * `text`/`sql`/`query` property's value. Undefined when the call has none.
 */
export function statementArgument(call: EsNode): EsNode | undefined {
  const first = (call.arguments as EsNode[])[0];
  if (!first) return undefined;
  const arg = unwrap(first);
  if (arg.type !== "ObjectExpression") return first;
  for (const prop of arg.properties as EsNode[]) {
    if (prop.type !== "Property" || prop.computed) continue;
    const key = prop.key as EsNode;
    const name = key.type === "Identifier" ? key.name : key.value;
    if (typeof name === "string" && STATEMENT_KEYS.has(name)) return prop.value as EsNode;
  }
  return undefined;
}

const HOLE_SHOWN = "${...}";
const hole = (): SqlText => ({ text: SQL_HOLE, shown: HOLE_SHOWN });

/** A template literal's text, each `${...}` as a hole. */
export function templateText(template: EsNode): SqlText {
  const quasis = template.quasis as { value: { cooked: string | null; raw: string } }[];
  let text = "";
  let shown = "";
  quasis.forEach((quasi, i) => {
    const part = quasi.value.cooked ?? quasi.value.raw;
    text += (i > 0 ? SQL_HOLE : "") + part;
    shown += (i > 0 ? HOLE_SHOWN : "") + part;
  });
  return { text, shown };
}

/**
 * The statement an expression builds: a string literal, an untagged template,
 * `"..." + x`, `[...].join(" ")`, or (when `resolve` is given) a name bound to
 * one of those, one step back. Null for anything else, tagged templates
 * included (their tag decides).
 */
export function sqlText(node: EsNode, resolve?: NameResolver): SqlText | null {
  const expr = unwrap(node);
  switch (expr.type) {
    case "Literal":
      return typeof expr.value === "string" ? { text: expr.value, shown: expr.value } : null;
    case "TemplateLiteral":
      return templateText(expr);
    case "BinaryExpression": {
      if (expr.operator !== "+") return null;
      const left = sqlText(expr.left as EsNode, resolve);
      if (!left) return null;
      const right = sqlText(expr.right as EsNode) ?? hole();
      return { text: left.text + right.text, shown: left.shown + right.shown };
    }
    case "CallExpression":
      return joined(expr);
    case "Identifier": {
      const value = resolve?.(expr);
      return value ? sqlText(value) : null;
    }
    default:
      return null;
  }
}

/** `["SELECT *", "FROM posts"].join(" ")`: the parts joined, values as holes. */
function joined(call: EsNode): SqlText | null {
  const callee = unwrap(call.callee as EsNode);
  if (memberName(callee) !== "join") return null;
  const array = unwrap(callee.object as EsNode);
  if (array.type !== "ArrayExpression") return null;
  const elements = array.elements as (EsNode | null)[];
  const separator = (call.arguments as EsNode[])[0];
  const sep = separator ? sqlText(separator) : { text: ",", shown: "," };
  const first = elements[0] ? sqlText(elements[0]) : null;
  if (!sep || !first) return null;
  const parts = elements.map(
    (e) => (e && e.type !== "SpreadElement" ? sqlText(e) : null) ?? hole(),
  );
  return {
    text: parts.map((p) => p.text).join(sep.text),
    shown: parts.map((p) => p.shown).join(sep.shown),
  };
}
