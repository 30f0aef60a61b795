// Synthetic Express + Prisma + zod backends in TypeScript for benchmarks: per entity a
// routes, service, repository, schema and model module, barrels, a `paths` alias, NodeNext
// `.js` specifiers and `import type`, with the imports such apps have.
// Deterministic: the same arguments give byte-identical trees.
//   node bench/ts-generate.mjs <dir> [files]     (default 500 files)
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

function routes(e) {
  const E = pascal(e);
  return `import { Router, type Request, type Response } from "express";
import { ${E}Service } from "@/services/index.js";
import { create${E}Schema, update${E}Schema } from "../schemas/${kebab(e)}.schema.js";

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
  });

  return router;
}
`;
}

function service(e, related) {
  const E = pascal(e);
  const imports = related
    .map((r) => `import type { ${pascal(r)}Service } from "./${kebab(r)}.service.js";`)
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
  }
}
`;
}

function repository(e) {
  const E = pascal(e);
  const table = camel(e);
  return `import type { ${E} } from "@/models/${kebab(e)}.model.js";
import { prisma } from "../db/client.js";
import type { Create${E}Input, Update${E}Input } from "../schemas/${kebab(e)}.schema.js";

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
  }
}
`;
}

function schema(e) {
  const E = pascal(e);
  return `import { z } from "zod";

export const create${E}Schema = z.object({
  name: z.string().min(1).max(200),
  description: z.string().optional(),
  active: z.boolean().default(true),
});

export const update${E}Schema = create${E}Schema.partial();

export type Create${E}Input = z.infer<typeof create${E}Schema>;
export type Update${E}Input = z.infer<typeof update${E}Schema>;
`;
}

function model(e) {
  const E = pascal(e);
  return `export interface ${E} {
  id: number;
  name: string;
  description: string | null;
  active: boolean;
  createdAt: Date;
}
`;
}

/**
 * Writes a project of about `nFiles` TypeScript files into `dir`; returns the
 * entity count. Five modules per entity, plus barrels and the app's own files.
 */
export function generateTsProject(dir, nFiles = 500) {
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
  for (const [i, e] of entities.entries()) {
    // Services use two or three earlier services (by type only): a DAG, no cycles.
    const related = [];
    for (let k = 0; k < 3 && i > 0; k++) {
      const other = entities[Math.floor(random() * i)];
      if (!related.includes(other)) related.push(other);
    }
    write(`src/routes/${kebab(e)}.routes.ts`, routes(e));
    write(`src/services/${kebab(e)}.service.ts`, service(e, related));
    write(`src/repositories/${kebab(e)}.repository.ts`, repository(e));
    write(`src/schemas/${kebab(e)}.schema.ts`, schema(e));
    write(`src/models/${kebab(e)}.model.ts`, model(e));
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
  return count;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [dir, files] = process.argv.slice(2);
  if (!dir) {
    console.error("Usage: node bench/ts-generate.mjs <dir> [files]");
    process.exit(2);
  }
  const entities = generateTsProject(resolve(dir), files ? Number(files) : 500);
  console.log(`${entities} entities, ${entities * PER_ENTITY + 6} files in ${resolve(dir)}`);
}
