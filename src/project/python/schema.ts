/**
 * A database schema as layerlint sees it statically: what the models declare
 * (`models.ts`) and what replaying the Alembic history creates (`migrations.ts`),
 * in one shape so that `migration-for-model` and `index-foreign-keys` can
 * compare them. Names are as the database sees them (table and column names,
 * not Python attribute names), case kept.
 */

/** A source position: 1-based line, 0-based column (ESLint's convention), with the end. */
export interface SourceLoc {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

/** A `SourceLoc` as ESLint's report location. */
export function eslintLoc(loc: SourceLoc): {
  start: { line: number; column: number };
  end: { line: number; column: number };
} {
  return {
    start: { line: loc.line, column: loc.column },
    end: { line: loc.endLine, column: loc.endColumn },
  };
}

export interface ColumnDef {
  name: string;
  /** The SQL type as written, e.g. `String(200)`, `Integer`, `sa.DateTime()`; null when unknown. */
  type: string | null;
  /** null when not stated and not implied (SQLAlchemy's default is nullable unless primary key). */
  nullable: boolean | null;
  primaryKey: boolean;
  /** `users.id` for a foreign key (first one if several), else null. */
  foreignKey: string | null;
  /** `index=True` on the column itself. */
  index: boolean;
  unique: boolean;
}

/** A column known only by name: no type, nullability or constraints seen yet. */
export function blankColumn(name: string): ColumnDef {
  return {
    name,
    type: null,
    nullable: null,
    primaryKey: false,
    foreignKey: null,
    index: false,
    unique: false,
  };
}

export interface IndexDef {
  /** The index name when known (`ix_posts_user_id`, `op.f("...")` unwrapped); null when implicit/unknown. */
  name: string | null;
  table: string;
  columns: string[];
  unique: boolean;
}

export interface TableDef {
  name: string;
  /** By column name, in declaration order. */
  columns: Map<string, ColumnDef>;
  indexes: IndexDef[];
}

/** Tables by name. */
export type Schema = Map<string, TableDef>;
