import { describe, expect, it } from "vitest";
import {
  extractTsFacts,
  isDeclarationFile,
  type TsImportRecord,
} from "../../../src/project/typescript/imports.js";
import { typescript } from "../../../src/project/typescript/load.js";

function summary(r: TsImportRecord) {
  const flags = [r.typeOnly && "type", r.dynamic && "dynamic", r.inFunction && "fn"].filter(
    Boolean,
  );
  const bindings = r.bindings.map(
    (b) => `${b.name}${b.alias ? ` as ${b.alias}` : ""}${b.typeOnly ? " (type)" : ""}`,
  );
  return `${r.line}:${r.column}-${r.endLine}:${r.endColumn} ${r.kind} ${r.specifier} [${bindings.join(", ")}]${flags.length ? ` ${flags.join(" ")}` : ""}`;
}

const imports = (code: string, file = "src/a.ts") =>
  extractTsFacts(file, code).imports.map(summary);

describe("extractTsFacts: imports", () => {
  it("reads default, named, aliased, namespace and side-effect imports", () => {
    const code = [
      'import express, { Router, type Request as Req } from "express";',
      'import * as db from "./db.js";',
      'import "reflect-metadata";',
      'import {} from "./empty";',
      "",
    ].join("\n");
    expect(imports(code)).toEqual([
      "1:0-1:63 import express [default as express, Router, Request as Req (type)]",
      "2:0-2:30 import ./db.js [* as db]",
      "3:0-3:26 import reflect-metadata []",
      "4:0-4:25 import ./empty []",
    ]);
  });

  it("marks import type, export type and all-type names as type-only", () => {
    const code = [
      'import type { Post } from "./post.entity";',
      'import { type User, type Role } from "./user.entity";',
      'import type Default from "./d";',
      'export type { PostDto } from "./dto";',
      'export { type A, b } from "./ab";',
      "",
    ].join("\n");
    expect(imports(code)).toEqual([
      "1:0-1:42 import ./post.entity [Post (type)] type",
      "2:0-2:53 import ./user.entity [User (type), Role (type)] type",
      "3:0-3:31 import ./d [default as Default (type)] type",
      "4:0-4:37 export ./dto [PostDto (type)] type",
      // why: one name is a value, so the module is loaded at runtime
      "5:0-5:33 export ./ab [A (type), b]",
    ]);
  });

  it("reads export-from forms and import-equals", () => {
    const code = [
      'export * from "./post.service.js";',
      'export * as users from "./users";',
      'export { default as PostService, helper } from "./post";',
      'import helmet = require("helmet");',
      'export import pino = require("pino");',
      "",
    ].join("\n");
    expect(imports(code)).toEqual([
      "1:0-1:34 export ./post.service.js [*]",
      "2:0-2:33 export ./users [* as users]",
      "3:0-3:56 export ./post [default as PostService, helper]",
      "4:0-4:34 import-equals helmet [* as helmet]",
      "5:0-5:37 import-equals pino [* as pino]",
    ]);
  });

  it("finds require() at any depth, with what it binds", () => {
    const code = [
      'const express = require("express");',
      'const { PrismaClient, Prisma: P } = require("@prisma/client");',
      'const Router = require("express").Router;',
      "function load() {",
      '  return require("./lazy.cjs");',
      "}",
      "class Repo {",
      '  client = require("./client");',
      '  static shared = require("./shared");',
      "}",
      'app.use(require("./routes"));',
      'require.resolve("./not-an-import");',
      "require(name);",
      "",
    ].join("\n");
    expect(imports(code, "src/a.cjs")).toEqual([
      "1:16-1:34 require express [* as express]",
      "2:36-2:61 require @prisma/client [PrismaClient, Prisma as P]",
      "3:15-3:33 require express [Router]",
      "5:9-5:30 require ./lazy.cjs [] fn",
      // why: an instance field initializer runs in the constructor
      "8:11-8:30 require ./client [* as client] fn",
      "9:18-9:37 require ./shared [* as shared]",
      "11:8-11:27 require ./routes []",
    ]);
  });

  it("marks dynamic import() and finds import() types", () => {
    const code = [
      'const docs = await import("./docs.js");',
      "export async function route() {",
      '  const { render } = await import("./render");',
      "}",
      'export type Repo = import("./repo").PostRepository;',
      'let client: typeof import("@prisma/client");',
      "",
    ].join("\n");
    expect(imports(code)).toEqual([
      "1:19-1:38 dynamic ./docs.js [] dynamic",
      "3:27-3:45 dynamic ./render [] dynamic fn",
      "5:19-5:50 type-query ./repo [PostRepository (type)] type",
      "6:12-6:43 type-query @prisma/client [* (type)] type",
    ]);
  });

  it("keeps source order when statements and calls interleave", () => {
    const code = [
      'const a = require("./a");',
      'import b from "./b";',
      'export * from "./c";',
      'const d = require("./d");',
      "",
    ].join("\n");
    const facts = extractTsFacts("src/x.ts", code);
    expect(facts.imports.map((r) => r.specifier)).toEqual(["./a", "./b", "./c", "./d"]);
    // why: the star export points at its record after the renumbering
    expect(facts.starExports.map((i) => facts.imports[i].specifier)).toEqual(["./c"]);
  });

  it("counts columns in UTF-16 code units, as ESLint does", () => {
    const code = 'const s = "😀"; import x from "./x";\n';
    expect(imports(code)).toEqual(["1:16-1:36 import ./x [default as x]"]);
  });

  it("makes every import of a declaration file type-only", () => {
    const code =
      'import { Request } from "express";\nexport declare function f(r: Request): void;\n';
    expect(imports(code, "src/types.d.ts")).toEqual(["1:0-1:34 import express [Request] type"]);
    expect(isDeclarationFile("src/types.d.ts")).toBe(true);
    expect(isDeclarationFile("src/env.d.mts")).toBe(true);
    expect(isDeclarationFile("src/styles.d.css.ts")).toBe(true);
    expect(isDeclarationFile("src/d.ts")).toBe(false);
  });

  it("parses JSX in .tsx and .jsx files", () => {
    const code = 'import { Layout } from "./layout";\nexport const page = <Layout title="x" />;\n';
    expect(imports(code, "src/page.tsx")).toEqual(["1:0-1:34 import ./layout [Layout]"]);
    expect(imports(code, "src/page.jsx")).toEqual(["1:0-1:34 import ./layout [Layout]"]);
  });

  it("keeps what a file with syntax errors still says", () => {
    const code = 'import { a } from "./a";\nconst = ;\nimport { b } from "./b";\n';
    expect(extractTsFacts("src/x.ts", code).imports.map((r) => r.specifier)).toEqual([
      "./a",
      "./b",
    ]);
  });
});

describe("extractTsFacts: exports", () => {
  it("lists declared names, re-exports and star exports", () => {
    const code = [
      'import { PostService } from "./post.service";',
      'import * as repos from "./repos";',
      'export { UserService as Users } from "./user.service";',
      'export * from "./dto";',
      "export const a = 1, { b, c: [d] } = obj;",
      "export function f() {}",
      "export class K {}",
      "export interface I {}",
      "export type T = string;",
      "export enum E {}",
      "export default class {}",
      "const local = 1;",
      "export { PostService, repos, local as renamed };",
      "",
    ].join("\n");
    const facts = extractTsFacts("src/index.ts", code);
    expect(facts.exports).toEqual(["a", "b", "d", "f", "K", "I", "T", "E", "default", "renamed"]);
    expect(
      facts.reExports.map((r) => `${r.name} <- ${facts.imports[r.record].specifier}#${r.imported}`),
    ).toEqual([
      "Users <- ./user.service#UserService",
      "PostService <- ./post.service#PostService",
      "repos <- ./repos#*",
    ]);
    expect(facts.starExports.map((i) => facts.imports[i].specifier)).toEqual(["./dto"]);
  });

  it("treats `export default` of an imported name as a re-export", () => {
    const facts = extractTsFacts(
      "src/index.ts",
      'import { router } from "./posts.routes";\nexport default router;\n',
    );
    expect(facts.exports).toEqual([]);
    expect(facts.reExports).toEqual([{ name: "default", record: 0, imported: "router" }]);
  });
});

describe("extractTsFacts: positions", () => {
  it("gives TypeScript's own line and column under \\n, \\r\\n, \\r, U+2028 and U+2029 breaks", () => {
    const text = [
      'import a from "./a";',
      "/* a comment\u2028over two lines, for TypeScript */",
      'function f() {\r\n  return require("./late");\r\n}',
      '/* a block \u2029 comment */ import { b } from "./b";\rimport type { C } from "./c";',
      "",
      'export * from "./d";',
    ].join("\r\n");
    const sf = typescript().createSourceFile("x.ts", text, typescript().ScriptTarget.Latest);
    const records = extractTsFacts("x.ts", text).imports;
    expect(records.map((r) => r.specifier)).toEqual(["./a", "./late", "./b", "./c", "./d"]);
    for (const r of records) {
      const from = sf.getLineAndCharacterOfPosition(r.start);
      const to = sf.getLineAndCharacterOfPosition(r.start + r.length);
      expect([r.line, r.column, r.endLine, r.endColumn]).toEqual([
        from.line + 1,
        from.character,
        to.line + 1,
        to.character,
      ]);
    }
  });
});
