/** Child keys per node type of the Prisma tree (`nodes.ts`); argument values are data, not nodes. */
export const visitorKeys: Record<string, string[]> = {
  PrismaSchema: ["body"],
  Model: ["members"],
  View: ["members"],
  CompositeType: ["members"],
  Enum: ["members"],
  Datasource: ["assignments"],
  Generator: ["assignments"],
  Field: ["attributes"],
  FieldAttribute: [],
  BlockAttribute: [],
  Enumerator: [],
  Assignment: [],
};
