/**
 * The Alembic migration history, read statically: every revision file of the
 * versions directory (from `alembic.ini`'s `script_location`, or an `env.py`
 * with a `versions/` beside it, or `alembic/versions` by convention), its
 * `revision`/`down_revision`/`branch_labels`, the revision graph, and the
 * schema that replaying every `upgrade()` gives. Nothing is imported or run:
 * `op.execute(...)` and anything not understood is skipped with a note.
 */
import type {
  PyArgument,
  PyFunction,
  PyModule,
  PyName,
  PyNode,
  PyStringList,
} from "../../languages/python/nodes.js";
import {
  blankColumn,
  type ColumnDef,
  type IndexDef,
  type Schema,
  type SourceLoc,
  type TableDef,
} from "./schema.js";
import { lastNamePart } from "../../languages/python/ast-utils.js";

export interface Revision {
  file: string;
  /**
   * The Alembic environment (script directory) the file belongs to: ids, parents
   * and heads are per environment (a multi-database setup has one history each).
   */
  environment: string;
  /** The `revision = "..."` value; null when missing or not a literal. */
  id: string | null;
  /** `down_revision`: none for a base, several for a merge. */
  down: string[];
  branchLabels: string[];
  /** `depends_on`: revisions (or branch labels) this one needs without being their child. */
  dependsOn: string[];
  /** The `revision = ...` statement. */
  revisionLoc: SourceLoc | null;
  /** The `down_revision = ...` statement. */
  downLoc: SourceLoc | null;
  /** The `def downgrade` name token, or null when there is no downgrade function. */
  downgradeLoc: SourceLoc | null;
  /** The downgrade body does nothing (`pass`, `...`, a docstring only) or is missing. */
  emptyDowngrade: boolean;
}

export interface ReplayNote {
  file: string;
  line: number;
  /** What was skipped and why: `op.execute (SQL not replayed)`, `unknown op: op.bulk_insert`. */
  message: string;
}

export interface MigrationHistory {
  /** The versions directories found (relative to the root); empty when the project has none. */
  versionDirs: string[];
  /** Every revision file, in file order. */
  revisions: Revision[];
  /** Revision ids no other revision (of the same environment) names as its down_revision. */
  heads: string[];
  /**
   * The schema after replaying every revision's upgrade(), in graph order. With several
   * environments (dialects, databases), the union of theirs: a table has every column and
   * index some environment gives it.
   */
  schema: Schema;
  /** Each environment's own schema, by environment. */
  schemas: Map<string, Schema>;
  /** Where each table and `table.column` was created: revision file, for messages. */
  createdIn: Map<string, string>;
  notes: ReplayNote[];
  /** Each versions directory's environment (its script directory). */
  environments: Map<string, string>;
  /** Revision files in the order they were replayed (parents before children). */
  order: string[];
  /**
   * Tables that a replayed operation changed although no replayed `create_table`
   * made them (made by `op.execute` SQL, or before the history starts): their
   * columns are only what the history added, so a consumer should not trust
   * what they lack.
   */
  assumedTables: Set<string>;
  /**
   * Whether `name` (a table or index) is written as a string literal in a
   * revision with an operation the replay did not follow (SQL in `op.execute`,
   * `Table(...).create(bind)`, a helper call): that revision may create it.
   */
  mentionedWhereNotReplayed(name: string): boolean;
}

/** `CREATE TABLE name` / `CREATE [UNIQUE] INDEX [CONCURRENTLY] name` in SQL text, quoted or schema-qualified or not. */
function createdInSql(name: string): RegExp {
  const escaped = name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  return new RegExp(
    String.raw`\bCREATE\s+(?:TABLE|(?:UNIQUE\s+)?INDEX(?:\s+CONCURRENTLY)?)\s+(?:IF\s+NOT\s+EXISTS\s+)?(?:[\w"]+\.)?"?` +
      escaped +
      String.raw`\b`,
    "i",
  );
}

/** Notes of operations that may change the schema unseen (not data loads, not skipped no-ops). */
const UNFOLLOWED = /not replayed|unknown op/;
const DATA_ONLY = /\(data not replayed\)/;

export interface MigrationHost {
  readonly root: string;
  readonly pythonFiles: readonly string[];
  readText(file: string): string | null;
  parsedModule(file: string, skipBodies?: boolean): { ast: PyModule; text: string } | null;
  /** Alembic script directories (holding env.py and versions/), relative to the root. */
  alembicDirs(): ReadonlySet<string>;
  /**
   * Parses text without caching the tree in the project. Preferred when present:
   * revision trees are needed once, and keeping 300 of them (with their tokens)
   * in the project's cache cost 20% more time in garbage collection.
   */
  parseText?(text: string, skipBodies: boolean, file?: string): PyModule | null;
  /** For `script_location = package:path`: the file of a dotted module name. */
  readonly python?: { fileOf(moduleName: string): string | null };
}

// ---------------------------------------------------------------------------
// Finding the versions directories
// ---------------------------------------------------------------------------

/** The directory part of a relative POSIX path ("" for the root). */
function dirOf(path: string): string {
  const at = path.lastIndexOf("/");
  return at < 0 ? "" : path.slice(0, at);
}

/** `a/./b/../c` -> `a/c`; null when it climbs above the root. */
function normalize(path: string): string | null {
  const out: string[] = [];
  for (const part of path.split("/")) {
    if (part === "" || part === ".") continue;
    if (part === "..") {
      if (out.length === 0) return null;
      out.pop();
    } else out.push(part);
  }
  return out.join("/");
}

function join(dir: string, path: string): string | null {
  return normalize(dir === "" ? path : `${dir}/${path}`);
}

/** Sections of an INI file (configparser's syntax: `key = value`, `key: value`, indented continuations). */
export function parseIni(text: string): Map<string, Map<string, string>> {
  const sections = new Map<string, Map<string, string>>();
  let current: Map<string, string> | null = null;
  let lastKey: string | null = null;
  for (const raw of text.split(/\r\n|\r|\n/)) {
    const trimmed = raw.trim();
    if (trimmed === "" || trimmed.startsWith("#") || trimmed.startsWith(";")) {
      lastKey = null;
      continue;
    }
    const section = /^\[([^\]]+)\]$/.exec(trimmed);
    if (section) {
      const name = section[1].trim();
      current = sections.get(name) ?? new Map();
      sections.set(name, current);
      lastKey = null;
      continue;
    }
    if (!current) continue;
    if (/^\s/.test(raw) && lastKey !== null) {
      current.set(lastKey, `${current.get(lastKey)}\n${trimmed}`);
      continue;
    }
    const pair = /^([^=:]+?)\s*[=:]\s*(.*)$/.exec(trimmed);
    if (!pair) continue;
    lastKey = pair[1].toLowerCase();
    current.set(lastKey, pair[2]);
  }
  return sections;
}

/** configparser's `%(name)s` interpolation, with `here` the ini's directory; null if unresolved. */
function interpolate(
  value: string,
  section: Map<string, string>,
  defaults: Map<string, string> | undefined,
  here: string,
): string | null {
  let unresolved = false;
  const out = value.replace(/%\(([^)]+)\)s/g, (_, key: string) => {
    const name = key.toLowerCase();
    if (name === "here") return here === "" ? "." : here;
    const found = section.get(name) ?? defaults?.get(name);
    if (found === undefined || found.includes("%(")) unresolved = true;
    return found ?? "";
  });
  return unresolved ? null : out.replace(/%%/g, "%");
}

/**
 * A `script_location` or version location as a path relative to the root:
 * relative to the ini's directory, `%(here)s/...`, or `package:path`.
 */
function locate(host: MigrationHost, value: string, iniDir: string): string | null {
  const trimmed = value.trim();
  if (trimmed === "") return null;
  // Alembic reads `pkg:a:b` as the package's resource directory a/b (every later colon a separator).
  const pkg = /^([A-Za-z_][\w.]*):(?![\\/])(.*)$/.exec(trimmed);
  if (pkg) {
    const file = host.python?.fileOf(pkg[1]);
    const base = file ? dirOf(file) : join(iniDir, pkg[1].replace(/\./g, "/"));
    return base === null ? null : join(base, pkg[2].replace(/:/g, "/"));
  }
  if (trimmed.startsWith("/")) {
    const root = host.root.replace(/\\/g, "/").replace(/\/$/, "");
    return trimmed.startsWith(`${root}/`) ? normalize(trimmed.slice(root.length + 1)) : null;
  }
  return join(iniDir, trimmed);
}

/** `version_locations`, split the way Alembic splits it (`version_path_separator`). */
function splitLocations(value: string, section: Map<string, string>): string[] {
  const separator = section.get("version_path_separator") ?? section.get("path_separator");
  const by: Record<string, string> = { os: ":", space: " ", newline: "\n", ":": ":", ";": ";" };
  const sep = separator ? by[separator.trim()] : undefined;
  const parts = sep ? value.split(sep) : value.split(/[\s,]+/);
  return parts.map((p) => p.trim()).filter((p) => p !== "");
}

/** Every directory of the project that holds Python files, with its ancestors. */
function pythonDirs(files: readonly string[]): Set<string> {
  const dirs = new Set<string>();
  for (const file of files) {
    for (let dir = dirOf(file); dir !== "" && !dirs.has(dir); dir = dirOf(dir)) dirs.add(dir);
  }
  return dirs;
}

/** `[tool.alembic]` of a pyproject.toml (Alembic 1.16+): its `script_location`, as an ini section. */
function pyprojectSection(text: string): Map<string, string> | null {
  const lines = text.split(/\r\n|\r|\n/);
  const start = lines.findIndex((l) => l.trim() === "[tool.alembic]");
  if (start < 0) return null;
  const section = new Map<string, string>();
  for (const line of lines.slice(start + 1)) {
    if (line.trim().startsWith("[")) break;
    const pair = /^\s*([\w-]+)\s*=\s*(["'])(.*)\2\s*(?:#.*)?$/.exec(line);
    if (pair) section.set(pair[1].toLowerCase(), pair[3]);
  }
  return section;
}

/** A versions directory and the Alembic environment (script directory) whose history it holds. */
export interface VersionDir {
  dir: string;
  environment: string;
}

/**
 * The versions directories of the project: from every `alembic.ini` at the root
 * or one or two directories down (and `[tool.alembic]` in a pyproject.toml
 * there), from the Alembic script directories found by their `env.py`, and by
 * convention. Relative POSIX paths, in discovery order, without duplicates.
 * Each belongs to an environment (one database's history: a multi-database
 * `alembic.ini` has several), named by its script directory.
 */
export function findVersionDirs(host: MigrationHost): VersionDir[] {
  const files = host.pythonFiles;
  const dirs = pythonDirs(files);
  const hasFilesUnder = (dir: string) =>
    dir === "" ? files.length > 0 : files.some((f) => f.startsWith(`${dir}/`));
  const found: VersionDir[] = [];
  const add = (dir: string | null, environment: string) => {
    if (dir !== null && !found.some((f) => f.dir === dir)) found.push({ dir, environment });
  };
  const fromScript = (script: string | null) => {
    if (script === null) return;
    const versions = join(script, "versions");
    if (versions === null) return;
    // An empty versions/ of a set-up project still counts: its history is "nothing yet".
    if (hasFilesUnder(versions) || files.includes(join(script, "env.py") ?? "")) {
      add(versions, script);
    }
  };
  const fromSection = (
    section: Map<string, string>,
    defaults: Map<string, string> | undefined,
    iniDir: string,
  ) => {
    const script = section.get("script_location");
    if (script === undefined) return;
    const scriptValue = interpolate(script, section, defaults, iniDir);
    const scriptDir = scriptValue === null ? null : locate(host, scriptValue, iniDir);
    const versionLocations = section.get("version_locations");
    const locations =
      versionLocations === undefined
        ? null
        : interpolate(versionLocations, section, defaults, iniDir);
    if (locations !== null) {
      for (const location of splitLocations(locations, section)) {
        const dir = locate(host, location, iniDir);
        if (dir !== null && hasFilesUnder(dir)) add(dir, scriptDir ?? dir);
      }
    } else fromScript(scriptDir);
  };
  const candidates = [
    "",
    ...[...dirs].filter((d) => !d.includes("/") || d.split("/").length === 2).sort(),
  ];
  for (const dir of candidates) {
    const ini = host.readText(dir === "" ? "alembic.ini" : `${dir}/alembic.ini`);
    if (ini !== null) {
      const sections = parseIni(ini);
      const defaults = sections.get("DEFAULT");
      for (const [name, section] of sections) {
        if (name === "alembic" || section.has("script_location")) {
          fromSection(section, defaults, dir);
        }
      }
    }
    const pyproject = host.readText(dir === "" ? "pyproject.toml" : `${dir}/pyproject.toml`);
    const tool = pyproject === null ? null : pyprojectSection(pyproject);
    if (tool) fromSection(tool, undefined, dir);
  }
  for (const script of [...host.alembicDirs()].sort()) fromScript(script);
  for (const conventional of ["alembic", "migrations"]) {
    if (hasFilesUnder(`${conventional}/versions`)) add(`${conventional}/versions`, conventional);
  }
  return found;
}

// ---------------------------------------------------------------------------
// Syntax helpers
// ---------------------------------------------------------------------------

/** Offsets to 1-based lines and 0-based columns, with the line table built on first use. */
class Locator {
  private starts: number[] | null = null;
  constructor(
    readonly file: string,
    private readonly text: string,
  ) {}

  position(offset: number): { line: number; column: number } {
    if (!this.starts) {
      const starts = [0];
      const text = this.text;
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 13) {
          if (text.charCodeAt(i + 1) === 10) i++;
          starts.push(i + 1);
        } else if (c === 10) starts.push(i + 1);
      }
      this.starts = starts;
    }
    const starts = this.starts;
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo] };
  }

  loc(node: { start: number; length: number }): SourceLoc {
    const start = this.position(node.start);
    const end = this.position(node.start + node.length);
    return {
      file: this.file,
      line: start.line,
      column: start.column,
      endLine: end.line,
      endColumn: end.column,
    };
  }
}

/** The value of a plain string literal (implicit concatenation joined); null for f-strings and the rest. */
function stringValue(node: PyNode | undefined): string | null {
  if (node?.type !== "StringList") return null;
  const strings = (node as unknown as PyStringList).d.strings;
  if (strings.some((s) => s.type !== "String")) return null;
  return strings.map((s) => s.d.value).join("");
}

/** `None`, `True` or `False` for a Constant node, by its text. */
function keyword(node: PyNode | undefined, text: string): string | null {
  if (node?.type !== "Constant") return null;
  return text.slice(node.start, node.start + node.length);
}

/** The last part of a callee: `Column` for `sa.Column`, `sqlalchemy.Column`, `Column`. */

function calleeName(node: PyNode | undefined): string | null {
  return node?.type === "Call" ? lastNamePart(node.d.leftExpr as PyNode) : null;
}

/** A module's or suite's simple statements and compound statements, StatementLists opened. */
function statementsOf(statements: readonly PyNode[]): PyNode[] {
  const out: PyNode[] = [];
  for (const statement of statements) {
    if (statement.type === "StatementList") out.push(...(statement.d.statements as PyNode[]));
    else out.push(statement);
  }
  return out;
}

/** The assigned name of `x = ...` or `x: T = ...`. */
function assignedName(statement: PyNode): string | null {
  if (statement.type !== "Assignment") return null;
  let target = statement.d.leftExpr as PyNode;
  if (target.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
  return target.type === "Name" ? (target.d.value as string) : null;
}

/** `None` -> [], `"a"` -> ["a"], `("a", "b")` / `["a"]` / `{"a"}` -> ["a", "b"]. */
function stringsOf(node: PyNode | undefined, text: string): string[] {
  if (!node || keyword(node, text) === "None") return [];
  const single = stringValue(node);
  if (single !== null) return single === "" ? [] : [single];
  if (node.type === "Tuple" || node.type === "List" || node.type === "Set") {
    return (node.d.items as PyNode[])
      .map((item) => stringValue(item))
      .filter((s): s is string => !!s);
  }
  return [];
}

/** A function body that does nothing: `pass`, `...`, a docstring, or nothing but those. */
function isEmptyBody(fn: PyFunction): boolean {
  return statementsOf(fn.d.suite.d.statements).every(
    (s) => s.type === "Pass" || s.type === "Ellipsis" || s.type === "StringList",
  );
}

/**
 * A revision file's header: `revision`, `down_revision` (a string, None, or a
 * tuple or list for a merge), `branch_labels`, `depends_on` (also annotated:
 * `revision: str = "..."`), and its `downgrade()`. Module-level statements only.
 */
export function readRevision(
  file: string,
  ast: PyModule,
  text: string,
  environment = "",
): Revision {
  const locator = new Locator(file, text);
  const revision: Revision = {
    file,
    environment,
    id: null,
    down: [],
    branchLabels: [],
    dependsOn: [],
    revisionLoc: null,
    downLoc: null,
    downgradeLoc: null,
    emptyDowngrade: true,
  };
  for (const statement of ast.d.statements) {
    if (statement.type === "Function") {
      const fn = statement as unknown as PyFunction;
      if (fn.d.name.d.value === "downgrade") {
        revision.downgradeLoc = locator.loc(fn.d.name);
        revision.emptyDowngrade = isEmptyBody(fn);
      }
      continue;
    }
    if (statement.type !== "StatementList") continue;
    for (const simple of statement.d.statements as PyNode[]) {
      const name = assignedName(simple);
      const value = simple.d.rightExpr as PyNode | undefined;
      if (name === "revision") {
        revision.id = stringValue(value);
        revision.revisionLoc = locator.loc(simple);
      } else if (name === "down_revision") {
        revision.down = stringsOf(value, text);
        revision.downLoc = locator.loc(simple);
      } else if (name === "branch_labels") {
        revision.branchLabels = stringsOf(value, text);
      } else if (name === "depends_on") {
        revision.dependsOn = stringsOf(value, text);
      }
    }
  }
  return revision;
}

/** Whether a module looks like a revision file: it assigns `revision` or defines `upgrade`. */
export function isRevisionModule(ast: PyModule): boolean {
  return ast.d.statements.some(
    (s) =>
      (s.type === "Function" && (s.d.name as PyName).d.value === "upgrade") ||
      (s.type === "StatementList" &&
        (s.d.statements as PyNode[]).some((x) => assignedName(x) === "revision")),
  );
}

// ---------------------------------------------------------------------------
// The revision graph
// ---------------------------------------------------------------------------

/**
 * Revisions in replay order: bases first, every revision after all its parents
 * (so a merge after each branch), ties by file name. Returns the order and the
 * revisions left out (in a cycle of down_revisions).
 */
function orderRevisions(revisions: readonly Revision[]): {
  order: Revision[];
  cyclic: Revision[];
} {
  const byId = new Map<string, Revision[]>();
  for (const r of revisions) {
    const key = `${r.environment}\0${r.id}`;
    if (r.id !== null) byId.set(key, [...(byId.get(key) ?? []), r]);
  }
  const pending = new Map<Revision, number>();
  const children = new Map<Revision, Revision[]>();
  for (const r of revisions) {
    const parents = new Set<Revision>();
    for (const down of r.down) {
      for (const p of byId.get(`${r.environment}\0${down}`) ?? []) parents.add(p);
    }
    pending.set(r, parents.size);
    for (const p of parents) children.set(p, [...(children.get(p) ?? []), r]);
  }
  const ready = revisions.filter((r) => pending.get(r) === 0);
  ready.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0));
  const order: Revision[] = [];
  while (ready.length > 0) {
    const next = ready.shift()!;
    order.push(next);
    for (const child of children.get(next) ?? []) {
      const left = pending.get(child)! - 1;
      pending.set(child, left);
      if (left === 0) {
        // Keep `ready` sorted by file name: binary insertion.
        let lo = 0;
        let hi = ready.length;
        while (lo < hi) {
          const mid = (lo + hi) >> 1;
          if (ready[mid].file < child.file) lo = mid + 1;
          else hi = mid;
        }
        ready.splice(lo, 0, child);
      }
    }
  }
  const placed = new Set(order);
  return { order, cyclic: revisions.filter((r) => !placed.has(r)) };
}

/** The heads of each environment: ids no revision of the environment names as its down_revision. */
export function headsByEnvironment(revisions: readonly Revision[]): Map<string, string[]> {
  const named = new Set<string>();
  for (const r of revisions) for (const down of r.down) named.add(`${r.environment}\0${down}`);
  const heads = new Map<string, string[]>();
  for (const r of revisions) {
    if (r.id === null || named.has(`${r.environment}\0${r.id}`)) continue;
    const list = heads.get(r.environment) ?? [];
    if (!list.includes(r.id)) list.push(r.id);
    heads.set(r.environment, list);
  }
  return heads;
}

export interface HeadGroup {
  environment: string;
  /** The branch label the heads share (nearest on their ancestry), or null. */
  label: string | null;
  /** The head kept as the main line: the most ancestors, ties by revision id. */
  main: string;
  /** Every head of the group, `main` included, sorted by id. */
  heads: string[];
}

const headGroupCache = new WeakMap<MigrationHistory, Map<boolean, HeadGroup[]>>();

/**
 * The heads of each environment, grouped. With `byLabel`, heads whose nearest
 * `branch_labels` differ are in different groups (Alembic's intended multiple
 * branches); without, an environment's heads are one group. A group of more
 * than one head needs a merge revision.
 */
export function headGroups(history: MigrationHistory, byLabel: boolean): HeadGroup[] {
  const cached = headGroupCache.get(history)?.get(byLabel);
  if (cached) return cached;
  const parents = new Map<string, string[]>();
  const labels = new Map<string, string[]>();
  for (const r of history.revisions) {
    if (r.id === null) continue;
    const key = `${r.environment}\0${r.id}`;
    parents.set(key, [...(parents.get(key) ?? []), ...r.down]);
    labels.set(key, [...(labels.get(key) ?? []), ...r.branchLabels]);
  }
  const result: HeadGroup[] = [];
  for (const [environment, heads] of headsByEnvironment(history.revisions)) {
    const facts = heads.map((head) => {
      // Breadth first: the nearest label wins; at equal distance, the smallest.
      const seen = new Set([head]);
      let level = [head];
      let label: string | null = null;
      while (level.length > 0) {
        if (label === null) {
          const here = level.flatMap((id) => labels.get(`${environment}\0${id}`) ?? []).sort();
          if (here.length > 0) label = here[0];
        }
        const next: string[] = [];
        for (const id of level) {
          for (const p of parents.get(`${environment}\0${id}`) ?? []) {
            if (!seen.has(p) && parents.has(`${environment}\0${p}`)) {
              seen.add(p);
              next.push(p);
            }
          }
        }
        level = next;
      }
      return { head, label: byLabel ? label : null, ancestors: seen.size - 1 };
    });
    const groups = new Map<string | null, typeof facts>();
    for (const f of facts) groups.set(f.label, [...(groups.get(f.label) ?? []), f]);
    for (const [label, members] of groups) {
      const main = [...members].sort(
        (a, b) => b.ancestors - a.ancestors || (a.head < b.head ? -1 : a.head > b.head ? 1 : 0),
      )[0].head;
      result.push({ environment, label, main, heads: members.map((m) => m.head).sort() });
    }
  }
  const byMode = headGroupCache.get(history) ?? new Map<boolean, HeadGroup[]>();
  byMode.set(byLabel, result);
  headGroupCache.set(history, byMode);
  return result;
}

// ---------------------------------------------------------------------------
// Replaying upgrade()
// ---------------------------------------------------------------------------

/** Positional parameters of the `op.*` operations (the batch forms drop the table). */
const SIGNATURES: Record<string, string[]> = {
  create_table: ["table_name"],
  drop_table: ["table_name"],
  add_column: ["table_name", "column"],
  drop_column: ["table_name", "column_name"],
  alter_column: ["table_name", "column_name"],
  rename_table: ["old_table_name", "new_table_name"],
  create_index: ["index_name", "table_name", "columns"],
  drop_index: ["index_name", "table_name"],
  create_foreign_key: [
    "constraint_name",
    "source_table",
    "referent_table",
    "local_cols",
    "remote_cols",
  ],
  create_unique_constraint: ["constraint_name", "table_name", "columns"],
  create_primary_key: ["constraint_name", "table_name", "columns"],
  drop_constraint: ["constraint_name", "table_name", "type_"],
};

/** Older Alembic keyword spellings, by current name. */
const KEYWORD_ALIASES: Record<string, string[]> = {
  table_name: ["tablename", "table"],
  index_name: ["name"],
  constraint_name: ["name"],
  source_table: ["source"],
  referent_table: ["referent"],
  column_name: ["name"],
};

/** Operations that change nothing this schema tracks (checks, comments, data, the connection). */
const NO_SCHEMA_EFFECT = new Set([
  "create_check_constraint",
  "create_exclude_constraint",
  "create_table_comment",
  "drop_table_comment",
  "get_bind",
  "get_context",
  "inline_literal",
  "invoke",
  "f",
  "run_async",
  "implementation_for",
  "register_operation",
]);

const COLUMN_EXTRAS = new Set([
  "Sequence",
  "Identity",
  "Computed",
  "CheckConstraint",
  "DefaultClause",
  "FetchedValue",
]);

interface Args {
  byName: Map<string, PyNode>;
  rest: PyNode[];
  unpacked: boolean;
}

/** Binds a call's arguments to the operation's parameter names; extra positionals go to `rest`. */
function bindArgs(args: readonly PyArgument[], params: readonly string[]): Args {
  const byName = new Map<string, PyNode>();
  const rest: PyNode[] = [];
  let position = 0;
  let unpacked = false;
  for (const arg of args) {
    if (arg.d.argCategory !== 0) {
      unpacked = true;
      continue;
    }
    if (arg.d.name) {
      byName.set(arg.d.name.d.value, arg.d.valueExpr);
    } else if (position < params.length) {
      byName.set(params[position++], arg.d.valueExpr);
    } else rest.push(arg.d.valueExpr);
  }
  for (const [name, aliases] of Object.entries(KEYWORD_ALIASES)) {
    if (!params.includes(name) || byName.has(name)) continue;
    for (const alias of aliases) {
      const value = byName.get(alias);
      if (value) {
        byName.set(name, value);
        break;
      }
    }
  }
  return { byName, rest, unpacked };
}

class ReplayError extends Error {}

/** One file's replay: its text, the names `op` and batch operations go by, its constants. */
class FileReplay {
  readonly locator: Locator;
  readonly opNames = new Set(["op"]);
  readonly functions = new Map<string, PyFunction>();
  readonly constants = new Map<string, string>();
  private notedConditional = false;
  private readonly following = new Set<string>();

  constructor(
    private readonly state: SchemaState,
    readonly file: string,
    private readonly text: string,
    ast: PyModule,
  ) {
    this.locator = new Locator(file, text);
    for (const statement of ast.d.statements) {
      if (statement.type === "Function") {
        const fn = statement as unknown as PyFunction;
        this.functions.set(fn.d.name.d.value, fn);
        continue;
      }
      for (const simple of statementsOf([statement])) {
        if (simple.type === "ImportFrom") {
          const module = (simple.d.module as { d: { nameParts: PyName[] } }).d.nameParts
            .map((p) => p.d.value)
            .join(".");
          if (module !== "alembic") continue;
          for (const item of simple.d.imports as { d: { name: PyName; alias?: PyName } }[]) {
            if (item.d.name.d.value === "op")
              this.opNames.add((item.d.alias ?? item.d.name).d.value);
          }
        }
        this.remember(simple);
      }
    }
  }

  note(node: { start: number }, message: string): void {
    this.state.notes.push({
      file: this.file,
      line: this.locator.position(node.start).line,
      message,
    });
  }

  /** `NAME = "literal"`: table and column names kept in variables. */
  private remember(statement: PyNode): void {
    const name = assignedName(statement);
    if (name === null) return;
    const value = stringValue(statement.d.rightExpr as PyNode);
    if (value !== null) this.constants.set(name, value);
    else this.constants.delete(name);
  }

  replayUpgrade(): void {
    const upgrade = this.functions.get("upgrade");
    if (!upgrade) {
      this.state.notes.push({ file: this.file, line: 1, message: "no upgrade() function" });
      return;
    }
    this.following.add("upgrade");
    this.suite(upgrade.d.suite.d.statements, new Map());
  }

  private text_(node: PyNode): string {
    return this.text.slice(node.start, node.start + node.length);
  }

  /** A name: a literal, a constant, or `op.f("...")`/`conv("...")` around one. */
  name(node: PyNode | undefined): string | null {
    if (!node) return null;
    const literal = stringValue(node);
    if (literal !== null) return literal;
    if (node.type === "Name") return this.constants.get(node.d.value as string) ?? null;
    const callee = calleeName(node);
    if ((callee === "f" || callee === "conv") && (node.d.args as PyArgument[]).length === 1) {
      return this.name((node.d.args as PyArgument[])[0].d.valueExpr);
    }
    return null;
  }

  /** `["a", "b"]` (or a tuple, or one name): column names; expressions keep their source text. */
  names(node: PyNode | undefined): string[] {
    if (!node) return [];
    if (node.type === "List" || node.type === "Tuple") {
      return (node.d.items as PyNode[]).map((item) => this.name(item) ?? this.text_(item));
    }
    const one = this.name(node);
    return one === null ? [] : [one];
  }

  bool(node: PyNode | undefined): boolean | null {
    const word = keyword(node, this.text);
    return word === "True" ? true : word === "False" ? false : null;
  }

  private suite(statements: readonly PyNode[], batch: Map<string, string>): void {
    for (const statement of statementsOf(statements)) {
      try {
        this.statement(statement, batch);
      } catch (error) {
        // A replay bug must cost one statement, never the history.
        this.note(
          statement,
          `statement not replayed (${error instanceof ReplayError ? error.message : "internal error"})`,
        );
      }
    }
  }

  private conditional(node: PyNode, what: string): void {
    if (this.notedConditional) return;
    this.notedConditional = true;
    this.note(node, `${what}: every branch replayed, conditions not evaluated`);
  }

  private statement(statement: PyNode, batch: Map<string, string>): void {
    switch (statement.type) {
      case "Call":
        this.call(statement, batch, true);
        return;
      case "Await":
        if ((statement.d.expr as PyNode).type === "Call") {
          this.call(statement.d.expr as PyNode, batch, true);
        }
        return;
      case "Assignment": {
        const value = statement.d.rightExpr as PyNode;
        if (value.type === "Call") this.call(value, batch, false);
        this.remember(statement);
        return;
      }
      case "If":
        this.conditional(statement, "if");
        this.suite((statement.d.ifSuite as PyNode).d.statements as PyNode[], batch);
        if (statement.d.elseSuite) {
          const other = statement.d.elseSuite as PyNode;
          this.suite(other.type === "If" ? [other] : (other.d.statements as PyNode[]), batch);
        }
        return;
      case "For":
      case "While": {
        this.conditional(statement, statement.type === "For" ? "for loop" : "while loop");
        const body = (
          statement.type === "For" ? statement.d.forSuite : statement.d.whileSuite
        ) as PyNode;
        this.suite(body.d.statements as PyNode[], batch);
        if (statement.d.elseSuite) {
          this.suite((statement.d.elseSuite as PyNode).d.statements as PyNode[], batch);
        }
        return;
      }
      case "Try":
        this.suite((statement.d.trySuite as PyNode).d.statements as PyNode[], batch);
        if ((statement.d.exceptClauses as PyNode[]).length > 0) {
          this.note(statement, "except blocks not replayed");
        }
        for (const key of ["elseSuite", "finallySuite"]) {
          const suite = statement.d[key] as PyNode | undefined;
          if (suite) this.suite(suite.d.statements as PyNode[], batch);
        }
        return;
      case "With":
        this.with(statement, batch);
        return;
      case "Match":
        this.note(statement, "match statement not replayed");
        return;
      default:
        return;
    }
  }

  private with(statement: PyNode, batch: Map<string, string>): void {
    const inner = new Map(batch);
    for (const item of statement.d.withItems as PyNode[]) {
      const expr = item.d.expr as PyNode;
      const target = item.d.target as PyNode | undefined;
      if (expr.type !== "Call" || calleeName(expr) !== "batch_alter_table") continue;
      const left = (expr.d.leftExpr as PyNode).d.leftExpr as PyNode | undefined;
      if (left?.type !== "Name" || !this.opNames.has(left.d.value as string)) continue;
      const args = bindArgs(expr.d.args as PyArgument[], ["table_name"]);
      const table = this.name(args.byName.get("table_name"));
      if (table === null) {
        this.note(statement, "batch_alter_table with a table name that is not a literal");
        return;
      }
      if (target?.type === "Name") inner.set(target.d.value as string, table);
    }
    this.suite((statement.d.suite as PyNode).d.statements as PyNode[], inner);
  }

  private call(call: PyNode, batch: Map<string, string>, statement: boolean): void {
    const callee = call.d.leftExpr as PyNode;
    if (callee.type === "MemberAccess") {
      const owner = callee.d.leftExpr as PyNode;
      const method = (callee.d.member as PyName).d.value;
      if (owner.type === "Name") {
        const ownerName = owner.d.value as string;
        if (this.opNames.has(ownerName)) {
          this.operation(call, method, null, `op.${method}`);
          return;
        }
        const table = batch.get(ownerName);
        if (table !== undefined) {
          this.operation(call, method, table, `batch_op.${method}`);
          return;
        }
      }
    } else if (callee.type === "Name" && statement) {
      const name = callee.d.value as string;
      const fn = this.functions.get(name);
      if (fn && !this.following.has(name) && this.following.size < 8) {
        // A helper of the same file (`_create_users_table()`): replay its body.
        this.following.add(name);
        try {
          this.suite(fn.d.suite.d.statements, batch);
        } finally {
          this.following.delete(name);
        }
        return;
      }
    }
    if (statement) this.note(call, `call not replayed: ${this.text_(callee)}()`);
  }

  /** One `op.*` (table null) or `batch_op.*` (table given) call. */
  private operation(call: PyNode, method: string, batchTable: string | null, label: string): void {
    if (method === "execute") return this.execute(call, label);
    if (method === "bulk_insert") return this.note(call, `${label} (data not replayed)`);
    if (NO_SCHEMA_EFFECT.has(method))
      return this.note(call, `${label} skipped (no table, column or index change)`);
    const signature = SIGNATURES[method];
    if (
      !signature ||
      (batchTable !== null &&
        (method === "create_table" || method === "drop_table" || method === "rename_table"))
    ) {
      return this.note(call, `unknown op: ${label}`);
    }
    const params =
      batchTable === null
        ? signature
        : signature.filter((p) => p !== "table_name" && p !== "source_table");
    const args = bindArgs(call.d.args as PyArgument[], params);
    if (args.unpacked && method !== "create_table") {
      return this.note(call, `${label} with unpacked arguments not replayed`);
    }
    const get = (name: string) => args.byName.get(name);
    const table =
      batchTable ?? this.name(get(method === "create_foreign_key" ? "source_table" : "table_name"));
    const state = this.state;
    const need = (value: string | null, what: string): string => {
      if (value === null) throw new ReplayError(`${label}: ${what} is not a literal`);
      return value;
    };
    switch (method) {
      case "create_table":
        return this.createTable(call, need(table, "the table name"), args);
      case "drop_table":
        return state.dropTable(need(table, "the table name"));
      case "add_column": {
        const column = this.column(get("column"));
        if (!column) throw new ReplayError(`${label}: the column is not a Column(...) call`);
        return state.addColumn(this, call, need(table, "the table name"), column);
      }
      case "drop_column":
        return state.dropColumn(
          this,
          call,
          need(table, "the table name"),
          need(this.name(get("column_name")), "the column name"),
        );
      case "alter_column": {
        const newName = get("new_column_name");
        return state.alterColumn(
          this,
          call,
          need(table, "the table name"),
          need(this.name(get("column_name")), "the column name"),
          {
            nullable: get("nullable") ? this.bool(get("nullable")) : undefined,
            type: get("type_") ? this.text_(get("type_")!) : undefined,
            newName: newName ? need(this.name(newName), "new_column_name") : undefined,
          },
        );
      }
      case "rename_table":
        return state.renameTable(
          this,
          call,
          need(this.name(get("old_table_name")), "the old table name"),
          need(this.name(get("new_table_name")), "the new table name"),
        );
      case "create_index":
        return state.addIndex(this, call, need(table, "the table name"), {
          name: this.name(get("index_name")),
          table: need(table, "the table name"),
          columns: this.names(get("columns")),
          unique: this.bool(get("unique")) === true,
        });
      case "drop_index":
        return state.dropIndex(
          this,
          call,
          need(this.name(get("index_name")), "the index name"),
          table,
          this.bool(get("if_exists")) === true,
        );
      case "create_foreign_key":
        return state.addForeignKey(
          this,
          call,
          need(table, "the source table"),
          this.name(get("constraint_name")),
          need(this.name(get("referent_table")), "the referent table"),
          this.names(get("local_cols")),
          this.names(get("remote_cols")),
        );
      case "create_unique_constraint":
        return state.addIndex(this, call, need(table, "the table name"), {
          name: this.name(get("constraint_name")),
          table: need(table, "the table name"),
          columns: this.names(get("columns")),
          unique: true,
        });
      case "create_primary_key":
        return state.setPrimaryKey(
          this,
          call,
          need(table, "the table name"),
          this.names(get("columns")),
        );
      case "drop_constraint":
        return state.dropConstraint(
          this,
          call,
          need(this.name(get("constraint_name")), "the constraint name"),
          need(table, "the table name"),
          this.name(get("type_")),
        );
    }
  }

  /**
   * `op.execute("...")` with literal SQL: the DDL statements that change what
   * this schema tracks (index creation and removal, table and column renames,
   * dropped tables) are replayed; the rest is noted as not replayed.
   */
  private execute(call: PyNode, label: string): void {
    const arg = (call.d.args as PyArgument[])[0]?.d.valueExpr;
    const inner =
      arg && calleeName(arg) === "text" ? (arg.d.args as PyArgument[])[0]?.d.valueExpr : arg;
    const sql = this.name(inner);
    let skipped = sql === null;
    for (const statement of sql === null ? [] : splitSql(sql)) {
      const ddl = parseDdl(statement);
      if (!ddl) {
        skipped = true;
        continue;
      }
      const state = this.state;
      if (ddl.kind === "createIndex") state.addIndex(this, call, ddl.table, ddl.index);
      else if (ddl.kind === "dropIndex") state.dropIndex(this, call, ddl.name, null, ddl.ifExists);
      else if (ddl.kind === "renameIndex") state.renameIndex(ddl.from, ddl.to);
      else if (ddl.kind === "renameTable") state.renameTable(this, call, ddl.from, ddl.to);
      else if (ddl.kind === "renameColumn") {
        state.alterColumn(this, call, ddl.table, ddl.from, { newName: ddl.to });
      } else state.dropTable(ddl.table);
    }
    if (skipped) this.note(call, `${label} (SQL not replayed)`);
  }

  /** `op.create_table(name, *columns_and_constraints)`. */
  private createTable(call: PyNode, name: string, args: Args): void {
    const table: TableDef = { name, columns: new Map(), indexes: [] };
    const constraints: PyNode[] = [];
    if (args.unpacked) this.note(call, "op.create_table: unpacked arguments not replayed");
    for (const item of args.rest) {
      const column = this.column(item);
      if (column) table.columns.set(column.name, column);
      else constraints.push(item);
    }
    // The columns' own index=/unique= first: a constraint's unique is not an unnamed index.
    for (const column of table.columns.values()) implicitIndex(table, column);
    for (const item of constraints) this.tableConstraint(table, item);
    this.state.createTable(this.file, table);
  }

  /** `PrimaryKeyConstraint`, `ForeignKeyConstraint`, `UniqueConstraint`, `Index` inside create_table. */
  private tableConstraint(table: TableDef, node: PyNode): void {
    const kind = calleeName(node);
    if (kind === null) return this.note(node, "create_table argument not replayed");
    const args = node.d.args as PyArgument[];
    const positional = args
      .filter((a) => !a.d.name && a.d.argCategory === 0)
      .map((a) => a.d.valueExpr);
    const keywords = new Map(
      args.filter((a) => a.d.name).map((a) => [a.d.name!.d.value, a.d.valueExpr]),
    );
    if (kind === "PrimaryKeyConstraint") {
      for (const name of positional.flatMap((p) => this.names(p))) {
        const column = table.columns.get(name);
        if (column) {
          column.primaryKey = true;
          column.nullable ??= false;
        }
      }
    } else if (kind === "ForeignKeyConstraint") {
      const local = this.names(positional[0] ?? keywords.get("columns"));
      const remote = this.names(positional[1] ?? keywords.get("refcolumns"));
      local.forEach((name, i) => {
        const column = table.columns.get(name);
        const target = remote[i] ?? remote[0];
        if (column && target && column.foreignKey === null) column.foreignKey = target;
      });
    } else if (kind === "UniqueConstraint") {
      const columns = positional.flatMap((p) => this.names(p));
      table.indexes.push({
        name: this.name(keywords.get("name")),
        table: table.name,
        columns,
        unique: true,
      });
      if (columns.length === 1) {
        const column = table.columns.get(columns[0]);
        if (column) column.unique = true;
      }
    } else if (kind === "Index") {
      const [first, ...rest] = positional;
      table.indexes.push({
        name: this.name(first),
        table: table.name,
        columns: rest.flatMap((p) => this.names(p)),
        unique: this.bool(keywords.get("unique")) === true,
      });
    } else if (kind !== "CheckConstraint") {
      this.note(node, `create_table argument not replayed: ${kind}(...)`);
    }
  }

  /** `sa.Column("name", sa.String(20), sa.ForeignKey("users.id"), nullable=False, ...)`. */
  column(node: PyNode | undefined): ColumnDef | null {
    if (calleeName(node) !== "Column") return null;
    const args = node!.d.args as PyArgument[];
    let name: string | null = null;
    let type: string | null = null;
    let foreignKey: string | null = null;
    let nullable: boolean | null = null;
    let primaryKey = false;
    let index = false;
    let unique = false;
    let first = true;
    for (const arg of args) {
      const value = arg.d.valueExpr;
      const keywordName = arg.d.name?.d.value;
      if (keywordName === undefined) {
        if (arg.d.argCategory !== 0) continue;
        if (first && (value.type === "StringList" || value.type === "Name")) {
          first = false;
          const literal = this.name(value);
          if (literal !== null) {
            name = literal;
            continue;
          }
        }
        first = false;
        const kind = calleeName(value) ?? lastNamePart(value);
        if (kind === "ForeignKey") {
          const targetArg = (value.d.args as PyArgument[] | undefined)?.[0]?.d.valueExpr;
          foreignKey ??= targetArg ? (this.name(targetArg) ?? this.text_(targetArg)) : null;
        } else if (kind !== null && COLUMN_EXTRAS.has(kind)) {
          continue;
        } else type ??= this.text_(value);
      } else if (keywordName === "name") name = this.name(value);
      else if (keywordName === "type_") type = this.text_(value);
      else if (keywordName === "nullable") nullable = this.bool(value);
      else if (keywordName === "primary_key") primaryKey = this.bool(value) === true;
      else if (keywordName === "index") index = this.bool(value) === true;
      else if (keywordName === "unique") unique = this.bool(value) === true;
    }
    if (name === null) return null;
    if (primaryKey && nullable === null) nullable = false;
    return { name, type, nullable, primaryKey, foreignKey, index, unique };
  }
}

/** SQL statements of an `op.execute` string: split on `;` outside quotes, comments dropped. */
function splitSql(sql: string): string[] {
  const out: string[] = [];
  let current = "";
  let quote: string | null = null;
  for (let i = 0; i < sql.length; i++) {
    const c = sql[i];
    if (quote) {
      if (c === quote) quote = null;
    } else if (c === "'" || c === '"') quote = c;
    else if (c === "-" && sql[i + 1] === "-") {
      while (i < sql.length && sql[i] !== "\n") i++;
      current += " ";
      continue;
    } else if (c === ";") {
      out.push(current);
      current = "";
      continue;
    }
    current += c;
  }
  out.push(current);
  return out.map((s) => s.replace(/\s+/g, " ").trim()).filter((s) => s !== "");
}

type Ddl =
  | { kind: "createIndex"; table: string; index: IndexDef }
  | { kind: "dropIndex"; name: string; ifExists: boolean }
  | { kind: "renameIndex"; from: string; to: string }
  | { kind: "renameTable"; from: string; to: string }
  | { kind: "renameColumn"; table: string; from: string; to: string }
  | { kind: "dropTable"; table: string };

/** An identifier, maybe quoted, maybe schema-qualified (the schema is dropped). */
const IDENT = '(?:"?[A-Za-z_][\\w$]*"?\\.)?"?([A-Za-z_][\\w$]*)"?';

const CREATE_INDEX = new RegExp(
  `^CREATE (UNIQUE )?INDEX (?:CONCURRENTLY )?(?:IF NOT EXISTS )?${IDENT} ON (?:ONLY )?${IDENT}(?: USING \\w+)? ?\\(`,
  "i",
);
const DROP_INDEX = new RegExp(
  `^DROP INDEX (?:CONCURRENTLY )?(IF EXISTS )?${IDENT}(?: CASCADE| RESTRICT)?$`,
  "i",
);
const RENAME_INDEX = new RegExp(`^ALTER INDEX (?:IF EXISTS )?${IDENT} RENAME TO ${IDENT}$`, "i");
const RENAME_TABLE = new RegExp(
  `^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${IDENT} RENAME TO ${IDENT}$`,
  "i",
);
const RENAME_COLUMN = new RegExp(
  `^ALTER TABLE (?:IF EXISTS )?(?:ONLY )?${IDENT} RENAME (?:COLUMN )?${IDENT} TO ${IDENT}$`,
  "i",
);
const DROP_TABLE = new RegExp(`^DROP TABLE (?:IF EXISTS )?${IDENT}(?: CASCADE| RESTRICT)?$`, "i");

/** The DDL statements the replay understands in raw SQL; null for anything else. */
function parseDdl(statement: string): Ddl | null {
  const create = CREATE_INDEX.exec(statement);
  if (create) {
    // The column list: up to the matching parenthesis (a partial index's WHERE follows it).
    let depth = 1;
    let end = create[0].length;
    while (end < statement.length && depth > 0) {
      if (statement[end] === "(") depth++;
      else if (statement[end] === ")") depth--;
      end++;
    }
    const columns: string[] = [];
    let part = "";
    let level = 0;
    for (const c of statement.slice(create[0].length, end - 1) + ",") {
      if (c === "," && level === 0) {
        const plain =
          /^"?([A-Za-z_][\w$]*)"?(?: (?:ASC|DESC|NULLS FIRST|NULLS LAST|\w+_ops))*$/i.exec(
            part.trim(),
          );
        columns.push(plain ? plain[1] : part.trim());
        part = "";
        continue;
      }
      if (c === "(") level++;
      else if (c === ")") level--;
      part += c;
    }
    return {
      kind: "createIndex",
      table: create[3],
      index: { name: create[2], table: create[3], columns, unique: !!create[1] },
    };
  }
  let m = DROP_INDEX.exec(statement);
  if (m) return { kind: "dropIndex", name: m[2], ifExists: !!m[1] };
  if ((m = RENAME_INDEX.exec(statement))) return { kind: "renameIndex", from: m[1], to: m[2] };
  if ((m = RENAME_TABLE.exec(statement))) return { kind: "renameTable", from: m[1], to: m[2] };
  if ((m = RENAME_COLUMN.exec(statement))) {
    return { kind: "renameColumn", table: m[1], from: m[2], to: m[3] };
  }
  if ((m = DROP_TABLE.exec(statement))) return { kind: "dropTable", table: m[1] };
  return null;
}

/** `index=True` / `unique=True` on a column: an unnamed index, as the model index records it. */
function implicitIndex(table: TableDef, column: ColumnDef): void {
  if (!column.index && !column.unique) return;
  table.indexes.push({
    name: null,
    table: table.name,
    columns: [column.name],
    unique: column.unique,
  });
}

/** The schema being built, with where each table and column came from. */
class SchemaState {
  readonly schema: Schema = new Map();
  readonly createdIn = new Map<string, string>();
  readonly notes: ReplayNote[] = [];
  readonly assumed = new Set<string>();
  /** Named foreign keys (`table\0name` -> local columns), for drop_constraint. */
  private readonly foreignKeys = new Map<string, string[]>();

  private forgetTable(name: string): void {
    this.createdIn.delete(name);
    for (const key of [...this.createdIn.keys()]) {
      if (key.startsWith(`${name}.`)) this.createdIn.delete(key);
    }
  }

  /** The table, created empty (and noted) when no replayed migration made it. */
  private table(replay: FileReplay, at: PyNode, name: string): TableDef {
    let table = this.schema.get(name);
    if (!table) {
      table = { name, columns: new Map(), indexes: [] };
      this.schema.set(name, table);
      this.assumed.add(name);
      replay.note(
        at,
        `table "${name}" is changed before any replayed migration creates it; assumed to exist`,
      );
    }
    return table;
  }

  private column(replay: FileReplay, at: PyNode, table: TableDef, name: string): ColumnDef {
    let column = table.columns.get(name);
    if (!column) {
      column = blankColumn(name);
      table.columns.set(name, column);
      replay.note(
        at,
        `column "${table.name}.${name}" is changed before any replayed migration creates it; assumed to exist`,
      );
    }
    return column;
  }

  createTable(file: string, table: TableDef): void {
    // The last create wins (a table dropped by SQL and made again).
    this.forgetTable(table.name);
    this.assumed.delete(table.name);
    this.schema.set(table.name, table);
    this.createdIn.set(table.name, file);
    for (const column of table.columns.keys()) this.createdIn.set(`${table.name}.${column}`, file);
  }

  dropTable(name: string): void {
    this.schema.delete(name);
    this.assumed.delete(name);
    this.forgetTable(name);
  }

  addColumn(replay: FileReplay, at: PyNode, tableName: string, column: ColumnDef): void {
    const table = this.table(replay, at, tableName);
    table.columns.set(column.name, column);
    implicitIndex(table, column);
    this.createdIn.set(`${tableName}.${column.name}`, replay.file);
  }

  dropColumn(replay: FileReplay, at: PyNode, tableName: string, name: string): void {
    const table = this.table(replay, at, tableName);
    if (!table.columns.delete(name))
      replay.note(at, `column "${tableName}.${name}" to drop not found`);
    // Databases drop the indexes that cover a dropped column.
    table.indexes = table.indexes.filter((i) => !i.columns.includes(name));
    this.createdIn.delete(`${tableName}.${name}`);
  }

  alterColumn(
    replay: FileReplay,
    at: PyNode,
    tableName: string,
    name: string,
    change: { nullable?: boolean | null; type?: string; newName?: string },
  ): void {
    const table = this.table(replay, at, tableName);
    const column = this.column(replay, at, table, name);
    if (change.nullable !== undefined && change.nullable !== null)
      column.nullable = change.nullable;
    if (change.type !== undefined) column.type = change.type;
    const newName = change.newName;
    if (newName === undefined || newName === name) return;
    column.name = newName;
    table.columns = new Map(
      [...table.columns].map(([key, value]) => (key === name ? [newName, value] : [key, value])),
    );
    for (const index of table.indexes)
      index.columns = index.columns.map((c) => (c === name ? newName : c));
    this.retarget(`${tableName}.${name}`, `${tableName}.${newName}`);
    const from = this.createdIn.get(`${tableName}.${name}`);
    this.createdIn.delete(`${tableName}.${name}`);
    if (from !== undefined) this.createdIn.set(`${tableName}.${newName}`, from);
  }

  /** Foreign keys that point at `from` (`table.column`, or a table's prefix) now point at `to`. */
  private retarget(from: string, to: string, prefix = false): void {
    for (const table of this.schema.values()) {
      for (const column of table.columns.values()) {
        const fk = column.foreignKey;
        if (fk === from) column.foreignKey = to;
        else if (prefix && fk?.startsWith(`${from}.`))
          column.foreignKey = to + fk.slice(from.length);
      }
    }
  }

  renameTable(replay: FileReplay, at: PyNode, from: string, to: string): void {
    const table = this.table(replay, at, from);
    this.schema.delete(from);
    this.forgetTable(to);
    table.name = to;
    for (const index of table.indexes) index.table = to;
    this.schema.set(to, table);
    if (this.assumed.delete(from)) this.assumed.add(to);
    this.retarget(from, to, true);
    for (const [key, file] of [...this.createdIn]) {
      if (key === from || key.startsWith(`${from}.`)) {
        this.createdIn.delete(key);
        this.createdIn.set(to + key.slice(from.length), file);
      }
    }
    for (const [key, columns] of [...this.foreignKeys]) {
      if (key.startsWith(`${from}\0`)) {
        this.foreignKeys.delete(key);
        this.foreignKeys.set(to + key.slice(from.length), columns);
      }
    }
  }

  addIndex(replay: FileReplay, at: PyNode, tableName: string, index: IndexDef): void {
    const table = this.table(replay, at, tableName);
    if (index.name !== null) table.indexes = table.indexes.filter((i) => i.name !== index.name);
    table.indexes.push(index);
    if (index.unique && index.columns.length === 1) {
      const column = table.columns.get(index.columns[0]);
      if (column) column.unique = true;
    }
  }

  /** Removes the named index from the table, or from whichever table has it. */
  private removeIndex(name: string, tableName: string | null): IndexDef | null {
    const tables =
      tableName !== null && this.schema.has(tableName)
        ? [this.schema.get(tableName)!]
        : [...this.schema.values()];
    for (const table of tables) {
      const found = table.indexes.find((i) => i.name === name);
      if (found) {
        table.indexes = table.indexes.filter((i) => i !== found);
        return found;
      }
    }
    return null;
  }

  renameIndex(from: string, to: string): void {
    for (const table of this.schema.values()) {
      for (const index of table.indexes) if (index.name === from) index.name = to;
    }
  }

  /** Drops the named index; `ifExists` (an `IF EXISTS` drop) expects it may be missing. */
  dropIndex(
    replay: FileReplay,
    at: PyNode,
    name: string,
    tableName: string | null,
    ifExists = false,
  ): void {
    if (!this.removeIndex(name, tableName) && !ifExists) {
      replay.note(at, `index "${name}" to drop not found`);
    }
  }

  addForeignKey(
    replay: FileReplay,
    at: PyNode,
    tableName: string,
    name: string | null,
    referent: string,
    local: string[],
    remote: string[],
  ): void {
    const table = this.table(replay, at, tableName);
    local.forEach((columnName, i) => {
      const column = this.column(replay, at, table, columnName);
      column.foreignKey = `${referent}.${remote[i] ?? remote[0] ?? "id"}`;
    });
    if (name !== null) this.foreignKeys.set(`${tableName}\0${name}`, local);
  }

  setPrimaryKey(replay: FileReplay, at: PyNode, tableName: string, columns: string[]): void {
    const table = this.table(replay, at, tableName);
    for (const name of columns) {
      const column = this.column(replay, at, table, name);
      column.primaryKey = true;
      column.nullable = false;
    }
  }

  dropConstraint(
    replay: FileReplay,
    at: PyNode,
    name: string,
    tableName: string,
    type: string | null,
  ): void {
    const table = this.table(replay, at, tableName);
    const fkColumns = this.foreignKeys.get(`${tableName}\0${name}`);
    if (fkColumns) {
      this.foreignKeys.delete(`${tableName}\0${name}`);
      for (const c of fkColumns) {
        const column = table.columns.get(c);
        if (column) column.foreignKey = null;
      }
      return;
    }
    if (type === "primary" || type === "check") return;
    if (type !== "foreignkey") {
      const removed = this.removeIndex(name, tableName);
      if (removed) return this.uniqueDropped(table, removed);
    }
    // A foreign key named by a naming convention (`fk_posts_user_id_users`): the one
    // foreign-key column whose name and target table the constraint name contains.
    const named = [...table.columns.values()].filter(
      (c) =>
        c.foreignKey !== null && name.includes(c.name) && name.includes(c.foreignKey.split(".")[0]),
    );
    if (named.length === 1 && (type === "foreignkey" || /^fk/i.test(name))) {
      named[0].foreignKey = null;
      return;
    }
    replay.note(at, `constraint "${name}" to drop not found`);
  }

  private uniqueDropped(table: TableDef, removed: IndexDef): void {
    if (removed.unique && removed.columns.length === 1) {
      const column = table.columns.get(removed.columns[0]);
      const stillUnique = table.indexes.some(
        (i) => i.unique && i.columns.length === 1 && i.columns[0] === removed.columns[0],
      );
      if (column && !stillUnique) column.unique = false;
    }
  }
}

/**
 * A versions directory whose revisions all sit in subdirectories that never
 * name each other's revisions holds one history per subdirectory (Prefect's
 * `versions/postgresql` and `versions/sqlite`, chosen by `env.py` per
 * dialect): each subdirectory becomes an environment of its own. Subdirectories
 * that a history runs across (`versions/2023`, `versions/2024`) stay one.
 */
function splitSubHistories(
  revisions: readonly Revision[],
  homes: ReadonlyMap<Revision, string>,
  environments: Map<string, string>,
): void {
  const byDir = new Map<string, Revision[]>();
  for (const r of revisions) {
    const home = homes.get(r)!;
    byDir.set(home, [...(byDir.get(home) ?? []), r]);
  }
  for (const [dir, members] of byDir) {
    const subOf = (r: Revision) => {
      const rest = dir === "" ? r.file : r.file.slice(dir.length + 1);
      const at = rest.indexOf("/");
      return at < 0 ? null : rest.slice(0, at);
    };
    const subs = new Map<Revision, string | null>(members.map((r) => [r, subOf(r)]));
    const names = new Set(subs.values());
    if (names.has(null) || names.size < 2) continue;
    const idSub = new Map<string, Set<string | null>>();
    for (const [r, sub] of subs) {
      if (r.id !== null) idSub.set(r.id, new Set([...(idSub.get(r.id) ?? []), sub]));
    }
    const crosses = members.some((r) =>
      r.down.some((down) => {
        const where = idSub.get(down);
        return where !== undefined && !where.has(subs.get(r)!);
      }),
    );
    if (crosses) continue;
    for (const [r, sub] of subs) {
      const environment = dir === "" ? sub! : `${dir}/${sub}`;
      r.environment = environment;
      environments.set(environment, environment);
    }
  }
}

function parseRevisionFile(
  host: MigrationHost,
  file: string,
): { ast: PyModule; text: string } | null {
  if (!host.parseText) return host.parsedModule(file);
  const text = host.readText(file);
  const ast = text === null ? null : host.parseText(text, false, file);
  return ast && text !== null ? { ast, text } : null;
}

/**
 * Reads the history: finds the versions directories, reads every revision
 * file's header, orders the graph and replays each `upgrade()` into a schema.
 * Never throws: what cannot be read or replayed becomes a note.
 */
export function loadMigrationHistory(host: MigrationHost): MigrationHistory {
  let versionDirs: VersionDir[] = [];
  try {
    versionDirs = findVersionDirs(host);
  } catch {
    // A configuration this reader cannot follow means no history, not a failed lint.
  }
  const environments = new Map(versionDirs.map((v) => [v.dir, v.environment]));
  // Deepest directory first: a location nested in another belongs to its own environment.
  const byDepth = [...versionDirs].sort((a, b) => b.dir.length - a.dir.length);
  const state = new SchemaState();
  const revisions: Revision[] = [];
  const homes = new Map<Revision, string>();
  const modules = new Map<Revision, { ast: PyModule; text: string }>();
  for (const file of [...host.pythonFiles].sort()) {
    if (file === "__init__.py" || file.endsWith("/__init__.py")) continue;
    const home = byDepth.find((v) => v.dir === "" || file.startsWith(`${v.dir}/`));
    if (!home) continue;
    const parsed = parseRevisionFile(host, file);
    if (!parsed) {
      state.notes.push({ file, line: 1, message: "unreadable or unparsable; not replayed" });
      continue;
    }
    if (!isRevisionModule(parsed.ast)) continue;
    try {
      const revision = readRevision(file, parsed.ast, parsed.text, home.environment);
      revisions.push(revision);
      homes.set(revision, home.dir);
      modules.set(revision, parsed);
    } catch {
      state.notes.push({ file, line: 1, message: "revision header not readable" });
    }
  }

  splitSubHistories(revisions, homes, environments);
  const ids = new Set(revisions.map((r) => `${r.environment}\0${r.id}`));
  for (const r of revisions) {
    for (const down of r.down) {
      if (!ids.has(`${r.environment}\0${down}`)) {
        state.notes.push({
          file: r.file,
          line: r.downLoc?.line ?? 1,
          message: `down_revision "${down}" names no revision; replayed as a base`,
        });
      }
    }
  }
  const heads = [...new Set([...headsByEnvironment(revisions).values()].flat())];

  const { order, cyclic } = orderRevisions(revisions);
  for (const r of cyclic) {
    state.notes.push({
      file: r.file,
      line: r.downLoc?.line ?? 1,
      message: "in a cycle of down_revisions; not replayed",
    });
  }
  // Each environment builds its own database: prefect's postgresql/ and sqlite/ histories
  // both create `events`, with different indexes; dispatch's core and tenant schemas
  // hold different tables. Replayed into one schema they would undo each other.
  const states = new Map<string, SchemaState>();
  for (const revision of order) {
    const parsed = modules.get(revision)!;
    let target = states.get(revision.environment);
    if (!target) states.set(revision.environment, (target = new SchemaState()));
    try {
      modules.delete(revision);
      new FileReplay(target, revision.file, parsed.text, parsed.ast).replayUpgrade();
    } catch {
      target.notes.push({ file: revision.file, line: 1, message: "replay failed; skipped" });
    }
  }
  const schemas = new Map([...states].map(([env, s]) => [env, s.schema]));
  for (const s of states.values()) {
    state.notes.push(...s.notes);
    for (const table of s.assumed) state.assumed.add(table);
    for (const [key, file] of s.createdIn)
      if (!state.createdIn.has(key)) state.createdIn.set(key, file);
  }

  const unfollowed = [
    ...new Set(
      state.notes
        .filter((n) => UNFOLLOWED.test(n.message) && !DATA_ONLY.test(n.message))
        .map((n) => n.file),
    ),
  ];
  let unfollowedTexts: string[] | null = null;
  return {
    mentionedWhereNotReplayed: (name: string): boolean => {
      unfollowedTexts ??= unfollowed.map((file) => host.readText(file) ?? "");
      const quoted = [`"${name}"`, `'${name}'`];
      const created = createdInSql(name);
      return unfollowedTexts.some((t) => quoted.some((q) => t.includes(q)) || created.test(t));
    },
    versionDirs: versionDirs.map((v) => v.dir),
    revisions,
    heads,
    schema: unionOf([...schemas.values()]),
    schemas,
    createdIn: state.createdIn,
    notes: state.notes,
    environments,
    order: order.map((r) => r.file),
    assumedTables: state.assumed,
  };
}

/** Every table of every schema; a table in several has every column and index of each. */
function unionOf(schemas: readonly Schema[]): Schema {
  if (schemas.length === 1) return schemas[0];
  const union: Schema = new Map();
  for (const schema of schemas) {
    for (const [name, table] of schema) {
      let merged = union.get(name);
      if (!merged) union.set(name, (merged = { name, columns: new Map(), indexes: [] }));
      for (const [column, def] of table.columns)
        if (!merged.columns.has(column)) merged.columns.set(column, def);
      merged.indexes.push(...table.indexes);
    }
  }
  return union;
}
