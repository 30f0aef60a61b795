/**
 * Whether a string reads as an SQL statement, for the raw-SQL rules of every
 * language. Precision first: a log line such as "Select a plan from the list"
 * or "Update the settings" must not pass, so each statement needs the shape
 * that only SQL has (`SELECT ... FROM t WHERE`, `UPDATE t SET c =`,
 * `INSERT INTO t (`), not just its first word.
 */

/**
 * What callers put where a value is interpolated (`{x}` in an f-string, `${x}`
 * in a template, `%s` after `%`): it stands for any name or expression, so
 * `UPDATE {table} SET` and `SELECT {cols} FROM posts` still read as SQL.
 */
export const SQL_HOLE = "\uFFFC";

interface Token {
  kind: "word" | "ident" | "hole" | "number" | "string" | "punct";
  /** Lower case for words. */
  text: string;
  raw: string;
}

/** Enough tokens for a long select list; the rest of a statement is never needed. */
const MAX_TOKENS = 400;

const wordSet = (words: string) => new Set(words.split(" "));

/** Words that end a table reference: the clauses that may follow `FROM t`. */
const CLAUSES = wordSet(
  "where join inner left right full cross natural outer on using order group having limit offset union intersect except for window fetch returning as lateral tablesample",
);

/** Words that start prose, never an unquoted table name: "Update the settings", "Select a plan". */
const PROSE = wordSet(
  "a an the this that these those my your our their his her its each every some any",
);

const ALTER_ACTIONS = wordSet(
  "add drop alter rename owner set reset enable disable attach detach validate inherit no cluster replica force",
);

const CREATE_OPTIONS = wordSet(
  "authorization with start increment owner as schema version cascade minvalue maxvalue cache",
);

const OBJECTS = wordSet(
  "table index view schema sequence type extension function trigger database procedure domain role policy",
);

export function looksLikeSql(text: string): boolean {
  return statement(tokenize(text), 0);
}

/**
 * A statement that reads and writes no data: a connection check (`SELECT 1`,
 * `SELECT 'ok'`) or a session setting (`SET search_path TO app`,
 * `PRAGMA foreign_keys = ON`).
 */
export function readsNoData(text: string): boolean {
  const t = tokenize(text);
  if (isWord(t[0], "set")) return setting(t, 1);
  if (isWord(t[0], "pragma")) return qualified(t, 1) !== -1 && isPunct(t[qualified(t, 1)], "=");
  if (!isWord(t[0], "select")) return false;
  const value = t[1];
  const isConstant =
    value?.kind === "number" ||
    value?.kind === "string" ||
    isWord(value, "true") ||
    isWord(value, "false");
  return isConstant && (t.length === 2 || (t.length === 3 && isPunct(t[2], ";")));
}

/** The statement with its whitespace collapsed, cut after about `max` characters. */
export function sqlPreview(text: string, max = 40): string {
  const flat = stripLead(text).replace(/\s+/g, " ").trim();
  if (flat.length <= max) return flat;
  // Cut between words when there is a space to cut at.
  const space = flat.lastIndexOf(" ", max);
  return `${flat.slice(0, space > max / 2 ? space : max).trimEnd()} ...`;
}

function stripLead(text: string): string {
  return text.replace(/^(?:\s+|--[^\n]*(?:\n|$)|\/\*[\s\S]*?(?:\*\/|$))*/, "");
}

const KINDS: Token["kind"][] = ["word", "number", "string", "ident", "hole", "punct"];

function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  const re =
    /\s+|--[^\n]*|\/\*[\s\S]*?(?:\*\/|$)|([A-Za-z_][\w$]*)|(\d+(?:\.\d+)?)|('(?:[^']|'')*'?)|("[^"]*"?|`[^`]*`?|\[[^\]\s]*\]?)|(\uFFFC)|(\S)/gy;
  let m: RegExpExecArray | null;
  while (tokens.length < MAX_TOKENS && (m = re.exec(text))) {
    const kind = KINDS.find((_, k) => m?.[k + 1] !== undefined);
    if (!kind) continue;
    const raw = m[0];
    tokens.push({ kind, raw, text: kind === "word" ? raw.toLowerCase() : raw });
  }
  return tokens;
}

function isWord(t: Token | undefined, ...words: string[]): boolean {
  return t?.kind === "word" && words.includes(t.text);
}

function isPunct(t: Token | undefined, ...chars: string[]): boolean {
  return t?.kind === "punct" && chars.includes(t.text);
}

/** A name: a word, a quoted identifier or an interpolated value. */
function isName(t: Token | undefined): boolean {
  return t?.kind === "word" || t?.kind === "ident" || t?.kind === "hole";
}

/** The end of the statement (or of a parenthesized one). */
function isEnd(t: Token | undefined): boolean {
  return t === undefined || isPunct(t, ";", ")");
}

/** After the name `a.b.c` starting at `i`, or -1 when there is no name there. */
function qualified(t: Token[], i: number): number {
  if (!isName(t[i]) || isWord(t[i], ...PROSE)) return -1;
  let j = i + 1;
  while (isPunct(t[j], ".") && isName(t[j + 1])) j += 2;
  return j;
}

/** After the parenthesized group that opens at `i`, or -1 when it is not closed. */
function skipParens(t: Token[], i: number): number {
  let depth = 0;
  for (let j = i; j < t.length; j++) {
    if (isPunct(t[j], "(")) depth++;
    else if (isPunct(t[j], ")") && --depth === 0) return j + 1;
  }
  return -1;
}

function skipWords(t: Token[], i: number, ...words: string[]): number {
  while (isWord(t[i], ...words)) i++;
  return i;
}

function statement(t: Token[], i: number): boolean {
  const first = t[i];
  if (first?.kind !== "word") return false;
  const next = i + 1;
  switch (first.text) {
    case "select":
      return select(t, next);
    case "insert":
    case "replace":
    case "merge":
      return insert(t, next);
    case "update":
      return update(t, next);
    case "delete":
      return isWord(t[next], "from") && deleteTarget(t, next + 1);
    case "with":
      return withQuery(t, next);
    case "create":
    case "alter":
    case "drop":
      return ddl(first.text, t, next);
    case "truncate":
      return truncate(t, next);
    case "copy":
      return copy(t, next);
    case "vacuum":
    case "analyze":
      return maintenance(t, next);
    case "explain": {
      const options = isPunct(t[next], "(") ? skipParens(t, next) : next;
      return options !== -1 && statement(t, skipWords(t, options, "analyze", "verbose"));
    }
    case "grant":
    case "revoke":
      return grant(first.text, t, next);
    case "set":
      return setting(t, next);
    case "refresh":
      return isWord(t[next], "materialized") && isWord(t[next + 1], "view");
    case "lock":
      return isWord(t[next], "table") && qualified(t, next + 1) !== -1;
    case "pragma":
      return qualified(t, next) !== -1;
    case "call":
      return qualified(t, next) !== -1 && isPunct(t[qualified(t, next)], "(");
    default:
      return false;
  }
}

/** `SELECT *`, `SELECT 1`, `SELECT count(*)`, or a select list followed by `FROM t` and a clause. */
function select(t: Token[], i: number): boolean {
  if (isWord(t[i], "distinct")) {
    i++;
    if (isWord(t[i], "on") && isPunct(t[i + 1], "(")) i = skipParens(t, i + 1);
  } else if (isWord(t[i], "all")) {
    i++;
  }
  if (i < 0) return false;
  const first = t[i];
  if (isPunct(first, "*")) return true;
  if ((first?.kind === "number" || first?.kind === "string") && endsSelectItem(t[i + 1])) {
    return true;
  }
  const callEnd = qualified(t, i);
  // `count(*)`, `now()`; "item(s)" is an English plural.
  if (first?.kind === "word" && isPunct(t[callEnd], "(") && !isWord(t[callEnd + 1], "s", "es")) {
    const after = skipParens(t, callEnd);
    if (after !== -1 && endsSelectItem(t[after])) return true;
  }
  // "Select a plan from ...": an article before a noun starts prose, not a select list.
  if (isWord(first, ...PROSE) && isName(t[i + 1]) && !isWord(t[i + 1], "from", "as")) return false;
  return fromClause(t, i);
}

function endsSelectItem(t: Token | undefined): boolean {
  return (
    isEnd(t) ||
    isPunct(t, ",", "+", "-", "*", "/", "|", ":", "=", "<", ">") ||
    isWord(t, "as", "from", "union", "where", "into", "limit")
  );
}

/** A top-level `FROM` after the select list, followed by a table reference that ends like SQL. */
function fromClause(t: Token[], i: number): boolean {
  let depth = 0;
  for (let j = i; j < t.length; j++) {
    if (isPunct(t[j], "(")) depth++;
    else if (isPunct(t[j], ")")) depth--;
    else if (depth === 0 && isWord(t[j], "from")) return tableThenClause(t, j + 1);
    if (depth < 0 || isPunct(t[j], ";")) return false;
  }
  return false;
}

function tableThenClause(t: Token[], i: number): boolean {
  if (isPunct(t[i], "(")) return true;
  let j = qualified(t, i);
  if (j === -1) return false;
  if (isPunct(t[j], "(")) return true;
  const ends = (k: number) => isEnd(t[k]) || isPunct(t[k], ",") || isWord(t[k], ...CLAUSES);
  if (ends(j)) return true;
  // An alias: `FROM posts p WHERE`; `FROM the list below` is prose.
  if (isWord(t[j], "as")) j++;
  return isName(t[j]) && ends(j + 1);
}

/** `INSERT [OR x | IGNORE] INTO t (`, `... VALUES`, `... SELECT`, `... DEFAULT VALUES`; also MERGE/REPLACE. */
function insert(t: Token[], i: number): boolean {
  if (isWord(t[i], "or")) i += 2;
  i = skipWords(t, i, "ignore");
  if (!isWord(t[i], "into")) return false;
  let j = qualified(t, i + 1);
  if (j === -1) return false;
  if (isWord(t[j], "as")) j += 2;
  const after = t[j];
  return (
    isPunct(after, "(") ||
    after?.kind === "hole" ||
    isWord(after, "values", "select", "default", "with", "set", "overriding", "using")
  );
}

/** `UPDATE [ONLY] t [[AS] a] SET c =`. */
function update(t: Token[], i: number): boolean {
  let j = qualified(t, skipWords(t, i, "only"));
  if (j === -1) return false;
  if (isWord(t[j], "as")) j++;
  if (!isWord(t[j], "set") && isName(t[j])) j++;
  if (!isWord(t[j], "set")) return false;
  const target = t[j + 1];
  if (target?.kind === "hole" || isPunct(target, "(")) return true;
  const k = qualified(t, j + 1);
  return k !== -1 && isPunct(t[k], "=");
}

/** `DELETE FROM t`, optionally with an alias, then the end or `WHERE`/`USING`/`RETURNING`. */
function deleteTarget(t: Token[], i: number): boolean {
  const j = qualified(t, skipWords(t, i, "only"));
  if (j === -1) return false;
  const ends = (k: number) => isEnd(t[k]) || isWord(t[k], "where", "using", "returning");
  if (ends(j) || t[j]?.kind === "hole") return true;
  if (isWord(t[j], "as")) return isName(t[j + 1]) && ends(j + 2);
  return isName(t[j]) && isWord(t[j + 1], "where", "using", "returning");
}

/** `WITH [RECURSIVE] name [(cols)] AS [[NOT] MATERIALIZED] (`. */
function withQuery(t: Token[], i: number): boolean {
  let j = qualified(t, skipWords(t, i, "recursive"));
  if (j === -1) return false;
  if (isPunct(t[j], "(")) j = skipParens(t, j);
  if (j === -1 || !isWord(t[j], "as")) return false;
  return isPunct(t[skipWords(t, j + 1, "not", "materialized")], "(");
}

/** `CREATE TABLE t (`, `CREATE INDEX ... ON`, `DROP TABLE IF EXISTS t`, `ALTER TABLE t ADD ...`. */
function ddl(verb: string, t: Token[], i: number): boolean {
  i = skipWords(t, i, "or", "replace", "temp", "temporary", "unlogged", "unique", "materialized");
  const object = t[i];
  if (!isWord(object, ...OBJECTS)) return false;
  i = skipWords(t, i + 1, "concurrently", "if", "not", "exists");
  if (verb === "create" && isWord(object, "index", "policy")) {
    return t.slice(i, i + 4).some((token) => isWord(token, "on"));
  }
  const j = qualified(t, i);
  if (j === -1) return false;
  const after = t[j];
  if (verb === "drop") {
    return isEnd(after) || isPunct(after, ",") || isWord(after, "cascade", "restrict", "on");
  }
  if (verb === "alter") {
    return isWord(object, "table") ? isWord(after, ...ALTER_ACTIONS) : !isEnd(after);
  }
  switch (object.text) {
    case "table":
    case "view":
      return isPunct(after, "(") || isWord(after, "as", "partition", "of", "like");
    case "type":
      return isWord(after, "as");
    case "function":
    case "procedure":
      return isPunct(after, "(");
    case "trigger":
      return isWord(after, "before", "after", "instead");
    default:
      return isEnd(after) || after.kind !== "word" || isWord(after, ...CREATE_OPTIONS);
  }
}

/** `TRUNCATE [TABLE] [ONLY] a, b [RESTART IDENTITY] [CASCADE]`. */
function truncate(t: Token[], i: number): boolean {
  let j = qualified(t, skipWords(t, i, "table", "only"));
  while (j !== -1 && isPunct(t[j], ",")) j = qualified(t, j + 1);
  if (j === -1) return false;
  return isEnd(t[j]) || isWord(t[j], "restart", "continue", "cascade", "restrict");
}

/** `COPY t [(cols)] FROM STDIN`, `COPY (SELECT ...) TO '/tmp/x.csv'`. */
function copy(t: Token[], i: number): boolean {
  let j = isPunct(t[i], "(") ? skipParens(t, i) : qualified(t, i);
  if (j !== -1 && isPunct(t[j], "(")) j = skipParens(t, j);
  if (j === -1 || !isWord(t[j], "from", "to")) return false;
  const source = t[j + 1];
  return isWord(source, "stdin", "stdout", "program") || source?.kind === "string";
}

/** `VACUUM`, `VACUUM FULL posts`, `ANALYZE`, `ANALYZE VERBOSE`, `ANALYZE public.posts`. */
function maintenance(t: Token[], i: number): boolean {
  // A lone "Analyze" may be a command name; `VACUUM` in capitals, or `VACUUM;`, is SQL.
  if (isEnd(t[i])) return t[i] !== undefined || t[i - 1].raw === t[i - 1].raw.toUpperCase();
  if (isPunct(t[i], "(")) return true;
  const j = skipWords(t, i, "full", "freeze", "verbose", "analyze");
  if (j > i) return true;
  const k = qualified(t, i);
  // A bare word may be prose ("Analyze results"); a qualified or quoted name is not.
  return k !== -1 && isEnd(t[k]) && (k > i + 1 || t[i].kind === "ident");
}

/** `GRANT SELECT ON posts TO app`, `REVOKE ALL ON posts FROM app`. */
function grant(verb: string, t: Token[], i: number): boolean {
  const on = t.findIndex((token, k) => k >= i && isWord(token, "on"));
  if (on === -1 || on - i > 8) return false;
  const j = qualified(
    t,
    skipWords(t, on + 1, "table", "schema", "all", "tables", "in", "sequence"),
  );
  return j !== -1 && isWord(t[j], verb === "grant" ? "to" : "from");
}

/** `SET search_path TO app`, `SET LOCAL statement_timeout = 5000`, `SET TIME ZONE 'UTC'`. */
function setting(t: Token[], i: number): boolean {
  i = skipWords(t, i, "local", "session");
  if (isWord(t[i], "time") && isWord(t[i + 1], "zone")) return true;
  if (isWord(t[i], "transaction", "constraints", "names")) return true;
  const j = qualified(t, i);
  if (j === -1) return false;
  // "Set value to 3" is prose; SQL settings have compound names (`search_path`, `app.tenant`).
  const name = t
    .slice(i, j)
    .map((token) => token.text)
    .join("");
  return isPunct(t[j], "=") || (isWord(t[j], "to") && /[._]/.test(name));
}
