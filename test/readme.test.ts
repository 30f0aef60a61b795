/**
 * The README's rule table is generated from rule metadata, never typed by hand.
 * Regenerate it with: UPDATE_README=1 npx vitest run test/readme.test.ts
 */
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { CATALOG_RULE_IDS } from "../src/catalog.js";
import { rules } from "../src/rules.js";
import { REPO } from "./cli/run-cli.js";

const START = "<!-- rules:start (generated from rule metadata: see test/readme.test.ts) -->";
const END = "<!-- rules:end -->";

function table(): string {
  const rows = CATALOG_RULE_IDS.filter((id) => id in rules).map((id) => {
    const { docs, fixable, languages } = rules[id].meta as (typeof rules)[string]["meta"] & {
      fixable?: string;
    };
    const names: Record<string, string> = {
      "layerlint/python": "Python",
      "js/js": "TypeScript",
      "layerlint/prisma": "Prisma",
    };
    const langs = languages.map((l) => names[l] ?? l);
    return `| [\`${id}\`](rules/${id}/README.md) | ${docs.description} | ${docs.recommended} | ${fixable ? "yes" : ""} | ${langs.join(", ")} |`;
  });
  const pending = CATALOG_RULE_IDS.filter((id) => !(id in rules));
  return [
    "| rule | what it checks | recommended | fix | languages |",
    "|---|---|---|---|---|",
    ...rows,
    "",
    `Not implemented yet (${pending.length} of ${CATALOG_RULE_IDS.length}): ${pending.map((id) => `\`${id}\``).join(", ")}.`,
  ].join("\n");
}

describe("README", () => {
  it("has the rule table generated from rule metadata", () => {
    const path = join(REPO, "README.md");
    const readme = readFileSync(path, "utf8");
    const start = readme.indexOf(START);
    const end = readme.indexOf(END);
    expect(start, "README lacks the rules:start marker").toBeGreaterThan(-1);
    const current = readme.slice(start + START.length, end).trim();
    if (process.env.UPDATE_README) {
      writeFileSync(
        path,
        `${readme.slice(0, start + START.length)}\n\n${table()}\n\n${readme.slice(end)}`,
      );
      return;
    }
    expect(current).toBe(table());
  });

  it.each([
    ["examples/fastapi-blog", "fastapi-blog.stylish.txt"],
    ["examples/express-shop", "express-shop.stylish.txt"],
  ])("quotes the quick start's findings on %s as the CLI prints them", (example, output) => {
    const readme = readFileSync(join(REPO, "README.md"), "utf8");
    const command = readme.indexOf(`npx layerlint ${example}\n`);
    expect(command, `README lacks the command for ${example}`).toBeGreaterThan(-1);
    const block = /```text\n([\s\S]*?)```/.exec(readme.slice(command))![1];
    const squeeze = (line: string) => line.trim().replace(/\s+/g, " ");
    const printed = new Set(
      readFileSync(join(REPO, "test/cli/expected", output), "utf8")
        .split("\n")
        .map(squeeze),
    );
    const quoted = block
      .split("\n")
      .filter((line) => /^\s+\d+:\d+\s/.test(line) || /^✖/.test(line));
    expect(quoted.length).toBeGreaterThan(2);
    expect(quoted.map(squeeze).filter((line) => !printed.has(line))).toEqual([]);
  });
});
