/**
 * Drizzle tables of one file, read syntactically: `pgTable("posts", { ... },
 * (t) => [index("i").on(t.authorId)])`, the object form of the extra config
 * `(t) => ({ i: index("i").on(t.authorId) })`, `mysqlTable`, `sqliteTable`.
 * Column names come from the builder's first argument (`integer("author_id")`),
 * else from the key (or its snake case under `casing: "snake_case"`).
 */
import type * as TS from "typescript";
import type { EntityColumn, EntityTable } from "./entity-model.js";
import { typescript } from "./load.js";
import { keyName, locOf, objectOptions, stringValue, typeormSnakeCase } from "./ts-ast.js";

const TABLE_FUNCTIONS = new Set(["pgTable", "mysqlTable", "sqliteTable", "singlestoreTable"]);
const INDEX_FUNCTIONS = new Map<string, boolean>([
  ["index", false],
  ["uniqueIndex", true],
  ["unique", true],
]);

/** A call chain `a(...).b(...).c(...)`: its root call and the method calls on it, in order. */
interface Chain {
  root: TS.CallExpression;
  rootName: string;
  methods: { name: string; args: readonly TS.Expression[] }[];
}

function chainOf(node: TS.Expression): Chain | null {
  const ts = typescript();
  const methods: Chain["methods"] = [];
  let current: TS.Expression = node;
  for (;;) {
    if (!ts.isCallExpression(current)) return null;
    const callee = current.expression;
    if (ts.isPropertyAccessExpression(callee) && ts.isCallExpression(callee.expression)) {
      methods.unshift({ name: callee.name.text, args: current.arguments });
      current = callee.expression;
      continue;
    }
    const rootName = ts.isIdentifier(callee)
      ? callee.text
      : ts.isPropertyAccessExpression(callee)
        ? callee.name.text
        : null;
    return rootName ? { root: current, rootName, methods } : null;
  }
}

/** Every `const x = pgTable(...)` of the file. `snakeCase`: the `casing: "snake_case"` option. */
export function readDrizzleTables(
  sourceFile: TS.SourceFile,
  file: string,
  snakeCase = false,
): EntityTable[] {
  const ts = typescript();
  const tables: EntityTable[] = [];
  const visit = (node: TS.Node): void => {
    if (
      ts.isVariableDeclaration(node) &&
      ts.isIdentifier(node.name) &&
      node.initializer &&
      ts.isCallExpression(node.initializer) &&
      ts.isIdentifier(node.initializer.expression) &&
      TABLE_FUNCTIONS.has(node.initializer.expression.text)
    ) {
      const table = readTable(sourceFile, file, node.name, node.initializer, snakeCase);
      if (table) tables.push(table);
      return;
    }
    ts.forEachChild(node, visit);
  };
  visit(sourceFile);
  // `.references(() => users.id)` names the variable: say the table.
  const byVariable = new Map(tables.map((t) => [t.name, t.table]));
  for (const table of tables) {
    for (const column of table.columns) {
      const target = column.foreignKey?.split(".");
      if (target?.length === 2 && byVariable.has(target[0])) {
        column.foreignKey = `${byVariable.get(target[0])}.${target[1]}`;
      }
    }
  }
  return tables;
}

function readTable(
  sourceFile: TS.SourceFile,
  file: string,
  variable: TS.Identifier,
  call: TS.CallExpression,
  snakeCase: boolean,
): EntityTable | null {
  const ts = typescript();
  const [nameArg, columnsArg, extraArg] = call.arguments;
  const name = stringValue(nameArg);
  const table: EntityTable = {
    orm: "drizzle",
    name: variable.text,
    table: name,
    file,
    loc: locOf(sourceFile, file, variable),
    columns: [],
    relations: [],
    indexes: [],
    opaque: false,
  };
  if (name === null && nameArg) {
    if (ts.isPropertyAccessExpression(nameArg) && ts.isIdentifier(nameArg.expression))
      table.tableRef = { object: nameArg.expression.text, property: nameArg.name.text };
    else if (ts.isIdentifier(nameArg)) table.tableRef = { object: nameArg.text, property: null };
  }
  const shape = objectOptions(columnsArg);
  if (!shape || !columnsArg || !ts.isObjectLiteralExpression(columnsArg)) {
    table.opaque = true;
    return table;
  }
  table.opaque = shape.spread;
  const byKey = new Map<string, string>();
  for (const property of columnsArg.properties) {
    if (!ts.isPropertyAssignment(property)) continue;
    const key = keyName(property.name);
    const chain = chainOf(property.initializer);
    if (key === null || !chain) continue;
    const explicit = stringValue(chain.root.arguments[0]);
    const column: EntityColumn = {
      name: explicit ?? (snakeCase ? typeormSnakeCase(key) : key),
      property: key,
      loc: locOf(sourceFile, file, property),
      primaryKey: chain.methods.some((m) => m.name === "primaryKey"),
      unique: chain.methods.some((m) => m.name === "unique"),
      index: false,
      foreignKey: null,
      relation: null,
      inheritedFrom: null,
    };
    const references = chain.methods.find((m) => m.name === "references");
    if (references) column.foreignKey = referenceTarget(references.args[0]) ?? "?";
    byKey.set(key, column.name);
    table.columns.push(column);
  }
  for (const entry of extraEntries(extraArg)) {
    const chain = chainOf(entry);
    if (!chain) continue;
    const unique = INDEX_FUNCTIONS.get(chain.rootName);
    if (unique !== undefined) {
      const on = chain.methods.find((m) => m.name === "on" || m.name === "using");
      if (!on) continue;
      const args = on.name === "using" ? on.args.slice(1) : on.args;
      table.indexes.push({
        name: stringValue(chain.root.arguments[0]),
        table: name ?? "?",
        columns: args.map((a) => columnOf(a, byKey) ?? "?"),
        unique,
      });
    } else if (chain.rootName === "primaryKey" || chain.rootName === "foreignKey") {
      const options = objectOptions(chain.root.arguments[0]);
      const list = options?.values.get("columns");
      if (!list || !ts.isArrayLiteralExpression(list)) continue;
      const columns = list.elements.map((a) => columnOf(a, byKey) ?? "?");
      if (chain.rootName === "primaryKey") {
        table.indexes.push({ name: null, table: name ?? "?", columns, unique: true });
        for (const column of table.columns) {
          if (column.name === columns[0]) column.primaryKey = true;
        }
      } else {
        const target = options?.values.get("foreignColumns");
        const first =
          target && ts.isArrayLiteralExpression(target) ? target.elements[0] : undefined;
        for (const column of table.columns) {
          if (columns.includes(column.name) && column.foreignKey === null) {
            column.foreignKey = (first && referenceText(first)) ?? "?";
          }
        }
      }
    }
  }
  return table;
}

/** The entries of the extra-config callback: an array, an object's values, or a block's return. */
function extraEntries(node: TS.Expression | undefined): TS.Expression[] {
  const ts = typescript();
  if (!node || !(ts.isArrowFunction(node) || ts.isFunctionExpression(node))) return [];
  let body: TS.Node = node.body;
  if (ts.isBlock(body)) {
    const ret = body.statements.find(ts.isReturnStatement);
    if (!ret?.expression) return [];
    body = ret.expression;
  }
  while (ts.isParenthesizedExpression(body)) body = body.expression;
  if (ts.isArrayLiteralExpression(body)) return [...body.elements];
  if (ts.isObjectLiteralExpression(body)) {
    return body.properties.filter(ts.isPropertyAssignment).map((p) => p.initializer);
  }
  return [];
}

/** `t.authorId` -> the column's database name; null for expressions (`sql\`lower(...)\``). */
function columnOf(node: TS.Expression, byKey: Map<string, string>): string | null {
  const ts = typescript();
  if (ts.isPropertyAccessExpression(node)) return byKey.get(node.name.text) ?? null;
  if (ts.isElementAccessExpression(node)) {
    const key = stringValue(node.argumentExpression);
    return key === null ? null : (byKey.get(key) ?? null);
  }
  return null;
}

/** `() => users.id` -> `users.id`. */
function referenceTarget(node: TS.Expression | undefined): string | null {
  const ts = typescript();
  if (!node || !ts.isArrowFunction(node)) return null;
  let body: TS.Node = node.body;
  if (ts.isBlock(body)) {
    const ret = body.statements.find(ts.isReturnStatement);
    if (!ret?.expression) return null;
    body = ret.expression;
  }
  return referenceText(body);
}

function referenceText(node: TS.Node): string | null {
  const ts = typescript();
  if (ts.isPropertyAccessExpression(node) && ts.isIdentifier(node.expression)) {
    return `${node.expression.text}.${node.name.text}`;
  }
  return null;
}
