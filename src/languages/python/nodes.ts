/**
 * Node shapes that rules see: pyright's parse nodes after `present()` (a `type`
 * name and the `d` fields as own properties). Only what rules use is typed;
 * `visitor-keys.ts` lists every child field of every type.
 */

export interface PyNodeBase {
  type: string;
  /** UTF-16 offset of the first character. */
  start: number;
  length: number;
  parent: PyNode | undefined;
  id: number;
}

export interface PyNode extends PyNodeBase {
  [field: string]: unknown;
}

export interface PyComment {
  type: "Comment";
  /** The text after `#`. */
  value: string;
  /** Offset of the `#`. */
  start: number;
  length: number;
}

export interface PyModule extends PyNodeBase {
  type: "Module";
  statements: PyNode[];
}

export interface PyName extends PyNodeBase {
  type: "Name";
  value: string;
}

export interface PyExpressionBase extends PyNodeBase {
  [field: string]: unknown;
}

/** pyright's ParamCategory: a plain parameter, `*args` (or a bare `*`), `**kwargs`. */
export const ParamCategory = { Simple: 0, ArgsList: 1, KwargsDict: 2 } as const;

export interface PyParameter extends PyNodeBase {
  type: "Parameter";
  category: 0 | 1 | 2;
  name: PyName | undefined;
  annotation: PyNode | undefined;
  annotationComment: PyNode | undefined;
  defaultValue: PyNode | undefined;
}

export interface PyDecorator extends PyNodeBase {
  type: "Decorator";
  expr: PyNode;
}

export interface PySuite extends PyNodeBase {
  type: "Suite";
  statements: PyNode[];
}

export interface PyFunction extends PyNodeBase {
  type: "Function";
  decorators: PyDecorator[];
  isAsync: boolean;
  name: PyName;
  typeParams: PyNode | undefined;
  params: PyParameter[];
  returnAnnotation: PyNode | undefined;
  funcAnnotationComment: PyNode | undefined;
  suite: PySuite;
}

export interface PyClass extends PyNodeBase {
  type: "Class";
  decorators: PyDecorator[];
  name: PyName;
  arguments: PyArgument[];
  suite: PySuite;
}

export interface PyArgument extends PyNodeBase {
  type: "Argument";
  name: PyName | undefined;
  valueExpr: PyNode;
  /** pyright's ArgCategory: 0 simple, 1 `*x`, 2 `**x`. */
  argCategory: number;
}

export interface PyCall extends PyNodeBase {
  type: "Call";
  leftExpr: PyNode;
  args: PyArgument[];
}

export interface PyMemberAccess extends PyNodeBase {
  type: "MemberAccess";
  leftExpr: PyNode;
  member: PyName;
}

export interface PyModuleName extends PyNodeBase {
  type: "ModuleName";
  leadingDots: number;
  nameParts: PyName[];
}

export interface PyImportAs extends PyNodeBase {
  type: "ImportAs";
  module: PyModuleName;
  alias: PyName | undefined;
}

export interface PyImport extends PyNodeBase {
  type: "Import";
  list: PyImportAs[];
}

export interface PyImportFromAs extends PyNodeBase {
  type: "ImportFromAs";
  name: PyName;
  alias: PyName | undefined;
}

export interface PyImportFrom extends PyNodeBase {
  type: "ImportFrom";
  module: PyModuleName;
  imports: PyImportFromAs[];
  isWildcardImport: boolean;
}

export interface PyStringNode extends PyNodeBase {
  type: "String" | "FormatString";
  value: string;
}

export interface PyStringList extends PyNodeBase {
  type: "StringList";
  strings: PyStringNode[];
}

export interface PyStatementList extends PyNodeBase {
  type: "StatementList";
  statements: PyNode[];
}

/** Narrows a node by its type name. */
export function isType<T extends PyNodeBase>(
  node: PyNodeBase | undefined | null,
  type: T["type"],
): node is T {
  return node !== undefined && node !== null && node.type === type;
}
