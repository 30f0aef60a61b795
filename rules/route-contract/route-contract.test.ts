import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./route-contract.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const blog = join(import.meta.dirname, "fixtures", "blog");
const nest = join(import.meta.dirname, "fixtures", "nest-app");
const py = (rel: string) => join(blog, rel);
const ts = (rel: string) => join(nest, rel);
const pyDisk = (rel: string) => readFileSync(py(rel), "utf8");
const tsDisk = (rel: string) => readFileSync(ts(rel), "utf8");
const SCHEMA_FIX =
  "response_model= (or a return annotation naming a schema; response_class= for files and redirects)";
const POST_200 = "no status_code (FastAPI answers a POST with 200)";

pythonRuleTester().run("route-contract", rule, {
  valid: [
    // why: an aggregating router and one whose only route is left out of the schema need no tags
    {
      filename: py("app/routes/admin.py"),
      code: pyDisk("app/routes/admin.py"),
    },
    // why: a return annotation naming a type (here str) declares the response
    {
      filename: py("app/routes/health.py"),
      code: pyDisk("app/routes/health.py").replace("-> dict[str, str]", "-> str"),
    },
    // why: statusCode "off" and a schema: nothing missing
    {
      filename: py("app/routes/posts.py"),
      code: pyDisk("app/routes/posts.py")
        .replace("-> dict[str, Any]:", "-> PostRead:")
        .replace("async def post_stats():", "async def post_stats() -> PostRead:"),
      options: [{ statusCode: "off" }],
    },
  ],
  invalid: [
    {
      filename: py("app/routes/posts.py"),
      code: pyDisk("app/routes/posts.py"),
      errors: [
        {
          messageId: "contract",
          line: 23,
          column: 1,
          data: {
            handler: "create_post",
            route: " (POST /v1/posts)",
            missing: `no response schema and ${POST_200}`,
            fixes: `${SCHEMA_FIX} and status_code=201`,
          },
        },
        {
          messageId: "contract",
          line: 53,
          column: 1,
          data: {
            handler: "post_stats",
            route: " (GET /v1/posts/stats)",
            missing: "no response schema",
            fixes: SCHEMA_FIX,
          },
        },
      ],
    },
    // why: statusCode "post" asks every POST for a status; checkDocstrings names a missing docstring
    {
      filename: py("app/routes/posts.py"),
      code: pyDisk("app/routes/posts.py")
        .replace("-> dict[str, Any]:", "-> PostRead:")
        .replace('    """Publishes a draft (an action: 200 is right)."""\n', "")
        .replace("async def post_stats():", "async def post_stats() -> PostRead:"),
      options: [{ statusCode: "post", checkDocstrings: true }],
      errors: [
        {
          messageId: "contract",
          line: 23,
          column: 1,
          data: {
            handler: "create_post",
            route: " (POST /v1/posts)",
            missing: POST_200,
            fixes: "status_code=201",
          },
        },
        {
          messageId: "contract",
          line: 29,
          column: 1,
          data: {
            handler: "publish_post",
            route: " (POST /posts/{post_id}/publish)",
            missing: `${POST_200} and no docstring`,
            fixes: "status_code= and a docstring (the route's description in the OpenAPI docs)",
          },
        },
        {
          messageId: "contract",
          line: 46,
          column: 1,
          data: {
            handler: "count_view",
            // why: the buffer differs from the file on disk: paths as this text declares them
            route: " (POST /posts/{post_id}/views)",
            missing: POST_200,
            fixes: "status_code=",
          },
        },
      ],
    },
    // why: health.router has no tags, and main.py includes it without any; api is an aggregator
    {
      filename: py("app/main.py"),
      code: pyDisk("app/main.py"),
      errors: [
        {
          messageId: "untaggedInclude",
          line: 7,
          column: 1,
          endLine: 7,
          endColumn: 34,
          data: { router: "health.router" },
        },
      ],
    },
    {
      filename: py("app/routes/health.py"),
      code: pyDisk("app/routes/health.py"),
      errors: [
        {
          messageId: "contract",
          line: 6,
          column: 1,
          data: {
            handler: "health",
            route: " (GET /v1/health)",
            missing: "no response schema",
            fixes: SCHEMA_FIX,
          },
        },
      ],
    },
  ],
});

typescriptRuleTester().run("route-contract", rule, {
  valid: [
    // why: checkTags off leaves the controller without @ApiTags alone
    {
      filename: ts("src/health/health.controller.ts"),
      code: tsDisk("src/health/health.controller.ts"),
      options: [{ checkTags: false }],
    },
    // why: a project without @nestjs/swagger publishes no OpenAPI contract to check
    {
      filename: join(import.meta.dirname, "fixtures", "blog", "app", "posts.controller.ts"),
      code: tsDisk("src/posts/posts.controller.ts").replace('"@nestjs/swagger"', '"./swagger"'),
    },
  ],
  invalid: [
    {
      filename: ts("src/posts/posts.controller.ts"),
      code: tsDisk("src/posts/posts.controller.ts"),
      errors: [
        {
          messageId: "contract",
          line: 17,
          column: 3,
          data: {
            handler: "PostsController.stats",
            route: " (GET /posts/:id/stats)",
            missing: "no response schema",
            fixes: "@ApiOkResponse({ type: ... }) (or a return type naming a DTO)",
          },
        },
        {
          messageId: "contract",
          line: 39,
          column: 3,
          data: {
            handler: "PostsController.meta",
            route: " (GET /posts/:id/meta)",
            missing: "no response schema",
            fixes: "@ApiOkResponse({ type: ... }) (or a return type naming a DTO)",
          },
        },
      ],
    },
    {
      filename: ts("src/health/health.controller.ts"),
      code: tsDisk("src/health/health.controller.ts"),
      errors: [
        {
          messageId: "untaggedController",
          line: 4,
          column: 14,
          data: { name: "HealthController" },
        },
      ],
    },
  ],
});
