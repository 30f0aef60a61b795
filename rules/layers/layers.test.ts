import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./layers.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const root = join(import.meta.dirname, "fixtures", "blog");
const file = (rel: string) => join(root, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");

pythonRuleTester().run("layers", rule, {
  valid: [
    // why: a models module without ORM classes (Pydantic payloads, as onyx names them) is schemas
    {
      filename: file("app/routes/posts.py"),
      code: "from app.models.events import PostPublished\n\n\ndef publish(post_id: int) -> PostPublished:\n    return PostPublished(post_id=post_id, title='x')\n",
    },
    // why: a Pydantic class in a models module beside its table model is a schema
    {
      filename: file("app/routes/posts.py"),
      code: 'from app.models.post import PostSummary\n\n\ndef summary() -> PostSummary:\n    return PostSummary(id=1, title="x")\n',
    },
    // why: each name of a from-import is judged alone: the model is only a type, the schema a value
    {
      filename: file("app/routes/posts.py"),
      code: "from app.models.post import Post, PostSummary\n\n\ndef first(post: Post) -> PostSummary:\n    return PostSummary(id=post.id, title=post.title)\n",
    },
    // The fixture project follows the layers everywhere.
    ...[
      "app/routes/posts.py",
      "app/services/post_service.py",
      "app/repositories/post_repository.py",
      "app/models/post.py",
      "app/main.py",
      "app/dependencies.py",
      "tests/test_posts.py",
    ].map((rel) => ({ filename: file(rel), code: onDisk(rel) })),
    // why: modules that match no layer (db, exceptions) are plumbing any layer may use
    {
      filename: file("app/repositories/post_repository.py"),
      code: "from app.db import session_factory\nfrom app.exceptions import NotFoundError\n",
    },
    // why: `app/api/deps.py` (FastAPI's full-stack template) is the providers module, a composition root
    {
      filename: file("app/api/deps.py"),
      code: "from app.repositories.post_repository import PostRepository\n",
    },
    // why: third-party and standard-library imports are not layers
    { filename: file("app/routes/posts.py"), code: "import sqlalchemy\nfrom os import path\n" },
    // why: schemas and shared modules are importable from every layer
    {
      filename: file("app/models/post.py"),
      code: "from app.schemas.post import PostResponse\nfrom app.core.security import hash_password\n",
    },
    {
      filename: file("app/routes/posts.py"),
      code: "from app.models.post import Post\n",
      options: [{ allow: [{ from: "routes", to: "models" }] }],
    },
    {
      filename: file("app/routes/posts.py"),
      code: "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.models.post import Post\n",
      options: [{ checkTypeCheckingImports: false }],
    },
    // why: naming a model type in a signature or response_model= is not data access
    {
      filename: file("app/routes/posts.py"),
      code: 'from app.models.post import Post as PostModel\n\n\n@router.get("/", response_model=list[PostModel])\nasync def show(post: PostModel = Depends(load)) -> PostModel:\n    current: PostModel | None = post\n    return current\n',
    },
    // why: type arguments of a generic base are type uses too
    {
      filename: file("app/routes/posts.py"),
      code: "from app.models.post import Post\n\n\nclass PostColumn(Column[Post, int]):\n    pass\n",
    },
    // why: a module whose name says routes but that declares none is not imported as routes
    {
      filename: file("app/services/post_service.py"),
      code: "from app.routes.resolver import organization_of\n",
    },
    // why: a file outside every layer (a script) is a composition root
    {
      filename: file("scripts/seed.py"),
      code: "from app.repositories.post_repository import PostRepository\n",
    },
  ],
  invalid: [
    // why: the table model built in the route is data access, whatever schema comes with it
    {
      filename: file("app/routes/posts.py"),
      code: 'from app.models.post import Post, PostSummary\n\n\ndef make() -> PostSummary:\n    post = Post(title="x")\n    return PostSummary(id=1, title=post.title)\n',
      errors: [{ messageId: "skipsLayer", line: 1, column: 1 }],
    },
    // why: beside deps.py, another module of the api/ directory is a route module
    {
      filename: file("app/api/helpers.py"),
      code: "from fastapi import APIRouter\nfrom app.repositories.post_repository import PostRepository\nrouter = APIRouter()\n",
      errors: [{ messageId: "skipsLayer", line: 2, column: 1 }],
    },
    {
      filename: file("app/routes/posts.py"),
      code: "from fastapi import APIRouter\nfrom app.repositories.post_repository import PostRepository\n",
      errors: [
        {
          messageId: "skipsLayer",
          data: {
            injection: "with Depends()",
            from: "routes",
            to: "repositories",
            module: "app.repositories.post_repository",
          },
          line: 2,
          column: 1,
          endLine: 2,
          endColumn: 60,
        },
      ],
    },
    {
      filename: file("app/routes/posts.py"),
      code: "import app.models.post as m\n\nquery = select(m.Post)\n",
      errors: [
        {
          messageId: "skipsLayer",
          data: {
            injection: "with Depends()",
            from: "routes",
            to: "models",
            module: "app.models.post",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: the repository is reached through a relative import
    {
      filename: file("app/repositories/post_repository.py"),
      code: "from ..services.post_service import PostService\n",
      errors: [
        {
          messageId: "importsUp",
          data: { from: "repositories", to: "services", module: "app.services.post_service" },
          line: 1,
          column: 1,
        },
      ],
    },
    // why: `from app.services import PostService` resolves through the package's re-export
    {
      filename: file("app/models/post.py"),
      code: "\n\nfrom app.services import PostService\n",
      errors: [
        {
          messageId: "importsUp",
          data: { from: "models", to: "services", module: "app.services.post_service" },
          line: 3,
          column: 1,
        },
      ],
    },
    {
      filename: file("app/services/post_service.py"),
      code: "from app.routes.posts import router\n",
      errors: [
        {
          messageId: "importsRoutes",
          data: { from: "services", module: "app.routes.posts" },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: file("app/services/post_service.py"),
      code: "from app.dependencies import get_post_service\n",
      errors: [
        {
          messageId: "importsRoot",
          data: { from: "services", module: "app.dependencies" },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: file("app/core/security.py"),
      code: "def f() -> None:\n    from app.repositories.post_repository import PostRepository\n",
      errors: [
        {
          messageId: "importsUp",
          data: { from: "shared", to: "repositories", module: "app.repositories.post_repository" },
          line: 2,
          column: 5,
        },
      ],
    },
    {
      filename: file("app/routes/posts.py"),
      code: "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from app.models.post import Post\n",
      options: [{ strictModelImports: true }],
      errors: [{ messageId: "skipsLayer", line: 3, column: 5 }],
    },
    // why: a model used as a value in a route is data access in the HTTP layer
    {
      filename: file("app/routes/posts.py"),
      code: "from app.models.post import Post\n\n\nasync def count(db: Session) -> int:\n    return await db.scalar(select(func.count()).select_from(Post))\n",
      errors: [
        {
          messageId: "skipsLayer",
          data: {
            injection: "with Depends()",
            from: "routes",
            to: "models",
            module: "app.models.post",
          },
          line: 1,
          column: 1,
        },
      ],
    },
    {
      filename: file("app/routes/posts.py"),
      code: "from app.models.post import Post\n\n\ndef show(post: Post) -> None:\n    pass\n",
      options: [{ strictModelImports: true }],
      errors: [{ messageId: "skipsLayer", line: 1, column: 1 }],
    },
    // why: one finding per statement, even when it imports two names from bad layers
    {
      filename: file("app/kafka/producer.py"),
      code: "from app.routes.posts import router, get_post\n",
      errors: [
        {
          messageId: "importsRoutes",
          data: { from: "events", module: "app.routes.posts" },
          line: 1,
          column: 1,
        },
      ],
    },
  ],
});

// TypeScript: the same direction on TypeScript's resolution (tsconfig `paths` included).
const ts = (rel: string) => join(import.meta.dirname, "../../test/fixtures", rel);
const tsOnDisk = (rel: string) => ({ filename: ts(rel), code: readFileSync(ts(rel), "utf8") });

typescriptRuleTester().run("layers (TypeScript)", rule, {
  valid: [
    tsOnDisk("depcruise-layered/src/routes/posts.ts"),
    // why: a model named only in type positions, without `import type`, is still no data access
    {
      filename: ts("depcruise-violations/src/routes/orders.ts"),
      code: 'import { Router } from "express";\nimport { Order } from "../models/order.entity";\n\nexport const router = Router();\nexport const first = (o: Order): Promise<Order[]> => Promise.resolve([o]);\n',
    },
    // why: a helper that lives in a routes directory but declares no routes is not a route
    {
      filename: ts("depcruise-violations/src/routes/order-mapper.ts"),
      code: 'import { OrderRepository } from "@/repositories/order.repository";\n\nexport const repo = OrderRepository;\n',
    },
    // why: a route may name a model's type; `import type` never loads it
    {
      filename: ts("depcruise-violations/src/routes/orders.ts"),
      code: 'import type { Order } from "../models/order.entity";\n\nexport const first = (o: Order): Order => o;\n',
    },
  ],
  invalid: [
    {
      ...tsOnDisk("depcruise-violations/src/routes/orders.ts"),
      errors: [
        {
          messageId: "skipsLayer",
          data: {
            from: "routes",
            to: "models",
            module: "src/models/order.entity.ts",
            injection: "through the constructor (NestJS) or your composition root",
          },
          line: 4,
          column: 1,
        },
        // why: the `@/` alias comes from tsconfig paths
        {
          messageId: "skipsLayer",
          data: {
            from: "routes",
            to: "repositories",
            module: "src/repositories/order.repository.ts",
            injection: "through the constructor (NestJS) or your composition root",
          },
          line: 5,
          column: 1,
        },
      ],
    },
    // why: a decorator argument on a constructor parameter property is a value, not a type
    {
      filename: ts("depcruise-violations/src/routes/orders.ts"),
      code: [
        'import { Controller } from "@nestjs/common";',
        'import { InjectRepository } from "@nestjs/typeorm";',
        'import type { Repository } from "typeorm";',
        'import { Order } from "../models/order.entity";',
        "",
        '@Controller("orders")',
        "export class OrdersController {",
        "  constructor(@InjectRepository(Order) private readonly orders: Repository<Order>) {}",
        "}",
        "",
      ].join("\n"),
      errors: [{ messageId: "skipsLayer", line: 4, column: 1 }],
    },
  ],
});

const blog = (rel: string) => join(import.meta.dirname, "fixtures/ts-blog", rel);
const blogOnDisk = (rel: string) => ({
  filename: blog(rel),
  code: readFileSync(blog(rel), "utf8"),
});

typescriptRuleTester().run("layers (TypeScript): ORM wiring and models without an ORM", rule, {
  valid: [
    // why: a `.model.ts` of enums and interfaces imports no ORM: it is a schema, usable anywhere
    {
      filename: blog("src/routes/posts.routes.ts"),
      code: 'import { Router } from "express";\nimport { PostStatus } from "../models/post-status.model";\n\nexport const router = Router();\nrouter.get("/posts", (_req, res) => {\n  res.json({ status: PostStatus.Published });\n});\n',
    },
    // why: MikroORM wants the entity to name its repository class; that is the ORM's wiring
    blogOnDisk("src/models/comment.entity.ts"),
    // why: a NestJS module wires services and repositories, even inside a shared-layer directory
    blogOnDisk("src/core/posts.module.ts"),
    // why: through a barrel only the names that lead to the model count: the guard is a value, the entity a type
    {
      filename: blog("src/routes/posts.routes.ts"),
      code: 'import { Router } from "express";\nimport { authGuard, Comment } from "../core";\n\nexport const router = Router();\nrouter.get("/comments", authGuard, (_req, res) => {\n  const none: Comment[] = [];\n  res.json(none);\n});\n',
    },
  ],
  invalid: [
    // why: the same import used to query from inside the model is a model calling up
    {
      filename: blog("src/models/comment.entity.ts"),
      code: 'import { Entity, PrimaryKey } from "@mikro-orm/core";\nimport { CommentRepository } from "../repositories/comment.repository";\n\n@Entity({ repositoryClass: CommentRepository })\nexport class Comment {\n  @PrimaryKey()\n  id!: number;\n\n  static latest(repo: CommentRepository) {\n    return CommentRepository.prototype.latest.call(repo);\n  }\n}\n',
      errors: [{ messageId: "importsUp", line: 2, column: 1 }],
    },
    // why: an entity declared with an ORM is a model: a route that uses it skips the services
    {
      filename: blog("src/routes/posts.routes.ts"),
      code: 'import { Router } from "express";\nimport { Comment } from "../models/comment.entity";\n\nexport const router = Router();\nrouter.get("/comments", (_req, res) => {\n  res.json(new Comment());\n});\n',
      errors: [{ messageId: "skipsLayer", line: 2, column: 1 }],
    },
    {
      filename: blog("src/routes/posts.routes.ts"),
      code: 'import { Router } from "express";\nimport { authGuard, Comment } from "../core";\n\nexport const router = Router();\nrouter.get("/comments", authGuard, (_req, res) => {\n  res.json(new Comment());\n});\n',
      errors: [{ messageId: "skipsLayer", line: 2, column: 1 }],
    },
  ],
});
