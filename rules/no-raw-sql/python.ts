import ignore from "ignore";
import { dottedName } from "../../src/languages/python/ast-utils.js";
import type {
  PyCall,
  PyName,
  PyNode,
  PyStringList,
  PyStringNode,
} from "../../src/languages/python/nodes.js";
import { qualifiedName, resolveName } from "../../src/languages/python/scope.js";
import type { PythonSourceCode } from "../../src/languages/python/source-code.js";
import { projectFor } from "../../src/rule-project.js";
import { pythonSource, type LayerlintRuleContext } from "../../src/rule.js";
import { extractImports } from "../../src/project/python/imports.js";
import { looksLikeSql, readsNoData, SQL_HOLE, sqlPreview } from "../../src/sql.js";
import type { MessageIds, Options } from "./no-raw-sql.js";
import { EXEMPT, repositoryHint, WHERE } from "./placement.js";

type Context = LayerlintRuleContext<[Options], MessageIds>;

const TEXT_FUNCTIONS = new Set([
  "sqlalchemy.text",
  "sqlalchemy.sql.text",
  "sqlalchemy.sql.expression.text",
  "sqlmodel.text",
]);

/** Methods that run a statement: DB-API cursors, SQLAlchemy, asyncpg, databases, sqlmodel. */
const METHOD_SINKS = new Set([
  "execute",
  "exec_driver_sql",
  "executemany",
  "executescript",
  "fetch",
  "fetchrow",
  "fetchval",
  "fetch_all",
  "fetch_one",
  "fetch_val",
  "iterate",
  "exec",
  "scalar",
  "scalars",
  "stream",
  "copy_expert",
  "mogrify",
]);

const METHOD_KEYWORDS = ["query", "statement", "sql", "operation"];

/** Placeholders of `%` formatting: `%s`, `%(name)s`, `%d`. */
const PERCENT_FIELD = /%(?:\([^)]*\))?[-#0 +]*\d*(?:\.\d+)?[sdifreEgGxXoc]/g;
/** Fields of `str.format`: `{}`, `{0}`, `{name!r:>10}`. */
const FORMAT_FIELD = /\{[^{}]*\}/g;

/** A statement as the linter sees it (interpolations as holes) and as the message shows it. */
interface Sql {
  text: string;
  shown: string;
}

export function checkPython(context: Context) {
  const sourceCode = pythonSource(context);
  if (!sourceCode) return null;
  const where = projectFor(context);
  if (!where) return null;
  const { project, file } = where;
  const role = project.roleOf(file);
  if (role === null || EXEMPT.has(role) || isAlembicEnv(file)) return null;
  const [options] = context.options;
  if (role === "tests" && options.ignoreTests) return null;
  // Scripts, tooling and the db module match no layer: plumbing, unless asked for.
  if (role === "roots" && !options.checkUnlayeredModules && !project.isNamedRoot(file)) return null;
  if (options.allow?.length && ignore().add(options.allow).ignores(file)) return null;

  const textNames = new Set(["text"]);
  for (const record of extractImports({ ast: sourceCode.ast, lines: sourceCode.lineTable })) {
    record.names.forEach((name, i) => {
      if (name === "text" && record.aliases[i]) textNames.add(record.aliases[i]!);
    });
  }

  return {
    Call(call: PyCall) {
      const sink = sinkOf(sourceCode, call, textNames);
      if (!sink) return;
      const arg = sqlArgument(call, sink.keywords);
      if (!arg) return;
      const sql = sqlOf(sourceCode, arg, true);
      if (!sql || !looksLikeSql(sql.text)) return;
      if (!options.checkConnectionStatements && readsNoData(sql.text)) return;
      context.report({
        node: arg,
        messageId: role === "routes" ? "rawSqlInRoute" : "rawSql",
        data: {
          sql: sqlPreview(sql.shown),
          where: WHERE[role],
          call: sink.name,
          repository: repositoryHint(project, "python", file),
        },
      });
    },
  };
}

/** The call's name for messages and the keywords that may carry the statement; null for other calls. */
function sinkOf(
  sourceCode: PythonSourceCode,
  call: PyCall,
  textNames: ReadonlySet<string>,
): { name: string; keywords: string[] } | null {
  const callee = call.d.leftExpr;
  // Resolving names binds the file: only a call spelled `text(`, `sa.text(` or an alias the
  // file imports (`from sqlalchemy import text as sql`) can be `sqlalchemy.text`.
  const spelled =
    callee.type === "Name"
      ? (callee.d.value as string)
      : callee.type === "MemberAccess"
        ? (callee.d.member as PyName).d.value
        : null;
  if (
    spelled !== null &&
    textNames.has(spelled) &&
    TEXT_FUNCTIONS.has(qualifiedName(sourceCode, callee) ?? "")
  ) {
    // `session.execute(text(...))` names the call that runs it.
    const outer = call.parent?.type === "Argument" ? call.parent.parent : undefined;
    const outerSink = outer?.type === "Call" ? methodSink(outer as unknown as PyCall) : null;
    return { name: outerSink ?? dottedName(callee) ?? "text", keywords: ["text"] };
  }
  const name = methodSink(call);
  return name ? { name, keywords: METHOD_KEYWORDS } : null;
}

function methodSink(call: PyCall): string | null {
  const callee = call.d.leftExpr;
  if (callee.type !== "MemberAccess") return null;
  const member = (callee.d.member as PyName).d.value;
  if (!METHOD_SINKS.has(member)) return null;
  return dottedName(callee) ?? member;
}

/** The first positional argument, or the keyword argument that names the statement. */
function sqlArgument(call: PyCall, keywords: string[]): PyNode | undefined {
  const positional = call.d.args.find((a) => !a.d.name && a.d.argCategory === 0);
  if (positional) return positional.d.valueExpr;
  return call.d.args.find((a) => a.d.name && keywords.includes(a.d.name.d.value))?.d.valueExpr;
}

/**
 * The statement an expression builds: a literal (implicit concatenation
 * included), an f-string, `"..." + x`, `"...".format(...)`, `"..." % (...)`,
 * or (when `followNames`) a variable or constant bound to one of those, one
 * level deep, also as the left operand (`QUERY % args`, `QUERY.format(...)`).
 * Interpolated values become holes. Null for anything that is not a string.
 */
function sqlOf(sourceCode: PythonSourceCode, expr: PyNode, followNames: boolean): Sql | null {
  switch (expr.type) {
    case "StringList":
      return literal(sourceCode, expr as unknown as PyStringList);
    case "BinaryOperation": {
      const left = sqlOf(sourceCode, expr.d.leftExpr as PyNode, followNames);
      const operator = sourceCode.getText(
        expr.d.operatorToken as { start: number; length: number },
      );
      if (!left) return null;
      if (operator === "%") return substitute(left, PERCENT_FIELD);
      if (operator !== "+") return null;
      const right = sqlOf(sourceCode, expr.d.rightExpr as PyNode, false) ?? hole();
      return { text: left.text + right.text, shown: left.shown + right.shown };
    }
    case "Call": {
      const callee = expr.d.leftExpr as PyNode;
      if (callee.type !== "MemberAccess" || (callee.d.member as PyName).d.value !== "format") {
        return null;
      }
      const template = sqlOf(sourceCode, callee.d.leftExpr as PyNode, followNames);
      return template && substitute(template, FORMAT_FIELD);
    }
    case "Name": {
      if (!followNames) return null;
      const resolved = resolveName(sourceCode, expr as unknown as PyName);
      if (resolved.kind !== "variable" || !resolved.assignedValue) return null;
      return sqlOf(sourceCode, resolved.assignedValue, false);
    }
    default:
      return null;
  }
}

function hole(): Sql {
  return { text: SQL_HOLE, shown: "{...}" };
}

function substitute(sql: Sql, field: RegExp): Sql {
  return { text: sql.text.replace(field, SQL_HOLE), shown: sql.shown.replace(field, "{...}") };
}

function literal(sourceCode: PythonSourceCode, list: PyStringList): Sql {
  let text = "";
  let shown = "";
  for (const part of list.d.strings) {
    const piece = part.type === "FormatString" ? formatString(sourceCode, part) : null;
    text += piece ? piece.text : part.d.value;
    shown += piece ? piece.shown : part.d.value;
  }
  return { text, shown };
}

/** An f-string's (or t-string's) text from its source, with each replacement field as a hole. */
function formatString(sourceCode: PythonSourceCode, node: PyStringNode): Sql {
  const token = (node.d as { token?: { prefixLength: number; quoteMarkLength: number } }).token;
  const prefixLength = token?.prefixLength ?? 1;
  const quote = token?.quoteMarkLength ?? 1;
  const source = sourceCode.getText(node);
  const raw = /r/i.test(source.slice(0, prefixLength));
  const body = source.slice(
    prefixLength + quote,
    Math.max(prefixLength + quote, source.length - quote),
  );
  let text = "";
  let shown = "";
  let depth = 0;
  for (let i = 0; i < body.length; i++) {
    const c = body[i];
    const doubled = depth === 0 && (c === "{" || c === "}") && body[i + 1] === c;
    if (doubled) {
      text += c;
      shown += c;
      i++;
    } else if (c === "{") {
      if (depth++ === 0) {
        text += SQL_HOLE;
        shown += "{...}";
      }
    } else if (c === "}") {
      depth = Math.max(0, depth - 1);
    } else if (depth === 0) {
      // Escapes matter only as whitespace between words: `\n` must not glue `id\nFROM`.
      const escaped = !raw && c === "\\" && /[ntr]/.test(body[i + 1] ?? "");
      text += escaped ? " " : c;
      shown += escaped ? " " : c;
      if (escaped) i++;
    }
  }
  return { text, shown };
}

function isAlembicEnv(file: string): boolean {
  return file === "alembic/env.py" || file.endsWith("/alembic/env.py");
}
