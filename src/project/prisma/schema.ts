/**
 * The database a Prisma schema declares: models with their table and column names
 * (`@@map`/`@map`), relation scalar fields (`@relation(fields: [...])`), indexes
 * (`@@index`, `@@unique`, `@unique`, `@@id`, `@id`) and implicit many-to-many join
 * tables. Views, enums and composite types are not tables; `@ignore`d fields and
 * `@@ignore`d models are left out (Prisma does not manage them).
 */
import type {
  PrismaArgument,
  PrismaBlockAttribute,
  PrismaField,
  PrismaModel,
  PrismaSchemaNode,
  PrismaValue,
} from "../../languages/prisma/nodes.js";

export interface PrismaColumn {
  field: string;
  /** The database column name: `@map("...")` or the field name. */
  column: string;
  node: PrismaField;
  file: string;
}

export interface PrismaRelation {
  /** The relation field (`author User @relation(...)`). */
  node: PrismaField;
  target: string;
  /** The scalar fields holding the foreign key, in order. */
  fields: string[];
}

export interface PrismaIndex {
  kind: "index" | "unique" | "id";
  /** Field names, in order. */
  fields: string[];
  /** Database column names, in order. */
  columns: string[];
  /** The database name (`map:`), when given. */
  name: string | null;
  node: PrismaField | PrismaBlockAttribute;
}

export interface PrismaTableModel {
  model: string;
  table: string;
  node: PrismaModel;
  file: string;
  columns: PrismaColumn[];
  /** Columns of `@ignore`d fields: in the database, unknown to the client. */
  ignoredColumns: string[];
  relations: PrismaRelation[];
  indexes: PrismaIndex[];
}

/** An implicit many-to-many relation's join table (`_CategoryToPost`, columns A and B). */
export interface PrismaJoinTable {
  table: string;
  /** The model whose name sorts first; `node` is its relation field. */
  model: string;
  /** The relation field of the model whose name sorts first (where a report lands). */
  node: PrismaField;
  file: string;
}

export interface PrismaSchemaModel {
  /** The datasource `provider` (`postgresql`, `mysql`, ...), or null without a datasource. */
  provider: string | null;
  /** The datasource `relationMode` (`foreignKeys` by default, or `prisma`). */
  relationMode: string;
  models: PrismaTableModel[];
  joinTables: PrismaJoinTable[];
}

/** A string argument's text without quotes; null for anything else. */
export function stringValue(value: PrismaValue | undefined): string | null {
  return typeof value === "string" && value.startsWith('"') ? (JSON.parse(value) as string) : null;
}

function argument(args: PrismaArgument[], key: string, position = 0): PrismaValue | undefined {
  return (
    args.find((a) => a.key === key)?.value ?? args.filter((a) => a.key === null)[position]?.value
  );
}

/** Field names of `[a, b(sort: Desc)]`. */
function fieldList(value: PrismaValue | undefined): string[] {
  const items =
    value && typeof value === "object" && "type" in value && value.type === "array"
      ? value.args
      : [];
  return items.flatMap((item) =>
    typeof item === "string"
      ? [item]
      : item && typeof item === "object" && "type" in item && item.type === "function"
        ? [item.name]
        : [],
  );
}

const attr = (field: PrismaField, name: string) => field.attributes.find((a) => a.name === name);

/** Builds the model from the files of one schema (a single file or a multi-file folder). */
export function prismaSchemaModel(
  files: { file: string; ast: PrismaSchemaNode }[],
): PrismaSchemaModel {
  const blocks = files.flatMap(({ file, ast }) => ast.body.map((node) => ({ file, node })));
  const modelNames = new Set(blocks.filter((b) => b.node.type === "Model").map((b) => b.node.name));
  let provider: string | null = null;
  let relationMode = "foreignKeys";
  for (const { node } of blocks) {
    if (node.type !== "Datasource") continue;
    for (const a of node.assignments) {
      if (a.key === "provider") provider = stringValue(a.value) ?? provider;
      if (a.key === "relationMode") relationMode = stringValue(a.value) ?? relationMode;
    }
  }

  const models: PrismaTableModel[] = [];
  const manyToMany: {
    model: string;
    field: PrismaField;
    target: string;
    name: string | null;
    file: string;
  }[] = [];
  for (const { file, node } of blocks) {
    if (node.type !== "Model") continue;
    const blockAttrs = node.members.filter(
      (m): m is PrismaBlockAttribute => m.type === "BlockAttribute",
    );
    if (blockAttrs.some((a) => a.name === "ignore")) continue;
    const mapped = blockAttrs.find((a) => a.name === "map");
    const table = stringValue(mapped && argument(mapped.args, "name")) ?? node.name;
    const all = node.members.filter((m): m is PrismaField => m.type === "Field");
    const fields = all.filter((m) => !attr(m, "ignore"));
    const ignoredColumns = all
      .filter((m) => attr(m, "ignore") && !modelNames.has(m.fieldType))
      .map((m) => stringValue(argument(attr(m, "map")?.args ?? [], "name")) ?? m.name);
    const columnOf = new Map<string, string>();
    const columns: PrismaColumn[] = [];
    const relations: PrismaRelation[] = [];
    const indexes: PrismaIndex[] = [];
    for (const field of fields) {
      if (modelNames.has(field.fieldType)) {
        const relation = attr(field, "relation");
        const fks = fieldList(relation && argument(relation.args, "fields", 1));
        if (fks.length > 0) relations.push({ node: field, target: field.fieldType, fields: fks });
        else if (field.array) {
          const name = stringValue(relation && argument(relation.args, "name"));
          manyToMany.push({ model: node.name, field, target: field.fieldType, name, file });
        }
        continue;
      }
      const map = attr(field, "map");
      const column = stringValue(map && argument(map.args, "name")) ?? field.name;
      columnOf.set(field.name, column);
      // A composite type or enum field is a column too (JSON / enum type); only relations are not.
      columns.push({ field: field.name, column, node: field, file });
      for (const kind of ["id", "unique"] as const) {
        const a = attr(field, kind);
        if (a)
          indexes.push({
            kind,
            fields: [field.name],
            columns: [],
            name: stringValue(argument(a.args, "map", 99)),
            node: field,
          });
      }
    }
    for (const a of blockAttrs) {
      const kind =
        a.name === "index"
          ? "index"
          : a.name === "unique"
            ? "unique"
            : a.name === "id"
              ? "id"
              : null;
      if (!kind) continue;
      indexes.push({
        kind,
        fields: fieldList(argument(a.args, "fields")),
        columns: [],
        name: stringValue(argument(a.args, "map", 99)),
        node: a,
      });
    }
    for (const index of indexes) index.columns = index.fields.map((f) => columnOf.get(f) ?? f);
    models.push({
      model: node.name,
      table,
      node,
      file,
      columns,
      ignoredColumns,
      relations,
      indexes,
    });
  }

  const joinTables: PrismaJoinTable[] = [];
  for (const side of manyToMany) {
    const other = manyToMany.find(
      (o) =>
        o !== side && o.model === side.target && o.target === side.model && o.name === side.name,
    );
    if (!other) continue;
    // Each pair is seen from both sides: keep the side whose model sorts first.
    const [first, second] = [side.model, side.target].sort();
    if (first !== side.model || (first === second && side.field.name > other.field.name)) continue;
    joinTables.push({
      model: side.model,
      table: `_${side.name ?? `${first}To${second}`}`,
      node: side.field,
      file: side.file,
    });
  }
  return { provider, relationMode, models, joinTables };
}
