import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { rules } from "../../src/rules.js";
import { REPO, runCli, summarize } from "./run-cli.js";

// When every rule enabled for TypeScript reads only imports (`layers`,
// `no-import-cycles`), the CLI builds no syntax tree: the findings must be those
// of a run on typescript-eslint's tree, directives and parse errors included.

const tmp = mkdtempSync(join(tmpdir(), "layerlint-imports-only-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

function write(root: string, files: Record<string, string | Buffer>): string {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, rel)), { recursive: true });
    writeFileSync(join(root, rel), text);
  }
  return root;
}

const LAYERING = { layers: "error", "no-import-cycles": "error" };
/** The same rules plus one that reads the tree: typescript-eslint's parser runs. */
const WITH_TREE = { ...LAYERING, "require-return-type": "warn" };
/** Every other rule, off: which ones exist comes from the rule list, not from this file. */
const OTHER_RULES_OFF = Object.fromEntries(
  Object.keys(rules)
    .filter((id) => !(id in LAYERING))
    .map((id) => [id, "off"]),
);

function configFile(name: string, rules: Record<string, string>): string {
  const path = join(tmp, `${name}.json`);
  writeFileSync(path, JSON.stringify({ rules: { ...OTHER_RULES_OFF, ...rules } }));
  return path;
}
const layeringOnly = configFile("layering", LAYERING);
const withTree = configFile("with-tree", WITH_TREE);

/** Findings of `layers`, `no-import-cycles` and parse errors (the tree rule's are left out). */
function layering(root: string, config: string, extra: string[] = []) {
  const { code, stdout, stderr } = runCli([root, "-c", config, "-f", "json", ...extra]);
  const lines = summarize(stdout, root).filter((l) => !l.includes("require-return-type"));
  return { code, lines, stderr };
}

const BOM = "\uFEFF";

describe("TypeScript linted for imports only", () => {
  const root = write(join(tmp, "project"), {
    "package.json": JSON.stringify({ name: "shop", dependencies: { express: "4" } }),
    "tsconfig.json": JSON.stringify({ compilerOptions: { paths: { "@/*": ["./src/*"] } } }),
    "src/routes/orders.routes.ts": [
      'import { Router } from "express";',
      "// eslint-disable-next-line layerlint/layers -- the audit log is read-only",
      'import { AuditRepository } from "../repositories/audit.repository";',
      'import { OrderRepository } from "@/repositories/order.repository"; const note = "/* eslint-disable-line layerlint/layers */";',
      "const pattern = /\\/\\//; // a regex with slashes, then a comment",
      "",
      "export const router = Router();",
      'router.get("/", async (_req, res) => {',
      "  res.json({ orders: await new OrderRepository().all(), audit: AuditRepository.name, note, pattern });",
      "});",
      "",
    ].join("\n"),
    "src/repositories/audit.repository.ts": "export class AuditRepository {}\n",
    // why: a BOM and CRLF line ends: columns and lines as ESLint counts them
    "src/repositories/order.repository.ts": `${BOM}// orders\r\nimport { price } from "../services/pricing.service";\r\n\r\nexport class OrderRepository {\r\n  async all(): Promise<number[]> {\r\n    return [price(1)];\r\n  }\r\n}\r\n`,
    "src/services/pricing.service.ts":
      'import { discount } from "./discount.service";\n\nexport const price = (n: number): number => n - discount(n);\n',
    "src/services/discount.service.ts":
      '/* eslint-disable layerlint/no-import-cycles */\nimport { price } from "./pricing.service";\n\nexport const discount = (n: number): number => (n > 100 ? price(n / 10) : 0);\n',
    "src/services/broken.service.ts": "export function f(: number {\n  return 1;\n}\n",
    "scripts/seed.js":
      '#!/usr/bin/env node\nconst { price } = require("../src/services/pricing.service");\nconsole.log(price(3));\n',
  });

  it("gives the findings a run on typescript-eslint's tree gives", () => {
    const light = layering(root, layeringOnly);
    const full = layering(root, withTree);
    expect(light.lines).toEqual([
      'src/repositories/order.repository.ts:2:1 error layerlint/layers Layer "repositories" imports "src/services/pricing.service.ts" (services); imports must point down the layers. Move the shared code down, or invert the call.',
      'src/routes/orders.routes.ts:4:1 error layerlint/layers Layer "routes" imports "src/repositories/order.repository.ts" (repositories), skipping the services layer. Call a service that uses it, injected through the constructor (NestJS) or your composition root.',
      "src/services/broken.service.ts:1:18 error - Parsing error: Parameter declaration expected.",
      "src/services/pricing.service.ts:1:1 error layerlint/no-import-cycles Import cycle: src/services/pricing.service.ts -> src/services/discount.service.ts -> src/services/pricing.service.ts. Move what the modules share into a lower layer, or pass it in as a parameter.",
    ]);
    expect(light.lines).toEqual(full.lines);
    expect(light.code).toBe(1);
  });

  it("says so with --debug, and only then", () => {
    const says = (stderr: string) => stderr.includes("parsed for their imports only");
    expect(says(layering(root, layeringOnly, ["--debug"]).stderr)).toBe(true);
    expect(says(layering(root, withTree, ["--debug"]).stderr)).toBe(false);
  });

  it("gives the same report in two processes", () => {
    const one = runCli([root, "-c", layeringOnly, "-f", "json", "--concurrency", "off"]);
    const two = runCli([root, "-c", layeringOnly, "-f", "json", "--concurrency", "2"]);
    expect(two.stdout).toBe(one.stdout);
  });

  it("agrees on the planted violations of the TypeScript fixtures", () => {
    for (const fixture of [
      "depcruise-violations",
      "ts-express-prisma-violations",
      "ts-nest-typeorm-violations",
    ]) {
      const at = join(REPO, "test/fixtures", fixture);
      const light = layering(at, layeringOnly);
      expect(light.lines.length).toBeGreaterThan(0);
      expect(light.lines).toEqual(layering(at, withTree).lines);
    }
  });
});
