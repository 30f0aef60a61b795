/**
 * The shape of a table a TypeScript project declares (TypeORM entity or
 * Drizzle table), shared by the readers in entities.ts and drizzle-tables.ts.
 */
import type { IndexDef, SourceLoc } from "../python/schema.js";

export type RelationKind = "ManyToOne" | "OneToMany" | "OneToOne" | "ManyToMany";

export interface EntityColumn {
  /** The database column name. */
  name: string;
  /** The class property or the Drizzle object key. */
  property: string;
  /** The property's name (TypeORM) or the whole `key: builder` entry (Drizzle). */
  loc: SourceLoc;
  primaryKey: boolean;
  unique: boolean;
  /** `@Index()` on the property. */
  index: boolean;
  /** `users.id` (Drizzle), the target class (TypeORM), or null for a plain column. */
  foreignKey: string | null;
  /** The relation that owns this foreign-key column (TypeORM). */
  relation: string | null;
  /** Declared in a base class, in `inheritedFrom` (its file). */
  inheritedFrom: string | null;
}

export interface EntityRelation {
  kind: RelationKind;
  property: string;
  /** The target class, from `() => User` or `"User"`; null when computed. */
  target: string | null;
  /** `eager: true|false`, `lazy: true|false` written out, or a `Promise<...>` type. */
  explicitLoading: boolean;
  /** An options object spread (`...defaults`) may set the loading: not judged. */
  loadingUnknown: boolean;
  /** The relation decorator. */
  decoratorLoc: SourceLoc;
  /** The property name. */
  loc: SourceLoc;
  /** Owner side with a foreign key in this table: ManyToOne, or OneToOne with `@JoinColumn`. */
  ownsForeignKey: boolean;
  /** The foreign-key column names (explicit `@JoinColumn({ name })` or the naming strategy's). */
  joinColumns: string[];
}

export interface EntityTable {
  orm: "typeorm" | "drizzle";
  /** The class (TypeORM) or the variable (Drizzle). */
  name: string;
  /** The database table name; null when not known statically. */
  table: string | null;
  file: string;
  /** The class name or variable identifier. */
  loc: SourceLoc;
  columns: EntityColumn[];
  relations: EntityRelation[];
  /** Indexes and unique constraints, with database column names. */
  indexes: IndexDef[];
  /** Some columns may be unseen (an unresolved base class, an embedded, a spread). */
  opaque: boolean;
  /**
   * Drizzle: a table name given as a constant (`pgTable(TABLE_NAMES.users, ...)`,
   * `pgTable(USERS, ...)`), for the project index to look up; `table` is null until then.
   */
  tableRef?: { object: string; property: string | null };
}
