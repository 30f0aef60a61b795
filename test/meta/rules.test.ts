/** Meta-tests: every rule has its room (doc, tests), its metadata, and docs whose examples hold. */
import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { Linter } from "eslint";
import tseslint from "typescript-eslint";
import { describe, expect, it } from "vitest";
import plugin from "../../src/index.js";
import { CATALOG_RULE_IDS } from "../../src/catalog.js";
import { rules } from "../../src/rules.js";

const ROOT = resolve(import.meta.dirname, "../..");
const HEADINGS = ["What it checks", "Why", "Bad", "Good", "Options", "Guideline reference"];
const CATALOG_PATH = resolve(ROOT, "../shared/rule-catalog.md");

type Fence = "python" | "ts" | "prisma";

/** The fenced blocks of one language under a `## heading`. */
function blocks(doc: string, heading: string, fence: Fence): string[] {
  const section = doc.split(/^## /m).find((s) => s.startsWith(`${heading}\n`)) ?? "";
  return [...section.matchAll(new RegExp(`\`\`\`${fence}\\n([\\s\\S]*?)\`\`\``, "g"))].map(
    (m) => m[1],
  );
}

/**
 * Lints a doc example; a first line `# file: <path>` (Python) or `// file: <path>`
 * (TypeScript), relative to the rule's room, names the file.
 */
function lintExample(id: string, code: string, fence: Fence): Linter.LintMessage[] {
  const header = /^(?:#|\/\/) file: (\S+)\n/.exec(code);
  const fallback =
    fence === "python"
      ? "app/services/example.py"
      : fence === "prisma"
        ? "prisma/schema.prisma"
        : "src/services/example.ts";
  const filename = join(ROOT, "rules", id, header ? header[1] : join("example", fallback));
  const config: Linter.Config =
    fence === "python"
      ? {
          files: ["**/*.py"],
          plugins: { layerlint: plugin },
          language: "layerlint/python",
          rules: { [`layerlint/${id}`]: "error" },
        }
      : fence === "prisma"
        ? {
            files: ["**/*.prisma"],
            plugins: { layerlint: plugin },
            language: "layerlint/prisma",
            rules: { [`layerlint/${id}`]: "error" },
          }
        : {
            files: ["**/*.ts"],
            plugins: { layerlint: plugin },
            languageOptions: { parser: tseslint.parser, sourceType: "module" },
            rules: { [`layerlint/${id}`]: "error" },
          };
  return new Linter({ configType: "flat" }).verify(code, [config], filename);
}

describe("every rule", () => {
  it("has an id from the catalog", () => {
    expect(Object.keys(rules).filter((id) => !CATALOG_RULE_IDS.includes(id))).toEqual([]);
  });

  // shared/ sits beside the repository in development and CI, not in an installed package.
  it.skipIf(!existsSync(CATALOG_PATH))(
    "and the catalog's ids are the ones listed in src/catalog.ts",
    () => {
      const catalog = readFileSync(CATALOG_PATH, "utf8");
      const ids = [...catalog.matchAll(/^\| `([a-z0-9-]+)` \|/gm)].map((m) => m[1]);
      expect(ids).toEqual(CATALOG_RULE_IDS);
    },
  );

  for (const [id, rule] of Object.entries(rules)) {
    describe(id, () => {
      const room = join(ROOT, "rules", id);
      const docPath = join(room, "README.md");

      it("has its room: rule, tests and doc", () => {
        expect(existsSync(join(room, `${id}.ts`))).toBe(true);
        expect(existsSync(join(room, `${id}.test.ts`))).toBe(true);
        expect(existsSync(docPath)).toBe(true);
      });

      it("has complete metadata", () => {
        const { docs, messages, languages, schema } = rule.meta;
        expect(docs.description).toMatch(/^[A-Z][^.]*[^.]$/);
        expect(docs.guideline).not.toBe("");
        expect(["error", "warn"]).toContain(docs.recommended);
        expect(languages.length).toBeGreaterThan(0);
        for (const message of Object.values(messages ?? {})) {
          expect(message).toMatch(/^[A-Z"].*\.$/);
        }
        for (const option of schema as {
          properties?: Record<string, { description?: string }>;
        }[]) {
          for (const [name, spec] of Object.entries(option.properties ?? {})) {
            expect(spec.description, `${name} needs a description`).toBeTruthy();
          }
        }
      });

      it("has a doc with the six headings in order, and documents every option", () => {
        const doc = readFileSync(docPath, "utf8");
        expect(doc.startsWith(`# ${id}\n`)).toBe(true);
        const headings = [...doc.matchAll(/^## (.+)$/gm)].map((m) => m[1]);
        expect(headings).toEqual(HEADINGS);
        const options = rule.meta.schema as { properties?: Record<string, unknown> }[];
        for (const option of options) {
          for (const name of Object.keys(option.properties ?? {})) {
            expect(doc).toContain(`\`${name}\``);
          }
        }
      });

      // Each language the rule lints has Bad and Good examples in its doc.
      const fences: Fence[] = [];
      if (rule.meta.languages.includes("layerlint/python")) fences.push("python");
      if (rule.meta.languages.includes("js/js")) fences.push("ts");
      if (rule.meta.languages.includes("layerlint/prisma")) fences.push("prisma");
      for (const fence of fences) {
        it(`reports every Bad ${fence} example and none of the Good ones`, () => {
          const doc = readFileSync(docPath, "utf8");
          const bad = blocks(doc, "Bad", fence);
          const good = blocks(doc, "Good", fence);
          expect(bad.length).toBeGreaterThan(0);
          expect(good.length).toBeGreaterThan(0);
          for (const code of bad) {
            const messages = lintExample(id, code, fence);
            expect(messages.filter((m) => m.fatal)).toEqual([]);
            expect(messages.filter((m) => m.ruleId === `layerlint/${id}`).length).toBeGreaterThan(
              0,
            );
          }
          for (const code of good) expect(lintExample(id, code, fence)).toEqual([]);
        });
      }
    });
  }
});
