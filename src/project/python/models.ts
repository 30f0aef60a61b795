/**
 * The model index: every SQLAlchemy declarative model of the project (2.0
 * `DeclarativeBase`/`Mapped`/`mapped_column`, legacy `declarative_base()`/`Column`,
 * SQLModel `table=True`, mixins and inheritance, `__tablename__`, `__table_args__`),
 * and `sa.Table(...)` objects. Built once per project from the files that mention
 * models; nothing is imported or run.
 *
 * A class is in the index when its bases lead, through imports and across files,
 * to a declarative base, or when such a class uses it as a base (a mixin). Names
 * are resolved with pyright's binder (`scope.ts`) and `symbols.ts`, never by
 * spelling alone, except where a name cannot be resolved at all (a star import).
 *
 * Decisions worth knowing:
 * - Table names: `__tablename__ = "x"`; SQLModel: the class name lowercased; a
 *   `__tablename__` function (`@declared_attr`) is evaluated when it is simple
 *   (`cls.__name__`, `.lower()`, `+`, f-strings, `re.sub(...)`); otherwise the class
 *   name is snake_cased when the body visibly converts it (`re.`, or a helper
 *   whose name says snake/camel/underscore) and lowercased when not.
 * - A subclass of a concrete model without its own `__tablename__` and
 *   `__table_args__` is single-table inheritance: it maps to the parent's table.
 * - `index=True` gives an index named as SQLAlchemy and Alembic name it,
 *   `ix_<table>_<column>` (or the metadata's `naming_convention["ix"]`);
 *   `unique=True` alone gives an unnamed unique index (the database names it).
 */
import type {
  PyClass,
  PyFunction,
  PyModule,
  PyName,
  PyNode,
} from "../../languages/python/nodes.js";
import { dottedName, forEachDescendant } from "../../languages/python/ast-utils.js";
import { KEYWORD_NONE, OPERATOR_BITWISE_OR } from "../../languages/python/parser.js";
import { qualifiedName, resolveName, type ScopeSource } from "../../languages/python/scope.js";
import type { PythonModuleFacts } from "./imports.js";
import type { PythonModuleIndex } from "./modules.js";
import type { ColumnDef, IndexDef, Schema, SourceLoc, TableDef } from "./schema.js";
import { importedSymbol, symbolOfDotted } from "./symbols.js";

export interface ModelColumn extends ColumnDef {
  /** The Python attribute (`user_id`); may differ from `name` (`mapped_column("user", ...)`). */
  attr: string;
  /** How it is declared: `Mapped[...] = mapped_column(...)`, `Mapped[...]` alone, `Column(...)`, SQLModel `Field`. */
  style: "mapped" | "column" | "sqlmodel";
  /** For `Mapped[...]` attributes: whether the annotation is Optional / `| None`; null otherwise. */
  optionalAnnotation: boolean | null;
  /** Whether `nullable=` was written explicitly (for typed-models' contradiction check). */
  nullableExplicit: boolean;
  /** The attribute's statement (a `@declared_attr` function: its name; a `Table(...)` column: the `Column(...)` call). */
  loc: SourceLoc;
  /**
   * Declared on a mixin or base class rather than on the model itself: that class's
   * name; `"__table__"` for the columns of a `__table__ = Table(...)` assignment.
   */
  inheritedFrom: string | null;
  /**
   * The local columns of a composite `ForeignKeyConstraint([...], [...])` this
   * column is in, in order (`["connector_id", "credential_id"]`); absent for a
   * single-column foreign key.
   */
  foreignKeyColumns?: string[];
}

export interface ModelRelationship {
  attr: string;
  /** The target class name as written (`"User"`, `User`), from the annotation when not an argument; or null. */
  target: string | null;
  /**
   * The literal `lazy=` value (SQLModel: `sa_relationship_kwargs={"lazy": ...}`), `null` when
   * absent, `"?"` when not a literal. `WriteOnlyMapped`/`DynamicMapped` annotations say
   * `"write_only"`/`"dynamic"`.
   */
  lazy: string | null;
  loc: SourceLoc;
}

export interface Model {
  className: string;
  file: string;
  /** The table; null for declarative bases, abstract bases and mixins (no table). */
  table: string | null;
  /** The class name token (a `Table(...)` object: its variable's name). */
  loc: SourceLoc;
  /**
   * The columns the class maps into its table: its own and those of its mixins and
   * abstract bases (`inheritedFrom` set), not those of a concrete parent model.
   */
  columns: ModelColumn[];
  /** Relationships declared on the class itself (a mixin's are on the mixin's entry). */
  relationships: ModelRelationship[];
  /** From `__table_args__` (`Index`, `UniqueConstraint`), module-level `Index(...)` and columns' `index=True`/`unique=True`. */
  indexes: IndexDef[];
  /**
   * Whether instances have a `__repr__` beyond `object`'s: defined on the class or a
   * project base class, generated (SQLModel, `MappedAsDataclass`), or possibly
   * inherited from a library base class that cannot be seen (given the benefit of the doubt).
   */
  hasRepr: boolean;
  /** How the declarative base is set up: 2.0 typed, legacy `declarative_base()`, SQLModel, a `Table(...)` object. */
  style: "declarative" | "legacy" | "sqlmodel" | "table";
  /** Direct base classes as written. */
  bases: string[];
  /** The concrete model class this one inherits from (single-table or joined inheritance), else null. */
  parentModel: string | null;
  /**
   * A base class (anywhere up the hierarchy) comes from a library other than SQLAlchemy,
   * SQLModel, pydantic or the standard library, or could not be resolved: it may add
   * columns nobody can see here (authlib's `OAuth2TokenMixin`).
   */
  opaqueBases: boolean;
}

export interface ModelHost {
  readonly python: PythonModuleIndex;
  readonly pythonFiles: readonly string[];
  moduleFactsOf(file: string): PythonModuleFacts;
  factsOf(file: string): PythonModuleFacts;
  readText(file: string): string | null;
  parsedModule(
    file: string,
    skipBodies?: boolean,
  ): { ast: PyModule; text: string; parseResults: unknown; cache: Map<string, unknown> } | null;
  /** Alembic script directories: their `versions/` files are migrations, never models. */
  alembicDirs?(): ReadonlySet<string>;
}

/** What a class inherits, for rules that ask whether it is, say, a Pydantic model. */
export interface ClassFacts {
  /** Library classes among its ancestors, as imported (`pydantic.BaseModel`, `sqlmodel.SQLModel`). */
  libraries: Set<string>;
  /** A base class somewhere up the project hierarchy could not be followed. */
  unresolvedBase: boolean;
  /** Names defined in its body or a project ancestor's (methods, attributes). */
  members: Set<string>;
  /** The class and its project ancestors as `file#Name`, nearest first; empty for a library class. */
  classes: string[];
}

/** A parsed file as the index reads it: a rule's `PythonSourceCode` is one. */
export interface ModelSource extends ScopeSource {
  readonly ast: PyModule;
  readonly text: string;
}

export class ModelIndex {
  readonly models: readonly Model[];
  readonly #scanner: Scanner | null;
  readonly #mixins: ReadonlySet<string>;
  constructor(
    models: Model[],
    scanner: Scanner | null = null,
    mixins: ReadonlySet<string> = new Set(),
  ) {
    this.models = models;
    this.#scanner = scanner;
    this.#mixins = mixins;
  }
  /** Concrete models (with a table, `Table(...)` objects included) declared in `file`. */
  modelsIn(file: string): Model[] {
    return this.models.filter((m) => m.file === file && m.table !== null);
  }
  /** Every entry declared in `file`: concrete models, bases, abstract classes, mixins. */
  declaredIn(file: string): Model[] {
    return this.models.filter((m) => m.file === file);
  }
  /**
   * The entries of `file` as its current text declares them (an editor buffer, a
   * test case), with base classes in other files read from the project. Same as
   * `declaredIn` when the text is the file on disk.
   */
  modelsOfSource(file: string, source: ModelSource): Model[] {
    const scanner = this.#scanner;
    // A file without a declarative construct is as the index saw it (at most a mixin found through bases).
    if (!scanner || !MARKERS.test(source.text)) return this.declaredIn(file);
    if (scanner.scanOf(file)?.src.text === source.text) return this.declaredIn(file);
    return (
      attempt(() => {
        const overlay = scanner.overlay(file, source);
        return overlay.collect([overlay.scanOf(file)!], this.#mixins).models;
      }) ?? []
    );
  }
  /** The concrete models (with a table) of `file` as its current text declares them. */
  concreteModelsOfSource(file: string, source: ModelSource): Model[] {
    return this.modelsOfSource(file, source).filter((m) => m.table !== null);
  }
  /** The tables the models declare, as a schema: single-table subclasses add to their parent's table. */
  schema(): Schema {
    const schema: Schema = new Map();
    // A single-table subclass adds to its parent's table, after the parent's own columns.
    const sti = (m: Model) =>
      m.parentModel !== null &&
      this.models.some((p) => p.className === m.parentModel && p.table === m.table);
    const concrete = this.models.filter((m) => m.table !== null);
    const ordered = [...concrete.filter((m) => !sti(m)), ...concrete.filter(sti)];
    for (const model of ordered) {
      const name = model.table!;
      let table = schema.get(name);
      if (!table) schema.set(name, (table = { name, columns: new Map(), indexes: [] } as TableDef));
      for (const column of model.columns) {
        if (table.columns.has(column.name)) continue;
        const def: ColumnDef = {
          name: column.name,
          type: column.type,
          nullable: column.nullable,
          primaryKey: column.primaryKey,
          foreignKey: column.foreignKey,
          index: column.index,
          unique: column.unique,
        };
        table.columns.set(column.name, def);
      }
      const seen = new Set(table.indexes.map(indexKey));
      for (const index of model.indexes) {
        if (!seen.has(indexKey(index))) table.indexes.push(index);
        seen.add(indexKey(index));
      }
    }
    return schema;
  }
}

const indexKey = (i: IndexDef) => `${i.name ?? ""}|${i.columns.join(",")}|${i.unique}`;

/** Libraries whose base classes add no columns of their own. */
const TRANSPARENT_LIBRARIES =
  /^(?:sqlalchemy|sqlmodel|pydantic|typing|typing_extensions|abc|builtins|enum|dataclasses|collections)(?:\.|$)/;

/** Calls that declare a column, in an `Annotated[...]` alias or an attribute's value. */
const COLUMN_CALLS = new Set(["mapped_column", "Column", "Field"]);

/** Files worth a full parse: they mention a declarative construct. */
const MARKERS =
  /DeclarativeBase|declarative_base|as_declarative|generate_base|__tablename__|Mapped\[|mapped_column|\bColumn\(|SQLModel|\bTable\(|\brelationship\(/;

/** Every model of the project. */
export function buildModelIndex(host: ModelHost): ModelIndex {
  const scanner = new Scanner(host);
  const scans: FileScan[] = [];
  const alembic = host.alembicDirs?.() ?? new Set<string>();
  const isMigration = (file: string) => {
    const at = file.lastIndexOf("/versions/");
    return at >= 0 && alembic.has(file.slice(0, at));
  };
  for (const file of host.pythonFiles) {
    if (isMigration(file)) continue;
    const text = host.readText(file);
    if (text === null || !MARKERS.test(text)) continue;
    const scan = scanner.scanOf(file);
    if (scan) scans.push(scan);
  }
  const { models, mixins } = scanner.collect(scans, new Set());
  return new ModelIndex(models, scanner, mixins);
}

// ---------------------------------------------------------------------------

interface FileScan {
  file: string;
  src: ModelSource;
  lineStarts: number[];
  /** Module-level classes and assigned values by name (the last binding wins). */
  classes: Map<string, PyClass>;
  values: Map<string, PyNode>;
  functions: Map<string, PyFunction>;
  /** Module-level classes, `X = Table(...)` assignments and `Index(...)` calls, in source order. */
  classList: PyClass[];
  tables: { name: PyName; call: PyNode }[];
  indexCalls: PyNode[];
}

type Target =
  | { kind: "class"; scan: FileScan; node: PyClass }
  | { kind: "value"; scan: FileScan; node: PyNode }
  | { kind: "function"; scan: FileScan; node: PyFunction }
  | { kind: "module"; file: string }
  | { kind: "external"; qname: string };

type BaseRef =
  | { kind: "class"; info: ClassInfo }
  | { kind: "legacy"; scan: FileScan; call: PyNode }
  | { kind: "external"; qname: string }
  | { kind: "unknown" };

interface Attr {
  name: string;
  annotation: PyNode | undefined;
  value: PyNode | undefined;
  node: PyNode;
}

interface Body {
  tablename: { literal: string | null } | { fn: PyFunction } | null;
  tableArgs: PyNode[] | null;
  tableObject: PyNode | null;
  abstract: boolean;
  repr: boolean;
  attrs: Attr[];
}

interface Members {
  columns: ModelColumn[];
  relationships: ModelRelationship[];
}

interface ClassInfo {
  scan: FileScan;
  node: PyClass;
  name: string;
  /** root: a declarative base; mapped: in a declarative hierarchy; sqlmodel: SQLModel without table=True. */
  kind: "root" | "mapped" | "plain" | "sqlmodel";
  style: Model["style"];
  generatedRepr: boolean;
  bases: BaseRef[];
  body?: Body;
  members?: Members;
  table?: string | null;
  parent?: ClassInfo | null;
  columns?: ModelColumn[];
  repr?: boolean;
  facts?: ClassFacts;
}

interface PendingForeignKey {
  column: ModelColumn;
  scan: FileScan;
  expr: PyNode;
}

const COLUMN_EXTRAS = new Set([
  "Sequence",
  "Identity",
  "Computed",
  "FetchedValue",
  "DefaultClause",
  "CheckConstraint",
]);
const COLLECTIONS = new Set(["list", "List", "set", "Set", "dict", "Dict", "Sequence", "tuple"]);
const NO_REPR_LIBRARIES = /^(?:sqlalchemy|typing|typing_extensions|abc|builtins|enum)(?:\.|$)/;

export class Scanner {
  readonly host: ModelHost;
  readonly #parent: Scanner | null;
  readonly #scans = new Map<string, FileScan | null>();
  readonly #infos = new Map<PyClass, ClassInfo>();
  #pending: PendingForeignKey[] = [];

  constructor(host: ModelHost, parent: Scanner | null = null) {
    this.host = host;
    this.#parent = parent;
  }

  /** A scanner that sees `source` as the text of `file` and the project otherwise. */
  overlay(file: string, source: ModelSource): Scanner {
    const overlay = new Scanner(this.host, this);
    overlay.#scans.set(file, makeScan(file, source));
    return overlay;
  }

  scanOf(file: string): FileScan | null {
    if (this.#scans.has(file)) return this.#scans.get(file)!;
    if (this.#parent) return this.#parent.scanOf(file);
    const parsed = this.host.parsedModule(file);
    const scan = parsed ? makeScan(file, parsed) : null;
    this.#scans.set(file, scan);
    return scan;
  }

  /** The models of `scans`, with the mixins their classes use (anywhere) and those named in `knownMixins`. */
  collect(
    scans: FileScan[],
    knownMixins: ReadonlySet<string>,
  ): { models: Model[]; mixins: Set<string> } {
    this.#pending = [];
    const hierarchy: ClassInfo[] = [];
    for (const scan of scans) {
      for (const node of scan.classList) {
        const info = attempt(() => this.classify(scan, node));
        if (info?.kind === "root" || info?.kind === "mapped") hierarchy.push(info);
      }
    }
    const mixins = new Set<ClassInfo>();
    const visit = (info: ClassInfo, style: Model["style"]) => {
      for (const base of info.bases) {
        if (base.kind !== "class") continue;
        const b = base.info;
        if ((b.kind === "plain" || b.kind === "sqlmodel") && !mixins.has(b)) {
          mixins.add(b);
          // A plain mixin takes the style of the first model that uses it.
          if (b.kind === "plain") b.style = style;
          visit(b, style);
        }
      }
    };
    for (const info of hierarchy) visit(info, info.style);
    const inScans = new Set(scans);
    const included = new Set<ClassInfo>(hierarchy);
    for (const m of mixins) if (inScans.has(m.scan) || this.#parent === null) included.add(m);
    for (const scan of scans) {
      for (const node of scan.classList) {
        const info = attempt(() => this.classify(scan, node));
        if (info && info.kind !== "root" && info.kind !== "mapped" && knownMixins.has(keyOf(info)))
          included.add(info);
      }
    }
    const models: Model[] = [];
    // Code the index does not understand (a half-typed class in an editor) loses its entry, never the run.
    const add = (model: Model | null) => model && models.push(model);
    for (const info of included) {
      add(attempt(() => this.modelOf(info, mixins.has(info) || knownMixins.has(keyOf(info)))));
    }
    for (const scan of scans)
      for (const table of scan.tables) add(attempt(() => this.tableModel(scan, table)));
    attempt(() => this.resolveForeignKeys());
    const order = new Map(this.host.pythonFiles.map((f, i) => [f, i]));
    models.sort(
      (a, b) =>
        (order.get(a.file) ?? 0) - (order.get(b.file) ?? 0) ||
        a.loc.line - b.loc.line ||
        a.loc.column - b.loc.column,
    );
    return { models, mixins: new Set([...mixins].map(keyOf)) };
  }

  /**
   * What a class expression (`PostCreate`, `schemas.PostCreate`) or a class
   * statement of `file` inherits, through project bases in any file: the library
   * classes at the top of its hierarchy, as imported (`pydantic.BaseModel`), and the
   * names its project classes define. A library class is its own only ancestor. Null
   * when the expression is not a class.
   */
  classFacts(file: string, expr: PyNode | PyClass): ClassFacts | null {
    const scan = this.scanOf(file);
    if (!scan) return null;
    if (expr.type === "Class") {
      return attempt(() => this.factsOfInfo(this.classify(scan, expr as PyClass)));
    }
    const target = attempt(() => this.targetOf(scan, expr as PyNode));
    if (target?.kind === "external") {
      return {
        libraries: new Set([target.qname]),
        unresolvedBase: false,
        members: new Set(),
        classes: [],
      };
    }
    if (target?.kind !== "class") return null;
    return attempt(() => this.factsOfInfo(this.classify(target.scan, target.node)));
  }

  private factsOfInfo(info: ClassInfo): ClassFacts {
    if (info.facts) return info.facts;
    const facts: ClassFacts = {
      libraries: new Set(),
      unresolvedBase: false,
      members: new Set(),
      classes: [],
    };
    for (const current of [info, ...this.ancestors(info, false)]) {
      facts.classes.push(`${current.scan.file}#${current.name}`);
      for (const base of current.bases) {
        if (base.kind === "external") facts.libraries.add(base.qname);
        else if (base.kind !== "class") facts.unresolvedBase = true;
      }
      for (const statement of current.node.d.suite.d.statements) {
        if (statement.type === "Function") {
          facts.members.add((statement as unknown as PyFunction).d.name.d.value);
        } else if (statement.type === "StatementList") {
          for (const simple of statement.d.statements as PyNode[]) {
            let target = simple.type === "Assignment" ? (simple.d.leftExpr as PyNode) : simple;
            if (target.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
            if (target.type === "Name") facts.members.add((target as unknown as PyName).d.value);
          }
        }
      }
    }
    info.facts = facts;
    return facts;
  }

  // --- classes ---------------------------------------------------------------

  private infoOf(node: PyClass): ClassInfo | undefined {
    return this.#infos.get(node) ?? this.#parent?.infoOf(node);
  }

  private classify(scan: FileScan, node: PyClass): ClassInfo {
    const known = this.infoOf(node);
    if (known) return known;
    const info: ClassInfo = {
      scan,
      node,
      name: node.d.name.d.value,
      kind: "plain",
      style: "declarative",
      generatedRepr: false,
      bases: [],
    };
    // Registered first: a class hierarchy that loops through imports ends here.
    this.#infos.set(node, info);
    const table = node.d.arguments.some(
      (a) => a.d.name?.d.value === "table" && textOf(scan, a.d.valueExpr) === "True",
    );
    const rank = { plain: 0, sqlmodel: 1, mapped: 2, root: 3 };
    const promote = (kind: ClassInfo["kind"], style: Model["style"]) => {
      if (rank[kind] > rank[info.kind]) Object.assign(info, { kind, style });
    };
    for (const arg of node.d.arguments) {
      if (arg.d.name || arg.d.argCategory !== 0) continue;
      let expr = arg.d.valueExpr;
      if (expr.type === "Index") expr = expr.d.leftExpr as PyNode;
      const base = this.baseRef(scan, expr);
      info.bases.push(base);
      if (base.kind === "legacy") promote("mapped", "legacy");
      else if (base.kind === "external") {
        const last = lastPart(base.qname);
        if (/^sqlalchemy\./.test(base.qname) && /^DeclarativeBase(NoMeta)?$/.test(last)) {
          promote("root", "declarative");
        } else if (/^sqlalchemy\./.test(base.qname) && last === "MappedAsDataclass") {
          info.generatedRepr = true;
        } else if (/^sqlmodel\./.test(base.qname) && last === "SQLModel") {
          promote(table ? "mapped" : "sqlmodel", "sqlmodel");
        }
      } else if (base.kind === "class") {
        const b = base.info;
        if (b.generatedRepr) info.generatedRepr = true;
        if (b.kind === "root" || b.kind === "mapped") promote("mapped", b.style);
        else if (b.kind === "sqlmodel") promote(table ? "mapped" : "sqlmodel", "sqlmodel");
      }
    }
    for (const decorator of node.d.decorators) {
      let expr = decorator.d.expr;
      const called = expr.type === "Call";
      if (called) expr = expr.d.leftExpr as PyNode;
      const last = lastPart(dottedName(expr) ?? "");
      if (called && this.libraryName(scan, expr) === "as_declarative") promote("root", "legacy");
      if ((last === "mapped" || last === "mapped_as_dataclass") && expr.type === "MemberAccess") {
        const registry = this.targetOf(scan, expr.d.leftExpr as PyNode);
        if (registry?.kind === "value" && this.isCallOf(registry.scan, registry.node, "registry")) {
          promote("mapped", "declarative");
          if (last === "mapped_as_dataclass") info.generatedRepr = true;
        }
      }
    }
    if (info.style === "sqlmodel") info.generatedRepr = true;
    return info;
  }

  private baseRef(scan: FileScan, expr: PyNode): BaseRef {
    const target = this.targetOf(scan, expr);
    if (!target) return { kind: "unknown" };
    if (target.kind === "class")
      return { kind: "class", info: this.classify(target.scan, target.node) };
    if (target.kind === "external") return target;
    if (target.kind === "value" && this.isLegacyBase(target.scan, target.node))
      return { kind: "legacy", scan: target.scan, call: target.node };
    return { kind: "unknown" };
  }

  /** `declarative_base(...)`, `registry(...).generate_base()`, `mapper_registry.generate_base()`. */
  private isLegacyBase(scan: FileScan, value: PyNode): boolean {
    if (value.type !== "Call") return false;
    const callee = value.d.leftExpr as PyNode;
    if (callee.type === "MemberAccess" && (callee.d.member as PyName).d.value === "generate_base")
      return true;
    return this.libraryName(scan, callee) === "declarative_base";
  }

  private isCallOf(scan: FileScan, value: PyNode, name: string): boolean {
    return value.type === "Call" && this.libraryName(scan, value.d.leftExpr as PyNode) === name;
  }

  /**
   * The last part of a name that may be SQLAlchemy's or SQLModel's own: imported from
   * them (or from a project module re-exporting it), or not resolvable at all (a star
   * import). A local class or variable of the same name is not.
   */
  private libraryName(scan: FileScan, expr: PyNode | undefined): string | null {
    const dotted = dottedName(expr);
    if (!dotted) return null;
    const q = qualifiedName(scan.src, expr);
    if (q === null) {
      let root = expr as PyNode;
      while (root.type === "MemberAccess") root = root.d.leftExpr as PyNode;
      const resolved = resolveName(scan.src, root as unknown as PyName);
      return resolved.kind === "unresolved" ? lastPart(dotted) : null;
    }
    const first = q.split(".")[0];
    const ours = /^(?:sqlalchemy|sqlmodel)$/.test(first) || q.startsWith(".");
    return ours || this.host.python.fileOf(first) !== null ? lastPart(q) : null;
  }

  /** What a Name or dotted name refers to: a project class or value, a module, or a library name. */
  private targetOf(scan: FileScan, expr: PyNode, depth = 0): Target | null {
    if (depth > 8) return null;
    if (expr.type === "Name") {
      const resolved = resolveName(scan.src, expr as unknown as PyName);
      if (resolved.kind === "class")
        return { kind: "class", scan, node: resolved.node as unknown as PyClass };
      if (resolved.kind === "variable") {
        const value = resolved.assignedValue;
        if (!value) return null;
        if (value.type === "Name" || value.type === "MemberAccess")
          return this.targetOf(scan, value, depth + 1);
        return { kind: "value", scan, node: value };
      }
      if (resolved.kind === "function")
        return { kind: "function", scan, node: resolved.node as unknown as PyFunction };
      if (resolved.kind === "builtin")
        return { kind: "external", qname: `builtins.${resolved.name}` };
      if (resolved.kind !== "import") return null;
      const symbol = importedSymbol(this.host, scan.file, resolved.module, resolved.name);
      if (symbol) {
        return symbol.name === null
          ? { kind: "module", file: symbol.file }
          : this.moduleMember(symbol.file, symbol.name, depth + 1);
      }
      if (resolved.module.startsWith(".")) return null;
      return {
        kind: "external",
        qname: resolved.name ? `${resolved.module}.${resolved.name}` : resolved.module,
      };
    }
    if (expr.type !== "MemberAccess") return null;
    const left = this.targetOf(scan, expr.d.leftExpr as PyNode, depth + 1);
    const member = (expr.d.member as PyName).d.value;
    if (left?.kind === "external") return { kind: "external", qname: `${left.qname}.${member}` };
    if (left?.kind !== "module") return null;
    const dotted = dottedName(expr);
    const symbol = dotted ? symbolOfDotted(this.host, scan.file, dotted) : null;
    if (!symbol) return null;
    return symbol.name === null
      ? { kind: "module", file: symbol.file }
      : this.moduleMember(symbol.file, symbol.name, depth + 1);
  }

  /** A module-level name of a project file, following its own imports (re-exports). */
  private moduleMember(file: string, name: string, depth: number): Target | null {
    const scan = this.scanOf(file);
    if (!scan) return null;
    const cls = scan.classes.get(name);
    if (cls) return { kind: "class", scan, node: cls };
    const fn = scan.functions.get(name);
    if (fn) return { kind: "function", scan, node: fn };
    const value = scan.values.get(name);
    if (value) {
      if (value.type === "Name" || value.type === "MemberAccess")
        return this.targetOf(scan, value, depth + 1);
      return { kind: "value", scan, node: value };
    }
    const symbol = symbolOfDotted(this.host, file, name);
    if (!symbol || symbol.name === null || (symbol.file === file && symbol.name === name))
      return null;
    return depth > 8 ? null : this.moduleMember(symbol.file, symbol.name, depth + 1);
  }

  /** The class's project ancestors, nearest first (depth-first, left to right: close to the MRO). */
  private ancestors(info: ClassInfo, stopAtConcrete: boolean): ClassInfo[] {
    const out: ClassInfo[] = [];
    const seen = new Set<ClassInfo>([info]);
    const walk = (current: ClassInfo) => {
      for (const base of current.bases) {
        if (base.kind !== "class" || seen.has(base.info)) continue;
        seen.add(base.info);
        if (stopAtConcrete && this.tableOf(base.info) !== null) continue;
        out.push(base.info);
        walk(base.info);
      }
    };
    walk(info);
    return out;
  }

  // --- class bodies ----------------------------------------------------------

  private bodyOf(info: ClassInfo): Body {
    if (info.body) return info.body;
    const body: Body = {
      tablename: null,
      tableArgs: null,
      tableObject: null,
      abstract: false,
      repr: false,
      attrs: [],
    };
    info.body = body;
    const { scan } = info;
    for (const statement of info.node.d.suite.d.statements) {
      if (statement.type === "Function") {
        const fn = statement as unknown as PyFunction;
        const name = fn.d.name.d.value;
        if (name === "__repr__") body.repr = true;
        else if (name === "__tablename__") body.tablename = { fn };
        else if (name === "__table_args__") body.tableArgs = returnedValues(fn);
        else if (
          !isDunder(name) &&
          fn.d.decorators.some((d) => /declared_attr/.test(textOf(scan, d.d.expr)))
        ) {
          const value = returnedValues(fn)[0];
          body.attrs.push({
            name,
            annotation: fn.d.returnAnnotation,
            value,
            node: fn.d.name as unknown as PyNode,
          });
        }
        continue;
      }
      if (statement.type !== "StatementList") continue;
      for (const simple of statement.d.statements as PyNode[]) {
        let target: PyNode | undefined;
        let annotation: PyNode | undefined;
        let value: PyNode | undefined;
        if (simple.type === "Assignment") {
          target = simple.d.leftExpr as PyNode;
          value = simple.d.rightExpr as PyNode;
        } else if (simple.type === "TypeAnnotation") target = simple;
        if (target?.type === "TypeAnnotation") {
          annotation = target.d.annotation as PyNode;
          target = target.d.valueExpr as PyNode;
        }
        if (target?.type !== "Name") continue;
        const name = (target as unknown as PyName).d.value;
        if (name === "__tablename__" && value) {
          body.tablename = { literal: stringValue(value) };
        } else if (name === "__table_args__" && value) body.tableArgs = [value];
        else if (name === "__table__" && value) body.tableObject = value;
        else if (name === "__abstract__")
          body.abstract = value !== undefined && textOf(scan, value) === "True";
        else if (name === "__repr__") body.repr = true;
        else if (!isDunder(name)) body.attrs.push({ name, annotation, value, node: simple });
      }
    }
    return body;
  }

  private membersOf(info: ClassInfo): Members {
    if (info.members) return info.members;
    const members: Members = { columns: [], relationships: [] };
    info.members = members;
    const sqlmodel = info.style === "sqlmodel" && info.kind !== "plain";
    for (const attr of this.bodyOf(info).attrs) {
      if (sqlmodel) this.sqlmodelMember(info.scan, attr, members);
      else this.sqlalchemyMember(info.scan, attr, members);
    }
    const tableObject = this.bodyOf(info).tableObject;
    if (tableObject?.type === "Call") {
      for (const column of this.tableColumns(info.scan, tableObject)) {
        members.columns.push({ ...column, inheritedFrom: "__table__" });
      }
    }
    return members;
  }

  private sqlalchemyMember(scan: FileScan, attr: Attr, out: Members): void {
    const head = attr.annotation ? this.annotationHead(scan, attr.annotation) : null;
    if (head === "ClassVar") return;
    let call = attr.value?.type === "Call" ? attr.value : undefined;
    let callee = call ? this.libraryName(scan, call.d.leftExpr as PyNode) : null;
    const inner =
      call && (callee === "deferred" || callee === "column_property") ? firstArg(call) : undefined;
    if (inner?.type === "Call") {
      call = inner;
      callee = this.libraryName(scan, inner.d.leftExpr as PyNode);
    }
    const mappedType = head === "Mapped" ? typeArgument(attr.annotation!) : undefined;
    if (callee === "relationship" || callee === "dynamic_loader") {
      const lazy =
        head === "WriteOnlyMapped" ? "write_only" : head === "DynamicMapped" ? "dynamic" : null;
      out.relationships.push(this.relationship(scan, attr, call!, lazy));
      return;
    }
    if (callee === "mapped_column" || callee === "Column") {
      const style = callee === "Column" ? "column" : "mapped";
      out.columns.push(this.column(scan, attr, call!, style, mappedType));
    } else if (!attr.value && mappedType && !this.looksRelated(scan, mappedType)) {
      out.columns.push(this.column(scan, attr, undefined, "mapped", mappedType));
    }
  }

  private sqlmodelMember(scan: FileScan, attr: Attr, out: Members): void {
    if (!attr.annotation || attr.name.startsWith("_") || attr.name === "model_config") return;
    if (this.annotationHead(scan, attr.annotation) === "ClassVar") return;
    const call = attr.value?.type === "Call" ? attr.value : undefined;
    const callee = call ? this.libraryName(scan, call.d.leftExpr as PyNode) : null;
    if (callee === "Relationship") {
      out.relationships.push(this.relationship(scan, attr, call!, null));
      return;
    }
    if (callee !== "Field" && !attr.value && this.looksRelated(scan, attr.annotation)) return;
    out.columns.push(
      this.column(scan, attr, callee === "Field" ? call : undefined, "sqlmodel", attr.annotation),
    );
  }

  /** The head of an annotation (`Mapped`, `ClassVar`), when it is the library's or typing's. */
  private annotationHead(scan: FileScan, annotation: PyNode): string | null {
    const head = annotation.type === "Index" ? (annotation.d.leftExpr as PyNode) : annotation;
    const name = this.libraryName(scan, head);
    if (name) return name;
    const q = qualifiedName(scan.src, head);
    return q && /^typing(?:_extensions)?\.ClassVar$/.test(q) ? "ClassVar" : null;
  }

  /** A type that names related objects rather than a column: a collection, a forward reference, a model. */
  private looksRelated(scan: FileScan, type: PyNode): boolean {
    const t = stripOptional(type);
    if (t.type === "StringList") return true;
    if (t.type === "Index")
      return COLLECTIONS.has(lastPart(dottedName(t.d.leftExpr as PyNode) ?? ""));
    if (t.type !== "Name" && t.type !== "MemberAccess") return false;
    const target = this.targetOf(scan, t);
    if (target?.kind !== "class") return false;
    const kind = this.classify(target.scan, target.node).kind;
    return kind === "mapped" || kind === "root";
  }

  private column(
    scan: FileScan,
    attr: Attr,
    call: PyNode | undefined,
    style: ModelColumn["style"],
    type: PyNode | undefined,
  ): ModelColumn {
    const own = call ? this.columnArgs(scan, call) : emptyArgs();
    let args = own;
    let typeText: string | null = null;
    const optional = type ? isOptional(type) : null;
    const inner = type ? stripOptional(type) : undefined;
    if (inner) {
      // `intpk = Annotated[int, mapped_column(primary_key=True)]`: the alias gives defaults.
      const alias = inner.type === "Name" ? this.targetOf(scan, inner) : null;
      if (alias?.kind === "value" && isAnnotated(alias.node)) {
        const items = (alias.node.d.items as PyNode[]).map((i) => i.d.valueExpr as PyNode);
        typeText = textOf(alias.scan, stripOptional(items[0]));
        // Only a column construct gives defaults: pydantic's `Annotated[X, Field(discriminator=...)]`
        // (polar's `Aggregation`) is a type alias that says nothing about the column.
        const aliasCall = items
          .slice(1)
          .find(
            (i) =>
              i.type === "Call" &&
              COLUMN_CALLS.has(this.libraryName(alias.scan, i.d.leftExpr as PyNode) ?? ""),
          );
        if (aliasCall) args = mergeArgs(own, this.columnArgs(alias.scan, aliasCall));
      } else if (isAnnotated(inner)) {
        typeText = textOf(scan, (inner.d.items as PyNode[])[0].d.valueExpr as PyNode);
      } else typeText = textOf(scan, inner);
    }
    const primaryKey = args.primaryKey ?? false;
    let nullable: boolean | null;
    if (args.nullable !== undefined) nullable = args.nullable;
    else if (primaryKey) nullable = false;
    else if (style === "column" || args.saColumn) nullable = true;
    else nullable = optional ?? true;
    const column: ModelColumn = {
      name: args.name ?? attr.name,
      type: args.type ?? typeText,
      nullable,
      primaryKey,
      foreignKey: args.foreignKey?.text ?? null,
      index: args.index ?? false,
      unique: args.unique ?? false,
      attr: attr.name,
      style,
      // `Mapped[Any]` says nothing about None either way.
      optionalAnnotation:
        style === "mapped" && !(inner && /^(?:typing\.)?Any$|^object$/.test(textOf(scan, inner)))
          ? optional
          : null,
      nullableExplicit: own.nullable !== undefined,
      loc: locOf(scan, attr.node),
      inheritedFrom: null,
    };
    const fk = args.foreignKey;
    if (fk?.expr) this.#pending.push({ column, scan: fk.scan, expr: fk.expr });
    return column;
  }

  /** The arguments of `mapped_column(...)`, `Column(...)` or SQLModel's `Field(...)`. */
  private columnArgs(scan: FileScan, call: PyNode): ColumnArgs {
    const out = emptyArgs();
    (call.d.args as PyNode[]).forEach((arg, i) => {
      const value = arg.d.valueExpr as PyNode;
      const keyword = (arg.d.name as PyName | undefined)?.d.value;
      if (keyword === undefined) {
        if (arg.d.argCategory !== 0) return;
        const s = stringValue(value);
        if (s !== null) {
          if (i === 0) out.name = s;
          return;
        }
        const callee =
          value.type === "Call" ? this.libraryName(scan, value.d.leftExpr as PyNode) : null;
        if (callee === "ForeignKey") out.foreignKey ??= foreignKeyOf(scan, value);
        else if (!(callee && COLUMN_EXTRAS.has(callee))) out.type ??= textOf(scan, value);
        return;
      }
      switch (keyword) {
        case "name":
          out.name = stringValue(value) ?? out.name;
          break;
        case "type_":
        case "sa_type":
          out.type = textOf(scan, value);
          break;
        case "nullable":
          out.nullable = boolValue(scan, value);
          break;
        case "primary_key":
          out.primaryKey = boolValue(scan, value) === true;
          break;
        case "unique":
          out.unique = boolValue(scan, value) === true;
          break;
        case "index":
          out.index = boolValue(scan, value) === true;
          break;
        case "foreign_key": {
          const s = stringValue(value);
          out.foreignKey = {
            text: s ?? textOf(scan, value),
            scan,
            expr: s === null && value.type === "MemberAccess" ? value : null,
          };
          break;
        }
        case "sa_column":
          // SQLModel uses the Column as it is: its nullability is SQLAlchemy's.
          if (value.type === "Call")
            Object.assign(out, definedOnly(this.columnArgs(scan, value)), { saColumn: true });
          break;
      }
    });
    return out;
  }

  private relationship(
    scan: FileScan,
    attr: Attr,
    call: PyNode,
    lazyFromAnnotation: string | null,
  ): ModelRelationship {
    const first = firstArg(call);
    let target: string | null = null;
    if (first) target = stringValue(first) ?? textOf(scan, first);
    else if (attr.annotation) {
      let t = stripOptional(attr.annotation);
      while (t.type === "Index" && (t.d.items as PyNode[]).length > 0)
        t = stripOptional((t.d.items as PyNode[])[0].d.valueExpr as PyNode);
      target = stringValue(t) ?? textOf(scan, t);
    }
    let lazy: string | null = lazyFromAnnotation;
    for (const arg of call.d.args as PyNode[]) {
      const keyword = (arg.d.name as PyName | undefined)?.d.value;
      const value = arg.d.valueExpr as PyNode;
      if (keyword === "lazy") lazy = stringValue(value) ?? "?";
      else if (keyword === "sa_relationship_kwargs") {
        if (value.type !== "Dictionary") lazy = "?";
        for (const entry of value.type === "Dictionary" ? (value.d.items as PyNode[]) : []) {
          if (entry.type !== "DictionaryKeyEntry") lazy = "?";
          else if (stringValue(entry.d.keyExpr as PyNode) === "lazy")
            lazy = stringValue(entry.d.valueExpr as PyNode) ?? "?";
        }
      } else if (keyword === "sa_relationship" && value.type === "Call") {
        lazy = this.relationship(scan, attr, value, null).lazy;
      }
    }
    return { attr: attr.name, target, lazy, loc: locOf(scan, attr.node) };
  }

  // --- tables, columns, indexes ------------------------------------------------

  private tableOf(info: ClassInfo): string | null {
    if (info.table !== undefined) return info.table;
    info.table = null;
    info.parent = null;
    if (info.kind !== "mapped") return null;
    const body = this.bodyOf(info);
    if (body.abstract) return null;
    const parent =
      info.bases
        .map((b) => (b.kind === "class" && b.info.kind === "mapped" ? b.info : null))
        .find((b) => b !== null && this.tableOf(b) !== null) ?? null;
    info.parent = parent;
    const parentTable = parent ? this.tableOf(parent) : null;
    let table: string | null = null;
    if (body.tableObject?.type === "Call") table = stringValue(firstArg(body.tableObject));
    else if (body.tablename && "literal" in body.tablename)
      table = body.tablename.literal ?? parentTable;
    else if (parent && !body.tableArgs) table = parentTable;
    else {
      for (const a of [info, ...this.ancestors(info, true)]) {
        const tn = this.bodyOf(a).tablename;
        if (!tn) continue;
        table = "literal" in tn ? tn.literal : this.tablenameFromFunction(a.scan, tn.fn, info.name);
        break;
      }
      if (table === null && info.style === "sqlmodel") table = info.name.toLowerCase();
      table ??= parentTable;
    }
    info.table = table;
    return table;
  }

  /**
   * What a `@declared_attr def __tablename__(cls)` returns for `className`: evaluated when
   * simple, else snake_case when the body, or a project function it calls, visibly
   * converts case (`re.`, a name saying snake/camel/underscore), else lowercased.
   */
  private tablenameFromFunction(scan: FileScan, fn: PyFunction, className: string): string {
    const value = returnedValues(fn)[0];
    const evaluated = value ? evaluate(scan, value, className) : null;
    if (evaluated !== null) return evaluated;
    const texts = [textOf(scan, fn.d.suite as unknown as PyNode)];
    forEachDescendant(fn.d.suite, (node) => {
      if (node.type !== "Call" || (node.d.leftExpr as PyNode).type !== "Name") return;
      const helper = this.targetOf(scan, node.d.leftExpr as PyNode);
      if (helper?.kind === "function") texts.push(textOf(helper.scan, helper.node));
    });
    return texts.some((t) => /\bre\.|snake|camel|underscore/i.test(t))
      ? snakeCase(className)
      : className.toLowerCase();
  }

  private columnsOf(info: ClassInfo): ModelColumn[] {
    if (info.columns) return info.columns;
    const byAttr = new Map<string, ModelColumn>();
    for (const column of this.membersOf(info).columns) byAttr.set(column.attr, { ...column });
    for (const ancestor of this.ancestors(info, true)) {
      for (const column of this.membersOf(ancestor).columns) {
        if (!byAttr.has(column.attr))
          byAttr.set(column.attr, {
            ...column,
            inheritedFrom: column.inheritedFrom ?? ancestor.name,
          });
      }
    }
    // Copies carry their foreign keys once those are resolved.
    for (const pending of [...this.#pending]) {
      const copy = byAttr.get(pending.column.attr);
      if (copy && copy !== pending.column && copy.loc === pending.column.loc) {
        this.#pending.push({ ...pending, column: copy });
      }
    }
    info.columns = [...byAttr.values()];
    return info.columns;
  }

  private indexesOf(info: ClassInfo, table: string, columns: ModelColumn[]): IndexDef[] {
    const indexes: IndexDef[] = [];
    const byAttr = new Map(columns.map((c) => [c.attr, c]));
    let argsOwner: ClassInfo | null = null;
    for (const a of [info, ...this.ancestors(info, true)]) {
      if (this.bodyOf(a).tableArgs) {
        argsOwner = a;
        break;
      }
    }
    const entries: { scan: FileScan; call: PyNode }[] = [];
    for (const value of argsOwner ? this.bodyOf(argsOwner).tableArgs! : []) {
      const items =
        value.type === "Tuple" || value.type === "List" ? (value.d.items as PyNode[]) : [value];
      for (const item of items)
        if (item.type === "Call") entries.push({ scan: argsOwner!.scan, call: item });
    }
    // Module-level `Index("ix_posts_user_id", Post.user_id)` after the class.
    for (const call of info.scan.indexCalls) {
      const refersHere = (call.d.args as PyNode[]).some((a) => {
        const v = a.d.valueExpr as PyNode;
        const left = v.type === "MemberAccess" ? (v.d.leftExpr as PyNode) : null;
        const target = left?.type === "Name" ? this.targetOf(info.scan, left) : null;
        return target?.kind === "class" && target.node === info.node;
      });
      if (refersHere) entries.push({ scan: info.scan, call });
    }
    for (const { scan, call } of entries) {
      const index = this.constraintIndex(scan, call, table, (expr) =>
        columnNameOf(scan, expr, byAttr),
      );
      if (index) indexes.push(index);
      else if (this.libraryName(scan, call.d.leftExpr as PyNode) === "ForeignKeyConstraint") {
        applyForeignKeyConstraint(
          scan,
          call,
          (c) => byAttr.get(c) ?? columns.find((x) => x.name === c),
        );
      }
    }
    const convention = this.namingConvention(info);
    for (const column of columns) indexes.push(...columnIndexes(table, column, convention));
    return indexes;
  }

  /** `Index(...)` / `UniqueConstraint(...)` as an index; null for other calls. */
  private constraintIndex(
    scan: FileScan,
    call: PyNode,
    table: string,
    nameOf: (expr: PyNode) => string,
  ): IndexDef | null {
    const kind = this.libraryName(scan, call.d.leftExpr as PyNode);
    if (kind !== "Index" && kind !== "UniqueConstraint") return null;
    let name: string | null = null;
    let unique = kind === "UniqueConstraint";
    const columns: string[] = [];
    (call.d.args as PyNode[]).forEach((arg, i) => {
      const value = arg.d.valueExpr as PyNode;
      const keyword = (arg.d.name as PyName | undefined)?.d.value;
      if (keyword === "name") name = stringValue(value);
      else if (keyword === "unique") unique = boolValue(scan, value) === true;
      else if (keyword === undefined && arg.d.argCategory === 0) {
        if (kind === "Index" && i === 0) name = stringValue(value);
        else columns.push(nameOf(value));
      }
    });
    return { name, table, columns, unique };
  }

  /** The base's `MetaData(naming_convention=...)`: a `metadata = ...` attribute, or `declarative_base(metadata=...)`. */
  private namingConvention(info: ClassInfo): Record<string, string> | null {
    for (const a of [info, ...this.ancestors(info, false)]) {
      const attr = this.bodyOf(a).attrs.find((x) => x.name === "metadata" && x.value);
      if (attr) return this.metadataConvention(a.scan, attr.value!);
      for (const base of a.bases) {
        if (base.kind !== "legacy" || base.call.type !== "Call") continue;
        const arg = (base.call.d.args as PyNode[]).find(
          (x) => (x.d.name as PyName | undefined)?.d.value === "metadata",
        );
        if (arg) return this.metadataConvention(base.scan, arg.d.valueExpr as PyNode);
      }
    }
    return null;
  }

  /** The naming convention of a `Table(name, Base.metadata, ...)`'s metadata. */
  private tableConvention(scan: FileScan, call: PyNode): Record<string, string> | null {
    const metadata = (call.d.args as PyNode[]).filter((a) => !a.d.name)[1]?.d.valueExpr as
      PyNode | undefined;
    if (!metadata) return null;
    if (metadata.type === "MemberAccess" && (metadata.d.member as PyName).d.value === "metadata") {
      const owner = this.targetOf(scan, metadata.d.leftExpr as PyNode);
      if (owner?.kind === "class")
        return this.namingConvention(this.classify(owner.scan, owner.node));
    }
    return this.metadataConvention(scan, metadata);
  }

  private metadataConvention(scan: FileScan, expr: PyNode): Record<string, string> | null {
    if (expr.type === "Name" || expr.type === "MemberAccess") {
      const target = this.targetOf(scan, expr);
      return target?.kind === "value" ? this.metadataConvention(target.scan, target.node) : null;
    }
    return expr.type === "Call" ? this.conventionOf(scan, expr) : null;
  }

  private conventionOf(scan: FileScan, metadataCall: PyNode): Record<string, string> | null {
    const arg = (metadataCall.d.args as PyNode[]).find(
      (a) => (a.d.name as PyName | undefined)?.d.value === "naming_convention",
    );
    let dict = arg?.d.valueExpr as PyNode | undefined;
    if (dict?.type === "Name") {
      const target = this.targetOf(scan, dict);
      dict = target?.kind === "value" ? target.node : undefined;
    }
    if (dict?.type !== "Dictionary") return null;
    const out: Record<string, string> = {};
    for (const entry of dict.d.items as PyNode[]) {
      if (entry.type !== "DictionaryKeyEntry") continue;
      const key = stringValue(entry.d.keyExpr as PyNode);
      const value = stringValue(entry.d.valueExpr as PyNode);
      if (key !== null && value !== null) out[key] = value;
    }
    return out;
  }

  /** The columns of a `Table("name", metadata, Column(...), ...)` call. */
  private tableColumns(scan: FileScan, call: PyNode): ModelColumn[] {
    const columns: ModelColumn[] = [];
    for (const arg of call.d.args as PyNode[]) {
      const value = arg.d.valueExpr as PyNode;
      if (
        arg.d.name ||
        value.type !== "Call" ||
        this.libraryName(scan, value.d.leftExpr as PyNode) !== "Column"
      )
        continue;
      const name = stringValue(firstArg(value));
      if (name === null) continue;
      columns.push(
        this.column(
          scan,
          { name, annotation: undefined, value, node: value },
          value,
          "column",
          undefined,
        ),
      );
    }
    return columns;
  }

  private tableModel(scan: FileScan, entry: { name: PyName; call: PyNode }): Model {
    const table = stringValue(firstArg(entry.call)) ?? entry.name.d.value;
    const columns = this.tableColumns(scan, entry.call);
    const byName = new Map(columns.map((c) => [c.name, c]));
    const indexes: IndexDef[] = [];
    for (const arg of entry.call.d.args as PyNode[]) {
      const value = arg.d.valueExpr as PyNode;
      if (arg.d.name || value.type !== "Call") continue;
      const index = this.constraintIndex(
        scan,
        value,
        table,
        (expr) => stringValue(expr) ?? columnNameOf(scan, expr, new Map()),
      );
      if (index) indexes.push(index);
      const kind = this.libraryName(scan, value.d.leftExpr as PyNode);
      if (kind === "ForeignKeyConstraint")
        applyForeignKeyConstraint(scan, value, (c) => byName.get(c));
      if (kind === "PrimaryKeyConstraint") {
        for (const a of value.d.args as PyNode[]) {
          const column = a.d.name
            ? undefined
            : byName.get(stringValue(a.d.valueExpr as PyNode) ?? "");
          if (column)
            Object.assign(column, {
              primaryKey: true,
              nullable: column.nullableExplicit ? column.nullable : false,
            });
        }
      }
    }
    const convention = attempt(() => this.tableConvention(scan, entry.call));
    for (const column of columns) indexes.push(...columnIndexes(table, column, convention));
    return {
      className: entry.name.d.value,
      file: scan.file,
      table,
      loc: locOf(scan, entry.name as unknown as PyNode),
      columns,
      relationships: [],
      indexes,
      hasRepr: false,
      style: "table",
      bases: [],
      parentModel: null,
      opaqueBases: false,
    };
  }

  private hasRepr(info: ClassInfo): boolean {
    if (info.repr !== undefined) return info.repr;
    info.repr = false;
    let repr = this.bodyOf(info).repr || info.generatedRepr;
    for (const base of info.bases) {
      if (repr) break;
      if (base.kind === "class") repr = this.hasRepr(base.info);
      else if (base.kind === "external") repr = !NO_REPR_LIBRARIES.test(base.qname);
      else if (base.kind === "unknown") repr = true;
    }
    info.repr = repr;
    return repr;
  }

  private opaque(info: ClassInfo, seen = new Set<ClassInfo>()): boolean {
    if (seen.has(info)) return false;
    seen.add(info);
    return info.bases.some((base) =>
      base.kind === "class"
        ? this.opaque(base.info, seen)
        : base.kind === "unknown" ||
          (base.kind === "external" && !TRANSPARENT_LIBRARIES.test(base.qname)),
    );
  }

  private modelOf(info: ClassInfo, mixin: boolean): Model {
    const table = mixin ? null : this.tableOf(info);
    const columns = this.columnsOf(info);
    return {
      className: info.name,
      file: info.scan.file,
      table,
      loc: locOf(info.scan, info.node.d.name as unknown as PyNode),
      columns,
      relationships: this.membersOf(info).relationships,
      indexes: table === null ? [] : this.indexesOf(info, table, columns),
      hasRepr: this.hasRepr(info),
      style: info.style,
      bases: info.node.d.arguments
        .filter((a) => !a.d.name && a.d.argCategory === 0)
        .map((a) => textOf(info.scan, a.d.valueExpr)),
      parentModel: table === null ? null : (info.parent?.name ?? null),
      opaqueBases: this.opaque(info),
    };
  }

  /** `ForeignKey(User.id)` / `ForeignKey(users.c.id)` as `users.id`, once every table is known. */
  private resolveForeignKeys(): void {
    for (const { column, scan, expr } of this.#pending) {
      const member = (expr.d.member as PyName).d.value;
      const left = expr.d.leftExpr as PyNode;
      if (left.type === "MemberAccess" && (left.d.member as PyName).d.value === "c") {
        const target = this.targetOf(scan, left.d.leftExpr as PyNode);
        const table =
          target?.kind === "value" && target.node.type === "Call"
            ? stringValue(firstArg(target.node))
            : null;
        if (table) column.foreignKey = `${table}.${member}`;
        continue;
      }
      const target = this.targetOf(scan, left);
      if (target?.kind !== "class") continue;
      const info = this.classify(target.scan, target.node);
      const table = this.tableOf(info);
      if (table === null) continue;
      const referenced = this.columnsOf(info).find((c) => c.attr === member);
      column.foreignKey = `${table}.${referenced?.name ?? member}`;
    }
    this.#pending = [];
  }
}

// ---------------------------------------------------------------------------

interface ColumnArgs {
  name?: string;
  type?: string;
  nullable?: boolean | null;
  primaryKey?: boolean;
  unique?: boolean;
  index?: boolean;
  foreignKey?: { text: string; scan: FileScan; expr: PyNode | null };
  saColumn?: boolean;
}

const emptyArgs = (): ColumnArgs => ({});

function definedOnly(args: ColumnArgs): ColumnArgs {
  return Object.fromEntries(Object.entries(args).filter(([, v]) => v !== undefined)) as ColumnArgs;
}

/** The attribute's own arguments over the `Annotated` alias's. */
function mergeArgs(own: ColumnArgs, alias: ColumnArgs): ColumnArgs {
  return { ...alias, ...definedOnly(own) };
}

function foreignKeyOf(scan: FileScan, call: PyNode): ColumnArgs["foreignKey"] {
  const first = firstArg(call);
  if (!first) return undefined;
  const s = stringValue(first);
  if (s !== null) return { text: s, scan, expr: null };
  return { text: textOf(scan, first), scan, expr: first.type === "MemberAccess" ? first : null };
}

function applyForeignKeyConstraint(
  scan: FileScan,
  call: PyNode,
  find: (column: string) => ModelColumn | undefined,
): void {
  const [local, remote] = (call.d.args as PyNode[])
    .filter((a) => !a.d.name)
    .map((a) => a.d.valueExpr as PyNode);
  const strings = (n: PyNode | undefined) =>
    n && (n.type === "List" || n.type === "Tuple")
      ? (n.d.items as PyNode[]).map((i) => stringValue(i) ?? textOf(scan, i))
      : [];
  const remotes = strings(remote);
  const locals = strings(local);
  locals.forEach((name, i) => {
    const column = find(name);
    if (column && column.foreignKey === null && remotes[i]) {
      column.foreignKey = remotes[i];
      if (locals.length > 1) column.foreignKeyColumns = locals;
    }
  });
}

function columnIndexes(
  table: string,
  column: ModelColumn,
  convention: Record<string, string> | null,
): IndexDef[] {
  if (column.index) {
    const name =
      applyConvention(convention?.ix, table, column.name) ?? `ix_${table}_${column.name}`;
    return [{ name, table, columns: [column.name], unique: column.unique }];
  }
  if (column.unique && !column.primaryKey) {
    return [
      {
        name: applyConvention(convention?.uq, table, column.name),
        table,
        columns: [column.name],
        unique: true,
      },
    ];
  }
  return [];
}

/** A naming-convention template filled for a one-column constraint; null when it uses other tokens. */
function applyConvention(
  template: string | undefined,
  table: string,
  column: string,
): string | null {
  if (!template) return null;
  const tokens: Record<string, string> = {
    table_name: table,
    column_0_name: column,
    column_0N_name: column,
    column_0_N_name: column,
    column_0_label: `${table}_${column}`,
    column_0N_label: `${table}_${column}`,
    column_0_N_label: `${table}_${column}`,
    column_0_key: column,
  };
  let ok = true;
  const name = template.replace(/%\((\w+)\)s/g, (_, token: string) => {
    if (token in tokens) return tokens[token];
    ok = false;
    return "";
  });
  return ok ? name : null;
}

/** A column argument of `Index(...)`: a string (a column key), `col`, `cls.col`, `col.desc()`. */
function columnNameOf(scan: FileScan, expr: PyNode, byAttr: Map<string, ModelColumn>): string {
  let node = expr;
  if (
    node.type === "Call" &&
    (node.d.leftExpr as PyNode).type === "MemberAccess" &&
    (node.d.args as PyNode[]).length === 0
  ) {
    node = ((node.d.leftExpr as PyNode).d.leftExpr as PyNode) ?? node;
  }
  const s = stringValue(node);
  let attr: string | null = s;
  if (node.type === "Name") attr = (node as unknown as PyName).d.value;
  else if (node.type === "MemberAccess") attr = (node.d.member as PyName).d.value;
  if (attr === null) return textOf(scan, expr);
  return byAttr.get(attr)?.name ?? attr;
}

// --- __tablename__ functions -------------------------------------------------

/** A small evaluator for the usual `__tablename__` bodies; null when out of its depth. */
function evaluate(scan: FileScan, node: PyNode, className: string): string | null {
  const ev = (n: PyNode) => evaluate(scan, n, className);
  switch (node.type) {
    case "StringList": {
      let out = "";
      for (const part of node.d.strings as PyNode[]) {
        const piece =
          part.type === "String" ? (part.d.value as string) : formatString(scan, part, ev);
        if (piece === null) return null;
        out += piece;
      }
      return out;
    }
    case "MemberAccess":
      return textOf(scan, node) === "cls.__name__" ? className : null;
    case "BinaryOperation": {
      const left = ev(node.d.leftExpr as PyNode);
      const right = ev(node.d.rightExpr as PyNode);
      const between = scan.src.text.slice(
        (node.d.leftExpr as PyNode).start + (node.d.leftExpr as PyNode).length,
        (node.d.rightExpr as PyNode).start,
      );
      return left !== null && right !== null && between.trim() === "+" ? left + right : null;
    }
    case "Call": {
      const callee = node.d.leftExpr as PyNode;
      const args = (node.d.args as PyNode[]).map((a) => a.d.valueExpr as PyNode);
      if (callee.type !== "MemberAccess") return null;
      const method = (callee.d.member as PyName).d.value;
      if (textOf(scan, callee) === "re.sub" && args.length === 3) {
        const [pattern, repl, subject] = [stringValue(args[0]), stringValue(args[1]), ev(args[2])];
        if (pattern === null || repl === null || subject === null) return null;
        try {
          const js = repl.replace(/\\g<(\d+)>/g, "$$$1").replace(/\\(\d)/g, "$$$1");
          return subject.replace(new RegExp(pattern, "g"), js);
        } catch {
          return null;
        }
      }
      const receiver = ev(callee.d.leftExpr as PyNode);
      if (receiver === null || args.length > 0) return null;
      if (method === "lower") return receiver.toLowerCase();
      if (method === "upper") return receiver.toUpperCase();
      return null;
    }
    default:
      return null;
  }
}

/** An f-string's text with its `{expr}` fields evaluated; null when a field is not simple. */
function formatString(
  scan: FileScan,
  node: PyNode,
  ev: (n: PyNode) => string | null,
): string | null {
  const raw = textOf(scan, node).replace(/^[a-zA-Z]*/, "");
  const quote = raw.startsWith('"""') || raw.startsWith("'''") ? 3 : 1;
  const inner = raw.slice(quote, raw.length - quote);
  const fields = node.d.fieldExprs as PyNode[];
  let out = "";
  let field = 0;
  for (let i = 0; i < inner.length; i++) {
    const ch = inner[i];
    if ((ch === "{" || ch === "}") && inner[i + 1] === ch) {
      out += ch;
      i++;
    } else if (ch === "{") {
      const close = inner.indexOf("}", i);
      const expr = fields[field++];
      const value = expr && close > 0 && !/[!:]/.test(inner.slice(i, close)) ? ev(expr) : null;
      if (value === null) return null;
      out += value;
      i = close;
    } else out += ch;
  }
  return out;
}

/** `UserProfile` -> `user_profile`, `HTTPLog` -> `http_log`. */
export function snakeCase(name: string): string {
  return name
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .replace(/([a-z\d])([A-Z])/g, "$1_$2")
    .toLowerCase();
}

// --- syntax helpers ------------------------------------------------------------

function makeScan(file: string, src: ModelSource): FileScan {
  const lineStarts = [0];
  const text = src.text;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) lineStarts.push(i + 1);
  }
  const scan: FileScan = {
    file,
    src,
    lineStarts,
    classes: new Map(),
    values: new Map(),
    functions: new Map(),
    classList: [],
    tables: [],
    indexCalls: [],
  };
  const visit = (statements: readonly PyNode[]) => {
    for (const statement of statements) {
      if (statement.type === "Class") {
        const cls = statement as unknown as PyClass;
        scan.classes.set(cls.d.name.d.value, cls);
        scan.classList.push(cls);
      } else if (statement.type === "Function") {
        const fn = statement as unknown as PyFunction;
        scan.functions.set(fn.d.name.d.value, fn);
      } else if (statement.type === "StatementList") {
        for (const simple of statement.d.statements as PyNode[]) visitSimple(simple);
      } else if (statement.type === "If") {
        visit((statement.d.ifSuite as PyNode).d.statements as PyNode[]);
        const other = statement.d.elseSuite as PyNode | undefined;
        if (other) visit(other.type === "If" ? [other] : (other.d.statements as PyNode[]));
      } else if (statement.type === "Try") {
        visit((statement.d.trySuite as PyNode).d.statements as PyNode[]);
      }
    }
  };
  const visitSimple = (simple: PyNode) => {
    if (simple.type === "Call" && isSpelled(simple, "Index")) scan.indexCalls.push(simple);
    if (simple.type !== "Assignment") return;
    let target = simple.d.leftExpr as PyNode;
    if (target.type === "TypeAnnotation") target = target.d.valueExpr as PyNode;
    const value = simple.d.rightExpr as PyNode;
    if (target.type !== "Name") return;
    const name = target as unknown as PyName;
    scan.values.set(name.d.value, value);
    if (
      value.type === "Call" &&
      isSpelled(value, "Table") &&
      stringValue(firstArg(value)) !== null
    ) {
      scan.tables.push({ name, call: value });
    } else if (value.type === "Call" && isSpelled(value, "Index")) scan.indexCalls.push(value);
  };
  visit(src.ast.d.statements);
  return scan;
}

/** A cheap spelling check before resolution (`Table(...)`, `sa.Table(...)`); callers resolve. */
function isSpelled(call: PyNode, name: string): boolean {
  return lastPart(dottedName(call.d.leftExpr as PyNode) ?? "") === name;
}

function locOf(scan: FileScan, node: PyNode): SourceLoc {
  const start = position(scan.lineStarts, node.start);
  const end = position(scan.lineStarts, node.start + node.length);
  return {
    file: scan.file,
    line: start.line,
    column: start.column,
    endLine: end.line,
    endColumn: end.column,
  };
}

function position(lineStarts: number[], offset: number): { line: number; column: number } {
  let low = 0;
  let high = lineStarts.length - 1;
  while (low < high) {
    const mid = (low + high + 1) >> 1;
    if (lineStarts[mid] <= offset) low = mid;
    else high = mid - 1;
  }
  return { line: low + 1, column: offset - lineStarts[low] };
}

function textOf(scan: FileScan, node: PyNode | { start: number; length: number }): string {
  return scan.src.text.slice(node.start, node.start + node.length);
}

function keyOf(info: ClassInfo): string {
  return `${info.scan.file}#${info.name}`;
}

function lastPart(dotted: string): string {
  return dotted.slice(dotted.lastIndexOf(".") + 1);
}

function isDunder(name: string): boolean {
  return name.startsWith("__") && name.endsWith("__");
}

/** A plain string literal's value (implicit concatenation included); null for f-strings and others. */
function stringValue(node: PyNode | undefined): string | null {
  if (node?.type !== "StringList") return null;
  const strings = node.d.strings as PyNode[];
  if (strings.some((s) => s.type !== "String")) return null;
  return strings.map((s) => s.d.value as string).join("");
}

function boolValue(scan: FileScan, node: PyNode): boolean | null {
  const text = node.type === "Constant" ? textOf(scan, node) : "";
  return text === "True" ? true : text === "False" ? false : null;
}

function firstArg(call: PyNode): PyNode | undefined {
  const arg = (call.d.args as PyNode[]).find((a) => !a.d.name && a.d.argCategory === 0);
  return arg?.d.valueExpr as PyNode | undefined;
}

/** The `T` of `Mapped[T]`. */
function typeArgument(annotation: PyNode): PyNode | undefined {
  if (annotation.type !== "Index") return undefined;
  return (annotation.d.items as PyNode[])[0]?.d.valueExpr as PyNode | undefined;
}

function isNoneNode(node: PyNode): boolean {
  return node.type === "Constant" && node.d.constType === KEYWORD_NONE;
}

/** `Annotated[T, ...]` with at least the type. */
function isAnnotated(node: PyNode): boolean {
  return (
    node.type === "Index" &&
    (node.d.items as PyNode[]).length > 0 &&
    lastPart(dottedName(node.d.leftExpr as PyNode) ?? "") === "Annotated"
  );
}

function attempt<T>(work: () => T): T | null {
  try {
    return work();
  } catch {
    return null;
  }
}

/** `Optional[T]`, `T | None`, `None | T`, `Union[T, None]`. */
function isOptional(type: PyNode): boolean {
  return stripOptional(type) !== type;
}

function stripOptional(type: PyNode): PyNode {
  if (type.type === "Index") {
    const head = lastPart(dottedName(type.d.leftExpr as PyNode) ?? "");
    const items = (type.d.items as PyNode[]).map((i) => i.d.valueExpr as PyNode);
    if (head === "Optional" && items.length === 1) return items[0];
    if (head === "Union" && items.length === 2) {
      const others = items.filter((i) => !isNoneNode(i));
      if (others.length === 1) return others[0];
    }
    return type;
  }
  if (type.type === "BinaryOperation" && type.d.operator === OPERATOR_BITWISE_OR) {
    const left = type.d.leftExpr as PyNode;
    const right = type.d.rightExpr as PyNode;
    if (isNoneNode(right)) return left;
    if (isNoneNode(left)) return right;
  }
  return type;
}

/** The expressions a function's `return` statements give (for `@declared_attr` bodies). */
function returnedValues(fn: PyFunction): PyNode[] {
  const out: PyNode[] = [];
  for (const statement of fn.d.suite.d.statements) {
    if (statement.type !== "StatementList") continue;
    for (const simple of statement.d.statements as PyNode[]) {
      if (simple.type === "Return" && simple.d.expr) out.push(simple.d.expr as PyNode);
    }
  }
  return out;
}
