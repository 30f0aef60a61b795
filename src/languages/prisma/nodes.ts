/**
 * The tree rules see for a `.prisma` file: ESTree-shaped nodes (`type`, `range`,
 * `loc`, `parent`) built from @mrleebo/prisma-ast's objects. Attribute arguments
 * stay plain data (`PrismaValue`): rules read them, they are not visited.
 */
import type { SourceLocation } from "@eslint/core";

export interface PrismaNodeBase {
  type: string;
  /** UTF-16 offsets, end exclusive. */
  range: [number, number];
  /** 1-based lines, 0-based columns. */
  loc: SourceLocation;
  parent: PrismaNode | undefined;
}

/** An attribute argument's value as prisma-ast gives it: strings keep their quotes. */
export type PrismaValue =
  | string
  | number
  | boolean
  | null
  | { type: "function"; name: string; params?: PrismaValue[] }
  | { type: "array"; args: PrismaValue[] }
  | { type: "keyValue"; key: string; value: PrismaValue }
  | { type: "object"; properties: { type: "keyValue"; key: string; value: PrismaValue }[] }
  | PrismaValue[];

export interface PrismaArgument {
  /** `fields` in `@relation(fields: [a])`; null for a positional argument. */
  key: string | null;
  value: PrismaValue;
}

export interface PrismaSchemaNode extends PrismaNodeBase {
  type: "PrismaSchema";
  body: PrismaBlock[];
}

/** `model`, `view` and composite `type` blocks share one shape. */
export interface PrismaModel extends PrismaNodeBase {
  type: "Model" | "View" | "CompositeType";
  name: string;
  /** Where the block's name is, for reports about the whole block. */
  nameLoc: SourceLocation;
  /** Fields and `@@` attributes in source order. */
  members: (PrismaField | PrismaBlockAttribute)[];
}

export interface PrismaEnum extends PrismaNodeBase {
  type: "Enum";
  name: string;
  nameLoc: SourceLocation;
  members: (PrismaEnumerator | PrismaBlockAttribute)[];
}

export interface PrismaConfigBlock extends PrismaNodeBase {
  type: "Datasource" | "Generator";
  name: string;
  nameLoc: SourceLocation;
  assignments: PrismaAssignment[];
}

export type PrismaBlock = PrismaModel | PrismaEnum | PrismaConfigBlock;

export interface PrismaField extends PrismaNodeBase {
  type: "Field";
  name: string;
  /** The type's name (`Int`, `User`, `Unsupported`). */
  fieldType: string;
  array: boolean;
  optional: boolean;
  attributes: PrismaFieldAttribute[];
}

export interface PrismaFieldAttribute extends PrismaNodeBase {
  type: "FieldAttribute";
  /** With its group: `id`, `relation`, `db.VarChar`. */
  name: string;
  args: PrismaArgument[];
}

export interface PrismaBlockAttribute extends PrismaNodeBase {
  type: "BlockAttribute";
  /** `index`, `unique`, `id`, `map`, `ignore`, ... */
  name: string;
  args: PrismaArgument[];
}

export interface PrismaEnumerator extends PrismaNodeBase {
  type: "Enumerator";
  name: string;
}

export interface PrismaAssignment extends PrismaNodeBase {
  type: "Assignment";
  key: string;
  value: PrismaValue;
}

export interface PrismaComment {
  type: "Line";
  /** The text after `//`. */
  value: string;
  range: [number, number];
  loc: SourceLocation;
}

export type PrismaNode =
  | PrismaSchemaNode
  | PrismaBlock
  | PrismaField
  | PrismaFieldAttribute
  | PrismaBlockAttribute
  | PrismaEnumerator
  | PrismaAssignment;
