/**
 * The tables a TypeScript project declares, read syntactically (nothing is
 * imported or run): TypeORM entities (`@Entity()` classes with `@Column`-style
 * and relation decorators, `@JoinColumn`, `@Index`, `@Unique`) and Drizzle
 * tables (`pgTable("users", {...}, (t) => [...])`, `mysqlTable`, `sqliteTable`).
 * Names are the database's: TypeORM's default naming strategy (or
 * typeorm-naming-strategies' `SnakeNamingStrategy`) turns class and property
 * names into table and column names, as `migration:generate` would.
 */
import type * as TS from "typescript";
import type { IndexDef } from "../python/schema.js";
import { parseTs } from "./imports.js";
import { typescript } from "./load.js";
import { readDrizzleTables } from "./drizzle-tables.js";
import type { EntityColumn, EntityRelation, EntityTable, RelationKind } from "./entity-model.js";
import {
  booleanValue,
  decoratorsOf,
  keyName,
  locOf,
  objectOptions,
  stringValue,
  typeormCamelCase,
  typeormSnakeCase,
} from "./ts-ast.js";

export type { RelationKind, EntityColumn, EntityRelation, EntityTable } from "./entity-model.js";

/** How TypeORM names things in this project: its default strategy, snake case, or a custom one. */
export type Naming = "default" | "snake" | "custom";

/** A class with column decorators, entity or not (abstract bases hold shared columns). */
export interface ColumnHolder {
  className: string;
  /** `extends X`: the base's local name, or null. */
  base: string | null;
  entity: EntityTable | null;
  columns: EntityColumn[];
  relations: EntityRelation[];
  indexes: IndexDef[];
  /** Property-name lists of class-level `@Index([...])`/`@Unique([...])`, resolved once the class is complete. */
  pendingIndexes: { name: string | null; properties: string[] | null; unique: boolean }[];
  opaque: boolean;
}

export interface FileTables {
  holders: ColumnHolder[];
  drizzle: EntityTable[];
}

const COLUMN_DECORATORS = new Set([
  "Column",
  "PrimaryColumn",
  "PrimaryGeneratedColumn",
  "CreateDateColumn",
  "UpdateDateColumn",
  "DeleteDateColumn",
  "VersionColumn",
]);
const RELATIONS = new Set<string>(["ManyToOne", "OneToMany", "OneToOne", "ManyToMany"]);

/** Text that may declare entities or Drizzle tables: only such files are parsed. */
export const TABLES_TEXT = /@(?:Entity|\w*Column)\b|Table\s*\(/;
const TYPEORM_IMPORT = /\bfrom\s+["']typeorm["']|require\(\s*["']typeorm["']\s*\)/;
const OTHER_DECORATOR_ORMS = /\bfrom\s+["'](?:@mikro-orm\/[\w/-]+|sequelize-typescript)["']/;

/** TypeORM column and table names under `naming`. */
export function typeormNames(naming: Naming) {
  return {
    table: (className: string) => typeormSnakeCase(className),
    column: (property: string) => (naming === "snake" ? typeormSnakeCase(property) : property),
    joinColumn: (relation: string, referenced: string) =>
      naming === "snake"
        ? typeormSnakeCase(`${relation}_${referenced}`)
        : typeormCamelCase(`${relation}_${referenced}`),
  };
}

/** The entities and Drizzle tables of one file's text (not resolved across files). */
export function readTables(
  file: string,
  text: string,
  naming: Naming,
  drizzleSnakeCase = false,
): FileTables {
  if (!TABLES_TEXT.test(text)) return { holders: [], drizzle: [] };
  const sourceFile = parseTs(file, text);
  const holders: ColumnHolder[] = [];
  const ts = typescript();
  // MikroORM and sequelize-typescript share TypeORM's decorator names (`@Entity`,
  // `@ManyToOne`, `@Column`) but not its defaults: their classes are not read.
  const otherOrm = OTHER_DECORATOR_ORMS.test(text) && !TYPEORM_IMPORT.test(text);
  const visit = (node: TS.Node): void => {
    if (otherOrm) return;
    if (ts.isClassDeclaration(node) && node.name) {
      const holder = readClass(sourceFile, file, node, naming);
      if (holder) holders.push(holder);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  const drizzle = /drizzle-orm/.test(text)
    ? readDrizzleTables(sourceFile, file, drizzleSnakeCase)
    : [];
  return { holders, drizzle };
}

function readClass(
  sourceFile: TS.SourceFile,
  file: string,
  node: TS.ClassDeclaration,
  naming: Naming,
): ColumnHolder | null {
  const ts = typescript();
  const names = typeormNames(naming);
  const className = node.name!.text;
  const classDecorators = decoratorsOf(node);
  const entityDecorator = classDecorators.find((d) => d.name === "Entity");
  const heritage = node.heritageClauses?.find((h) => h.token === ts.SyntaxKind.ExtendsKeyword);
  const baseExpression = heritage?.types[0]?.expression;
  const base = baseExpression && ts.isIdentifier(baseExpression) ? baseExpression.text : null;
  // Single-table inheritance: `@ChildEntity` classes add columns to this table.
  const inherited = classDecorators.some((d) => d.name === "TableInheritance");
  const holder: ColumnHolder = {
    className,
    base,
    entity: null,
    columns: [],
    relations: [],
    indexes: [],
    pendingIndexes: [],
    // `extends mixin(Base)` or `extends ns.Base`: columns we cannot follow.
    opaque: inherited || (baseExpression !== undefined && base === null),
  };
  for (const member of node.members) {
    if (!ts.isPropertyDeclaration(member)) continue;
    const property = keyName(member.name);
    if (property === null) continue;
    const decorators = decoratorsOf(member);
    const loc = locOf(sourceFile, file, member.name);
    const indexed = decorators.some((d) => d.name === "Index");
    const uniqueIndex = decorators.some(
      (d) => d.name === "Index" && d.args.some((a) => booleanOption(a, "unique") === true),
    );
    const column = decorators.find((d) => COLUMN_DECORATORS.has(d.name));
    if (column) {
      const [first, second] = column.args;
      // `@Column(() => Profile)`: an embedded whose columns live in another class.
      if (first && (ts.isArrowFunction(first) || ts.isFunctionExpression(first))) {
        holder.opaque = true;
        continue;
      }
      const options = objectOptions(first) ?? objectOptions(second);
      const explicit = stringValue(options?.values.get("name"));
      holder.columns.push({
        name: explicit ?? names.column(property),
        property,
        loc,
        primaryKey:
          column.name.startsWith("Primary") ||
          booleanValue(options?.values.get("primary")) === true,
        unique: booleanValue(options?.values.get("unique")) === true || uniqueIndex,
        index: indexed,
        foreignKey: null,
        relation: null,
        inheritedFrom: null,
      });
      continue;
    }
    const relation = decorators.find((d) => RELATIONS.has(d.name));
    if (!relation) continue;
    const kind = relation.name as RelationKind;
    const options = relation.args.map(objectOptions).find((o) => o !== null) ?? null;
    const eager = booleanValue(options?.values.get("eager"));
    const lazy = booleanValue(options?.values.get("lazy"));
    const promiseTyped =
      member.type !== undefined &&
      ts.isTypeReferenceNode(member.type) &&
      ts.isIdentifier(member.type.typeName) &&
      member.type.typeName.text === "Promise";
    const joinDecorator = decorators.find((d) => d.name === "JoinColumn");
    const ownsForeignKey = kind === "ManyToOne" || (kind === "OneToOne" && !!joinDecorator);
    const joinColumns: string[] = [];
    if (ownsForeignKey) {
      const arg = joinDecorator?.args[0];
      const specs = arg && ts.isArrayLiteralExpression(arg) ? [...arg.elements] : [arg];
      for (const spec of specs) {
        const join = objectOptions(spec);
        const referenced = stringValue(join?.values.get("referencedColumnName")) ?? "id";
        joinColumns.push(
          stringValue(join?.values.get("name")) ?? names.joinColumn(property, referenced),
        );
      }
    }
    holder.relations.push({
      kind,
      property,
      target: relationTarget(relation.args[0]),
      explicitLoading: eager !== null || lazy !== null || promiseTyped,
      loadingUnknown: options?.spread ?? false,
      decoratorLoc: locOf(sourceFile, file, relation.node.expression),
      loc,
      ownsForeignKey,
      joinColumns,
    });
    if (indexed) {
      holder.pendingIndexes.push({ name: null, properties: [property], unique: uniqueIndex });
    }
  }
  for (const decorator of classDecorators) {
    if (decorator.name !== "Index" && decorator.name !== "Unique") continue;
    const [first, second] = decorator.args;
    const named = stringValue(first);
    const list = named !== null ? second : first;
    holder.pendingIndexes.push({
      name: named,
      properties: propertyList(list),
      unique:
        decorator.name === "Unique" ||
        decorator.args.some((a) => booleanOption(a, "unique") === true),
    });
  }
  if (entityDecorator) {
    const [first, second] = entityDecorator.args;
    const options = objectOptions(first) ?? objectOptions(second);
    const explicit = stringValue(first) ?? stringValue(options?.values.get("name"));
    // A computed name, or `synchronize: false` (a table TypeORM's migrations leave alone).
    const computed =
      (first !== undefined && explicit === null && objectOptions(first) === null) ||
      booleanValue(options?.values.get("synchronize")) === false;
    holder.entity = {
      orm: "typeorm",
      name: className,
      table: computed ? null : (explicit ?? names.table(className)),
      file,
      loc: locOf(sourceFile, file, node.name!),
      columns: [],
      relations: [],
      indexes: [],
      opaque: false,
    };
  } else if (holder.columns.length === 0 && holder.relations.length === 0) {
    return null;
  }
  return holder;
}

function booleanOption(node: TS.Expression, key: string): boolean | null {
  return booleanValue(objectOptions(node)?.values.get(key));
}

/** `() => User`, `(type) => User`, `"User"`: the class name. */
function relationTarget(node: TS.Expression | undefined): string | null {
  const ts = typescript();
  if (!node) return null;
  const text = stringValue(node);
  if (text !== null) return text;
  if (ts.isArrowFunction(node) && ts.isIdentifier(node.body)) return node.body.text;
  return null;
}

/** `["a", "b"]` or `(post) => [post.a, post.b]`: property names; null when not literal. */
function propertyList(node: TS.Expression | undefined): string[] | null {
  const ts = typescript();
  if (!node) return null;
  let list: TS.Node = node;
  if (ts.isArrowFunction(node)) {
    list = node.body;
    while (ts.isParenthesizedExpression(list)) list = list.expression;
  }
  if (!ts.isArrayLiteralExpression(list)) return null;
  const out: string[] = [];
  for (const element of list.elements) {
    const text = stringValue(element);
    if (text !== null) out.push(text);
    else if (ts.isPropertyAccessExpression(element)) out.push(element.name.text);
    else return null;
  }
  return out;
}

/**
 * Completes an entity from its class and its bases (nearest last): columns, the
 * foreign-key columns of owner-side relations, and indexes in column names.
 * `bases` holds the chain of base holders; `opaqueBase` when a base was not found.
 */
export function completeEntity(
  holder: ColumnHolder,
  bases: { holder: ColumnHolder; file: string }[],
  opaqueBase: boolean,
  primaryKeyOf: (className: string) => string | null,
  naming: Naming,
): EntityTable | null {
  if (!holder.entity) return null;
  const names = typeormNames(naming);
  const chain = [
    ...bases.map((b) => ({ ...b, own: false })),
    { holder, file: holder.entity.file, own: true },
  ];
  const columns: EntityColumn[] = [];
  const relations: EntityRelation[] = [];
  const byProperty = new Map<string, string[]>();
  const add = (column: EntityColumn) => {
    const at = columns.findIndex((c) => c.name === column.name);
    if (at >= 0) {
      // An explicit `@Column() authorId` and the relation's join column are one column.
      const existing = columns[at];
      columns[at] = {
        ...existing,
        foreignKey: existing.foreignKey ?? column.foreignKey,
        relation: existing.relation ?? column.relation,
        index: existing.index || column.index,
        unique: existing.unique || column.unique,
      };
    } else columns.push(column);
  };
  for (const { holder: h, file, own } of chain) {
    for (const column of h.columns) {
      add({ ...column, inheritedFrom: own ? null : file });
      byProperty.set(column.property, [column.name]);
    }
    for (const relation of h.relations) {
      relations.push(relation);
      if (!relation.ownsForeignKey) continue;
      const referenced = relation.target ? (primaryKeyOf(relation.target) ?? "id") : "id";
      const joins = relation.joinColumns.map((name, i) =>
        // A default-named join column to a target whose key is not `id`.
        name === names.joinColumn(relation.property, "id") && i === 0 && referenced !== "id"
          ? names.joinColumn(relation.property, referenced)
          : name,
      );
      byProperty.set(relation.property, joins);
      for (const name of joins) {
        add({
          name,
          property: relation.property,
          loc: relation.loc,
          primaryKey: false,
          // TypeORM gives a one-to-one join column a unique constraint.
          unique: relation.kind === "OneToOne",
          index: false,
          foreignKey: relation.target ?? "?",
          relation: relation.property,
          inheritedFrom: own ? null : file,
        });
      }
    }
  }
  const indexes: IndexDef[] = [];
  const table = holder.entity.table ?? "?";
  for (const { holder: h } of chain) {
    for (const pending of h.pendingIndexes) {
      const cols = pending.properties?.flatMap((p) => byProperty.get(p) ?? [p]);
      indexes.push({ name: pending.name, table, columns: cols ?? [], unique: pending.unique });
    }
  }
  for (const column of columns) {
    if (
      column.index &&
      !indexes.some((i) => i.columns.length === 1 && i.columns[0] === column.name)
    ) {
      indexes.push({ name: null, table, columns: [column.name], unique: column.unique });
    }
  }
  return {
    ...holder.entity,
    columns,
    relations,
    indexes,
    opaque: opaqueBase || chain.some((c) => c.holder.opaque),
  };
}
