// Synthetic Express + Prisma + zod backends in TypeScript for benchmarks: per entity a
// routes, service, repository, schema and model module, barrels, a `paths` alias, NodeNext
// `.js` specifiers and `import type`, with the imports such apps have.
// Deterministic: the same arguments give byte-identical trees.
//   node bench/ts-generate.mjs <dir> [files] [--plant]     (default 500 files)
// --plant (option `plant`) adds known architecture violations, the same few per 10 entities
// whatever the size, so that benchmarks can check that every tool finds all of them:
// layer violations (`plantedViolations`) and two-service import cycles (`plantedCycles`).
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Files written per domain entity: routes, service, repository, schema, model. */
const PER_ENTITY = 5;

function lcg(seed) {
  let state = seed >>> 0;
  return () => {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    return state / 2 ** 32;
  };
}

const pascal = (name) => name.replace(/(^|_)([a-z0-9])/g, (_, __, c) => c.toUpperCase());
const camel = (name) => name.replace(/_([a-z0-9])/g, (_, c) => c.toUpperCase());
const kebab = (name) => name.replace(/_/g, "-");

/** Nothing planted: no extra imports, no extra members. */
const NO_EXTRA = { imports: [], members: [] };

/**
 * What `--plant` adds to entity `i` (of `entities`): per 10 entities one layer violation, a
 * value import that every tool must report, rotating through four kinds (each points at the
 * previous entity, so no import cycle forms), and per 50 entities one cycle: two services
 * that import each other as values. Returns extras by file kind, and the counts.
 */
function planted(entities, i) {
  const extras = {
    routes: null,
    service: NO_EXTRA,
    repository: NO_EXTRA,
    schema: NO_EXTRA,
    model: NO_EXTRA,
  };
  let violations = 0;
  let cycles = 0;
  if (i % 10 === 5) {
    const prev = entities[i - 1];
    const P = pascal(prev);
    violations = 1;
    switch (Math.floor(i / 10) % 4) {
      case 0: // routes -> repositories
        extras.routes = true;
        break;
      case 1: // repositories -> services
        extras.repository = {
          imports: [`import { ${P}Service } from "../services/${kebab(prev)}.service.js";`],
          members: [
            `\n\n  owner(id: number): Promise<unknown> {\n    return new ${P}Service().get(id);\n  }`,
          ],
        };
        break;
      case 2: // models -> services
        extras.model = {
          imports: [`import { ${P}Service } from "@/services/${kebab(prev)}.service.js";`],
          members: [`\nexport const ${camel(entities[i])}Loader = new ${P}Service();\n`],
        };
        break;
      default: // schemas -> repositories
        extras.schema = {
          imports: [
            `import { ${P}Repository } from "../repositories/${kebab(prev)}.repository.js";`,
          ],
          members: [`\nexport const ${camel(entities[i])}Lookup = new ${P}Repository();\n`],
        };
    }
  }
  // Entities 22 and 23, 72 and 73, ...: far from the violations (5, 4, 15, 14, ...).
  const partner = i % 50 === 22 ? entities[i + 1] : i % 50 === 23 ? entities[i - 1] : undefined;
  // (entity 22 without a 23 plants nothing: entities[i + 1] is undefined.)
  if (partner) {
    const Q = pascal(partner);
    extras.service = {
      imports: [`import { ${Q}Service } from "./${kebab(partner)}.service.js";`],
      members: [`\n\n  partner(): ${Q}Service {\n    return new ${Q}Service();\n  }`],
    };
    if (i % 50 === 22) cycles = 1;
  }
  return { extras, violations, cycles };
}

function routes(e, plant = null) {
  const E = pascal(e);
  // Planted: a route that queries the repository itself, skipping the service.
  const planted = plant
    ? {
        import: `\nimport { ${E}Repository } from "@/repositories/${kebab(e)}.repository.js";`,
        handler: `

  router.get("/:id/raw", async (req: Request, res: Response) => {
    res.json(await new ${E}Repository().findById(Number(req.params.id)));
  });`,
      }
    : { import: "", handler: "" };
  return `import { Router, type Request, type Response } from "express";
import { ${E}Service } from "@/services/index.js";
import { create${E}Schema, update${E}Schema } from "../schemas/${kebab(e)}.schema.js";${planted.import}

export function ${camel(e)}Router(service: ${E}Service): Router {
  const router = Router();

  router.get("/", async (req: Request, res: Response) => {
    const limit = Number(req.query.limit ?? 50);
    const offset = Number(req.query.offset ?? 0);
    res.json(await service.list(limit, offset));
  });

  router.get("/:id", async (req: Request, res: Response) => {
    res.json(await service.get(Number(req.params.id)));
  });

  router.post("/", async (req: Request, res: Response) => {
    const input = create${E}Schema.parse(req.body);
    res.status(201).json(await service.create(input));
  });

  router.patch("/:id", async (req: Request, res: Response) => {
    const input = update${E}Schema.parse(req.body);
    res.json(await service.update(Number(req.params.id), input));
  });

  router.delete("/:id", async (req: Request, res: Response) => {
    await service.remove(Number(req.params.id));
    res.status(204).end();
  });${planted.handler}

  return router;
}
`;
}

function service(e, related, extra = NO_EXTRA) {
  const E = pascal(e);
  const imports = related
    .map((r) => `import type { ${pascal(r)}Service } from "./${kebab(r)}.service.js";`)
    .concat(extra.imports)
    .join("\n");
  return `import type { ${E} } from "@/models/${kebab(e)}.model.js";
import { ${E}Repository } from "@/repositories/${kebab(e)}.repository.js";
import type { Create${E}Input, Update${E}Input } from "../schemas/${kebab(e)}.schema.js";
import { NotFoundError } from "../core/errors.js";
${imports}

export class ${E}Service {
  constructor(
    private readonly repository: ${E}Repository = new ${E}Repository(),
${related.map((r) => `    private readonly ${camel(r)}s?: ${pascal(r)}Service,`).join("\n")}
  ) {}

  async list(limit: number, offset: number): Promise<${E}[]> {
    return this.repository.list(limit, offset);
  }

  async get(id: number): Promise<${E}> {
    const item = await this.repository.findById(id);
    if (!item) throw new NotFoundError(\`${E} \${id} not found\`);
    return item;
  }

  async create(input: Create${E}Input): Promise<${E}> {
    return this.repository.create(input);
  }

  async update(id: number, input: Update${E}Input): Promise<${E}> {
    await this.get(id);
    return this.repository.update(id, input);
  }

  async remove(id: number): Promise<void> {
    await this.get(id);
    await this.repository.remove(id);
  }${extra.members.join("")}
}
`;
}

function repository(e, extra = NO_EXTRA) {
  const E = pascal(e);
  const table = camel(e);
  return `import type { ${E} } from "@/models/${kebab(e)}.model.js";
import { prisma } from "../db/client.js";
import type { Create${E}Input, Update${E}Input } from "../schemas/${kebab(e)}.schema.js";${extra.imports.map((i) => `\n${i}`).join("")}

export class ${E}Repository {
  list(limit: number, offset: number): Promise<${E}[]> {
    return prisma.${table}.findMany({ take: limit, skip: offset, orderBy: { id: "asc" } });
  }

  findById(id: number): Promise<${E} | null> {
    return prisma.${table}.findUnique({ where: { id } });
  }

  create(input: Create${E}Input): Promise<${E}> {
    return prisma.${table}.create({ data: input });
  }

  update(id: number, input: Update${E}Input): Promise<${E}> {
    return prisma.${table}.update({ where: { id }, data: input });
  }

  async remove(id: number): Promise<void> {
    await prisma.${table}.delete({ where: { id } });
  }${extra.members.join("")}
}
`;
}

function schema(e, extra = NO_EXTRA) {
  const E = pascal(e);
  return `import { z } from "zod";${extra.imports.map((i) => `\n${i}`).join("")}

export const create${E}Schema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  active: z.boolean().default(true),
});

export const update${E}Schema = create${E}Schema.partial();

export type Create${E}Input = z.infer<typeof create${E}Schema>;
export type Update${E}Input = z.infer<typeof update${E}Schema>;
${extra.members.join("")}`;
}

function model(e, extra = NO_EXTRA) {
  const E = pascal(e);
  return `${extra.imports.map((i) => `${i}\n\n`).join("")}export interface ${E} {
  id: number;
  name: string;
  description: string | null;
  active: boolean;
  createdAt: Date;
}
${extra.members.join("")}`;
}

/**
 * Writes a project of about `nFiles` TypeScript files into `dir`. Five modules per
 * entity, plus barrels and the app's own files. With `plant`, adds the violations of
 * `planted()`. Returns the entity and file counts and what was planted.
 */
export function generateTsProject(dir, nFiles = 500, { plant = false } = {}) {
  const random = lcg(20260101);
  const count = Math.max(1, Math.floor((nFiles - 6) / PER_ENTITY));
  const entities = Array.from({ length: count }, (_, i) => `entity_${String(i).padStart(4, "0")}`);
  const write = (rel, text) => {
    mkdirSync(dirname(join(dir, rel)), { recursive: true });
    writeFileSync(join(dir, rel), text);
  };
  write(
    "package.json",
    `${JSON.stringify(
      {
        name: "bench-ts-api",
        private: true,
        type: "module",
        dependencies: { "@prisma/client": "^6.1.0", express: "^4.21.2", zod: "^3.24.1" },
      },
      null,
      2,
    )}\n`,
  );
  write(
    "tsconfig.json",
    `${JSON.stringify(
      {
        compilerOptions: {
          target: "ES2022",
          module: "NodeNext",
          moduleResolution: "NodeNext",
          strict: true,
          baseUrl: ".",
          paths: { "@/*": ["src/*"] },
        },
        include: ["src"],
      },
      null,
      2,
    )}\n`,
  );
  let plantedViolations = 0;
  let plantedCycles = 0;
  for (const [i, e] of entities.entries()) {
    // Services use two or three earlier services (by type only): a DAG, no cycles.
    const related = [];
    for (let k = 0; k < 3 && i > 0; k++) {
      const other = entities[Math.floor(random() * i)];
      if (!related.includes(other)) related.push(other);
    }
    const { extras, violations, cycles } = plant
      ? planted(entities, i)
      : { extras: null, violations: 0, cycles: 0 };
    plantedViolations += violations;
    plantedCycles += cycles;
    write(`src/routes/${kebab(e)}.routes.ts`, routes(e, extras?.routes));
    write(`src/services/${kebab(e)}.service.ts`, service(e, related, extras?.service));
    write(`src/repositories/${kebab(e)}.repository.ts`, repository(e, extras?.repository));
    write(`src/schemas/${kebab(e)}.schema.ts`, schema(e, extras?.schema));
    write(`src/models/${kebab(e)}.model.ts`, model(e, extras?.model));
  }
  write(
    "src/services/index.ts",
    entities.map((e) => `export * from "./${kebab(e)}.service.js";`).join("\n") + "\n",
  );
  write(
    "src/routes/index.ts",
    entities.map((e) => `export { ${camel(e)}Router } from "./${kebab(e)}.routes.js";`).join("\n") +
      "\n",
  );
  write(
    "src/core/errors.ts",
    "export class NotFoundError extends Error {}\nexport class ConflictError extends Error {}\n",
  );
  write(
    "src/db/client.ts",
    'import { PrismaClient } from "@prisma/client";\n\nexport const prisma = new PrismaClient();\n',
  );
  write(
    "src/app.ts",
    `import express, { type Express } from "express";
import * as routers from "./routes/index.js";
import * as services from "./services/index.js";

export function createApp(): Express {
  const app = express();
  app.use(express.json());
${entities.map((e) => `  app.use("/${kebab(e)}s", routers.${camel(e)}Router(new services.${pascal(e)}Service()));`).join("\n")}
  return app;
}
`,
  );
  write(
    "src/server.ts",
    'import { createApp } from "./app.js";\n\ncreateApp().listen(Number(process.env.PORT ?? 3000));\n',
  );
  return {
    entities: count,
    files: count * PER_ENTITY + 6,
    plantedViolations,
    plantedCycles,
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = process.argv.slice(2);
  const plant = args.includes("--plant");
  const [dir, files] = args.filter((a) => a !== "--plant");
  if (!dir) {
    console.error("Usage: node bench/ts-generate.mjs <dir> [files] [--plant]");
    process.exit(2);
  }
  const made = generateTsProject(resolve(dir), files ? Number(files) : 500, { plant });
  console.log(
    `${made.entities} entities, ${made.files} files in ${resolve(dir)}` +
      (plant
        ? `; planted ${made.plantedViolations} layer violations, ${made.plantedCycles} cycles`
        : ""),
  );
}
