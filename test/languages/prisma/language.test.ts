import { Linter } from "eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../../src/index.js";
import type { PrismaNode } from "../../../src/languages/prisma/nodes.js";
import { parsePrisma } from "../../../src/languages/prisma/parser.js";

const visits: string[] = [];
const probePlugin = {
  rules: {
    // Reports every field and records the traversal, to test locations, visitors and directives.
    fields: {
      meta: { type: "problem" as const, messages: { field: "Field {{name}}." }, schema: [] },
      create(context: { report: (d: object) => void }) {
        return {
          Field(node: PrismaNode & { name: string }) {
            context.report({ node, messageId: "field", data: { name: node.name } });
          },
          "Model:exit"(node: PrismaNode & { name: string }) {
            visits.push(`exit ${node.name}`);
          },
          "Field > FieldAttribute"(node: PrismaNode & { name: string }) {
            visits.push(`@${node.name} in ${node.parent?.type}`);
          },
        };
      },
    },
  },
};

function lint(code: string) {
  const linter = new Linter({ configType: "flat" });
  return linter.verify(
    code,
    [
      {
        files: ["**/*.prisma"],
        plugins: { layerlint: plugin, probe: probePlugin },
        language: "layerlint/prisma",
        rules: { "probe/fields": "error" },
      } as Linter.Config,
    ],
    "prisma/schema.prisma",
  );
}

const SCHEMA = [
  "// eslint-disable-next-line probe/fields -- the key",
  "model User {",
  "  id    Int    @id @default(autoincrement())",
  "  email String @unique @db.VarChar(255) // the login",
  "}",
  "",
].join("\n");

describe("layerlint/prisma language", () => {
  it("visits nodes in source order with locations, and honours // eslint-disable directives", () => {
    visits.length = 0;
    const messages = lint(
      `// header\n${SCHEMA.replace("// eslint-disable-next-line probe/fields -- the key\n", "")}`,
    );
    expect(messages.map((m) => [m.message, m.line, m.column, m.endLine, m.endColumn])).toEqual([
      ["Field id.", 3, 3, 3, 45],
      ["Field email.", 4, 3, 4, 40],
    ]);
    expect(visits).toEqual([
      "@id in Field",
      "@default in Field",
      "@unique in Field",
      "@db.VarChar in Field",
      "exit User",
    ]);
    // A directive silences the next line; the one above the model line has nothing to silence.
    const directive = lint(
      SCHEMA.replace(
        "model User {\n  id",
        "model User {\n  // eslint-disable-next-line probe/fields\n  id",
      ),
    );
    expect(directive.map((m) => [m.line, m.ruleId, m.message.slice(0, 30)])).toEqual([
      [1, null, "Unused eslint-disable directiv"],
      [5, "probe/fields", "Field email."],
    ]);
  });

  it("turns syntax errors into one parse error with a 1-based line and column", () => {
    const cases: [string, string, number, number][] = [
      ["model X {\n  id Int @id\n", "Expecting --> '}' <-- but found --> '' <--", 3, 1],
      ["model X {\n  id Int # x\n}\n", 'Unexpected character "#".', 2, 10],
      ['model X {\n  id String @default("x)\n}\n', "Unterminated string.", 2, 22],
      ["entity X {\n  id Int\n}\n", 'Unknown block type "entity".', 1, 1],
      ["model {\n}\n", 'Unexpected "{".', 1, 7],
      ["model X { id Int }\n", "Expecting --> LineBreak <-- but found --> 'id' <--", 1, 11],
    ];
    for (const [code, message, line, column] of cases) {
      const [error, ...rest] = lint(code);
      expect(rest).toEqual([]);
      expect({
        message: error.message,
        line: error.line,
        column: error.column,
        fatal: error.fatal,
      }).toEqual({
        message: `Parsing error: ${message}`,
        line,
        column,
        fatal: true,
      });
    }
  });

  it("never throws, whatever the input", () => {
    const inputs = [
      "",
      "\u0000",
      "model",
      "}}}}",
      "model A {\n".repeat(200),
      "@@@",
      '"',
      "model X {\n  a Int @relation(fields: [\n}\n",
      "\uFEFFmodel A {\n  id Int @id\n}\n",
    ];
    for (const input of inputs) expect(() => parsePrisma(input)).not.toThrow();
    expect(parsePrisma("").ok).toBe(true);
  });

  it("parses blocks of every kind into typed nodes", () => {
    const result = parsePrisma(
      [
        'datasource db {\n  provider = "sqlite"\n  url      = "file:dev.db"\n}',
        "enum Role {\n  USER\n  ADMIN\n}",
        "view Stats {\n  n Int\n}",
        "type Address {\n  street String\n}",
        'model Post {\n  id Int @id\n  @@index([id], map: "p")\n}',
        "",
      ].join("\n"),
    );
    if (!result.ok) throw new Error(result.errors[0].message);
    expect(
      result.ast.body.map((b) => `${b.type} ${b.name} ${b.loc.start.line}-${b.loc.end.line}`),
    ).toEqual([
      "Datasource db 1-4",
      "Enum Role 5-8",
      "View Stats 9-11",
      "CompositeType Address 12-14",
      "Model Post 15-18",
    ]);
  });
});
