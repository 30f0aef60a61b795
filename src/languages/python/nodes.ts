/**
 * Node shapes that rules see: pyright's parse nodes, given a `type` name as
 * pyright creates them (parser.ts). Their fields stay where pyright keeps them, under `d` (copying
 * them onto the node measured 25-35% of a lint's time, in the copy and in
 * garbage collection). Only what rules use is typed; `visitor-keys.ts` lists
 * every child field of every type. In selectors, write `Call[d.leftExpr.type="Name"]`.
 */

export interface PyNodeBase {
  type: string;
  /** pyright's numeric node type. */
  nodeType: number;
  /** UTF-16 offset of the first character. */
  start: number;
  length: number;
  parent: PyNode | undefined;
  id: number;
  d: object;
}

export interface PyNode extends PyNodeBase {
  d: Record<string, unknown>;
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
  d: {
    statements: PyNode[];
  };
}

export interface PyName extends PyNodeBase {
  type: "Name";
  d: {
    value: string;
  };
}

/** pyright's ParamCategory: a plain parameter, `*args` (or a bare `*`), `**kwargs`. */
export const ParamCategory = { Simple: 0, ArgsList: 1, KwargsDict: 2 } as const;

export interface PyParameter extends PyNodeBase {
  type: "Parameter";
  d: {
    category: 0 | 1 | 2;
    name: PyName | undefined;
    annotation: PyNode | undefined;
    annotationComment: PyNode | undefined;
    defaultValue: PyNode | undefined;
  };
}

export interface PyDecorator extends PyNodeBase {
  type: "Decorator";
  d: {
    expr: PyNode;
  };
}

export interface PySuite extends PyNodeBase {
  type: "Suite";
  d: {
    statements: PyNode[];
  };
}

export interface PyFunction extends PyNodeBase {
  type: "Function";
  d: {
    decorators: PyDecorator[];
    isAsync: boolean;
    name: PyName;
    typeParams: PyNode | undefined;
    params: PyParameter[];
    returnAnnotation: PyNode | undefined;
    funcAnnotationComment: PyNode | undefined;
    suite: PySuite;
  };
}

export interface PyClass extends PyNodeBase {
  type: "Class";
  d: {
    decorators: PyDecorator[];
    name: PyName;
    arguments: PyArgument[];
    suite: PySuite;
  };
}

export interface PyArgument extends PyNodeBase {
  type: "Argument";
  d: {
    name: PyName | undefined;
    valueExpr: PyNode;
    /** pyright's ArgCategory: 0 simple, 1 `*x`, 2 `**x`. */
    argCategory: number;
  };
}

export interface PyCall extends PyNodeBase {
  type: "Call";
  d: {
    leftExpr: PyNode;
    args: PyArgument[];
  };
}

export interface PyMemberAccess extends PyNodeBase {
  type: "MemberAccess";
  d: {
    leftExpr: PyNode;
    member: PyName;
  };
}

export interface PyModuleName extends PyNodeBase {
  type: "ModuleName";
  d: {
    leadingDots: number;
    nameParts: PyName[];
  };
}

export interface PyImportAs extends PyNodeBase {
  type: "ImportAs";
  d: {
    module: PyModuleName;
    alias: PyName | undefined;
  };
}

export interface PyImport extends PyNodeBase {
  type: "Import";
  d: {
    list: PyImportAs[];
  };
}

export interface PyImportFromAs extends PyNodeBase {
  type: "ImportFromAs";
  d: {
    name: PyName;
    alias: PyName | undefined;
  };
}

export interface PyImportFrom extends PyNodeBase {
  type: "ImportFrom";
  d: {
    module: PyModuleName;
    imports: PyImportFromAs[];
    isWildcardImport: boolean;
  };
}

export interface PyStringNode extends PyNodeBase {
  type: "String" | "FormatString";
  d: {
    value: string;
  };
}

export interface PyStringList extends PyNodeBase {
  type: "StringList";
  d: {
    strings: PyStringNode[];
  };
}

export interface PyStatementList extends PyNodeBase {
  type: "StatementList";
  d: {
    statements: PyNode[];
  };
}

/** Narrows a node by its type name. */
export function isType<T extends PyNodeBase>(
  node: PyNodeBase | undefined | null,
  type: T["type"],
): node is T {
  return node !== undefined && node !== null && node.type === type;
}
