import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./endpoint-tests.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const fixtures = join(import.meta.dirname, "fixtures");
const file = (rel: string) => join(fixtures, rel);
const disk = (rel: string) => readFileSync(file(rel), "utf8");

pythonRuleTester().run("endpoint-tests", rule, {
  valid: [
    // why: asyncio_mode = "auto" runs unmarked async tests
    { filename: file("auto/tests/test_ping.py"), code: disk("auto/tests/test_ping.py") },
    // why: the module is marked with pytestmark
    { filename: file("blog/tests/test_more.py"), code: disk("blog/tests/test_more.py") },
    // why: anyio's marker runs coroutine tests too
    {
      filename: file("blog/tests/test_anyio.py"),
      code: "import pytest\n\n\n@pytest.mark.anyio\nasync def test_ping() -> None:\n    assert True\n",
    },
    // why: unittest's IsolatedAsyncioTestCase awaits its coroutine tests itself
    {
      filename: file("blog/tests/test_unittest_style.py"),
      code: [
        "import unittest",
        "",
        "",
        "class TestPing(unittest.IsolatedAsyncioTestCase):",
        "    async def test_ping(self) -> None:",
        "        self.assertTrue(True)",
        "",
      ].join("\n"),
    },
    // why: a project that never imports pytest runs its coroutine tests some other way
    {
      filename: file("express-api/test/test_ping.py"),
      code: "async def test_ping() -> None:\n    assert True\n",
    },
    // why: not a test module (conftest fixtures are no tests)
    {
      filename: file("blog/tests/conftest.py"),
      code: "async def test_like_fixture() -> None:\n    pass\n",
    },
  ],
  invalid: [
    // GET /posts is requested, GET /posts/{id} by its route name, POST by path: only DELETE is untested.
    {
      filename: file("blog/app/routes/posts.py"),
      code: disk("blog/app/routes/posts.py"),
      errors: [
        {
          messageId: "untestedRoute",
          line: 24,
          column: 1,
          data: {
            handler: "delete_post",
            route: " (DELETE /api/posts/{post_id})",
            method: "DELETE",
            path: "/api/posts/{post_id}",
          },
        },
      ],
    },
    {
      filename: file("blog/tests/test_posts.py"),
      code: disk("blog/tests/test_posts.py"),
      errors: [
        {
          messageId: "unmarkedAsyncTest",
          line: 13,
          column: 11,
          data: { name: "test_create_post" },
        },
        { messageId: "unmarkedAsyncTest", line: 18, column: 11, data: { name: "test_get_post" } },
        // why: a method of a Test class, unmarked like its class
        { messageId: "unmarkedAsyncTest", line: 24, column: 15, data: { name: "test_drafts" } },
      ],
    },
  ],
});

typescriptRuleTester().run("endpoint-tests", rule, {
  valid: [],
  invalid: [
    // GET /api/users and GET /api/users/:id are requested by supertest; DELETE is not.
    {
      filename: file("express-api/src/routes/users.ts"),
      code: disk("express-api/src/routes/users.ts"),
      errors: [
        {
          messageId: "untestedRoute",
          line: 13,
          column: 1,
          data: {
            handler: "DELETE /api/users/:id",
            route: "",
            method: "DELETE",
            path: "/api/users/:id",
          },
        },
      ],
    },
  ],
});
