/**
 * Names for messages, from typescript-eslint's ESTree: what a finding sits in.
 */

/** The parts of an ESTree node this file reads. */
interface Node {
  type: string;
  parent?: Node;
  [key: string]: unknown;
}

/**
 * `Class.method`, `function`, `service.method`: the named definitions around
 * `node`, outermost first (a callback has no name of its own); null at the top
 * of a module.
 */
export function definitionPath(node: Node): string | null {
  const parts: string[] = [];
  for (let p = node.parent; p; p = p.parent) {
    const key = p.key as Node | undefined;
    const id = p.id as Node | undefined;
    const init = p.init as Node | undefined;
    if (
      /^(MethodDefinition|PropertyDefinition|TSAbstractMethodDefinition|Property)$/.test(p.type)
    ) {
      if (key?.type === "Identifier" || key?.type === "PrivateIdentifier")
        parts.unshift(key.name as string);
    } else if (/^(Class|Function)(Declaration|Expression)$/.test(p.type) && id) {
      parts.unshift(id.name as string);
    } else if (
      p.type === "VariableDeclarator" &&
      id?.type === "Identifier" &&
      init &&
      /Function/.test(init.type)
    ) {
      parts.unshift(id.name as string);
    }
  }
  return parts.length > 0 ? parts.join(".") : null;
}
