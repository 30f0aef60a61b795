import rule from "./require-return-type.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const filename = "app/services/post_service.py";

pythonRuleTester().run("require-return-type", rule, {
  valid: [
    { filename, code: "def f() -> int:\n    return 1\n" },
    { filename, code: "async def f(x: int) -> None:\n    await g(x)\n" },
    { filename, code: "f = lambda x: x\n" },
    // why: a type comment annotates the function for mypy
    { filename, code: "def f(a):\n    # type: (int) -> str\n    return str(a)\n" },
    // why: FastAPI reads the response type from response_model=
    {
      filename: "app/routes/posts.py",
      code: '@router.post("/", response_model=PostResponse, status_code=201)\nasync def create_post(data: PostCreate):\n    return await service.create(data)\n',
    },
    {
      filename,
      code: "class S:\n    def __init__(self, db: Session):\n        self.db = db\n",
      options: [{ mypyInitReturn: true }],
    },
  ],
  invalid: [
    {
      filename,
      code: "def f(x: int):\n    print(x)\n",
      output: "def f(x: int) -> None:\n    print(x)\n",
      errors: [{ messageId: "missingNoneReturnType", data: { name: "f" }, line: 1, column: 5 }],
    },
    {
      filename,
      code: "async def get_posts(limit=10, offset=0):\n    return []\n",
      errors: [
        { messageId: "missingReturnType", data: { name: "get_posts" }, line: 1, column: 11 },
      ],
    },
    {
      filename,
      code: "class PostService:\n    def __init__(self, db: AsyncSession):\n        self.db = db\n",
      output:
        "class PostService:\n    def __init__(self, db: AsyncSession) -> None:\n        self.db = db\n",
      errors: [
        {
          messageId: "missingNoneReturnType",
          data: { name: "PostService.__init__" },
          line: 2,
          column: 9,
        },
      ],
    },
    // why: the `)` is found past a trailing comma and a comment inside the parameter list
    {
      filename,
      code: "def f(\n    a: int,  # first\n    b: str,  # second (really)\n):\n    run(a, b)  # returns nothing\n",
      output:
        "def f(\n    a: int,  # first\n    b: str,  # second (really)\n) -> None:\n    run(a, b)  # returns nothing\n",
      errors: [{ messageId: "missingNoneReturnType", line: 1, column: 5 }],
    },
    {
      filename,
      code: "def f():\n    run()\n",
      output: "def f() -> None:\n    run()\n",
      errors: [{ messageId: "missingNoneReturnType", line: 1, column: 5 }],
    },
    // why: generators, stubs and abstract methods get no `-> None` fix
    {
      filename,
      code: "def todo(x: int):\n    pass\n",
      errors: [{ messageId: "missingReturnType", line: 1, column: 5 }],
    },
    {
      filename,
      code: "def gen(n: int):\n    yield n\n",
      errors: [{ messageId: "missingReturnType", line: 1, column: 5 }],
    },
    {
      filename,
      code: "class Repo(Protocol):\n    def find(self, id: int):\n        ...\n",
      errors: [{ messageId: "missingReturnType", data: { name: "Repo.find" }, line: 2, column: 9 }],
    },
    {
      filename,
      code: "class Base(ABC):\n    @abstractmethod\n    def run(self):\n        self.log()\n",
      errors: [{ messageId: "missingReturnType", line: 3, column: 9 }],
    },
    // why: a nested function's return does not make the outer one return a value
    {
      filename,
      code: "def outer(x: int):\n    def inner() -> int:\n        return x\n    register(inner)\n",
      output:
        "def outer(x: int) -> None:\n    def inner() -> int:\n        return x\n    register(inner)\n",
      errors: [{ messageId: "missingNoneReturnType", data: { name: "outer" }, line: 1, column: 5 }],
    },
    // why: a bare `return` still returns nothing
    {
      filename,
      code: "def stop(x: int):\n    if x:\n        return\n    run(x)\n",
      output: "def stop(x: int) -> None:\n    if x:\n        return\n    run(x)\n",
      errors: [{ messageId: "missingNoneReturnType", line: 1, column: 5 }],
    },
    // why: a route without response_model= needs the annotation; columns count UTF-16 units
    {
      filename: "app/routes/posts.py",
      code: '@router.get("/{post_id}")\nasync def get_post(post_id: int):\n    return await service.get_post(post_id)\n',
      errors: [{ messageId: "missingReturnType", line: 2, column: 11 }],
    },
    {
      filename,
      code: 'x = "é😀"; y = 1\ndef café(): return 1\n',
      errors: [{ messageId: "missingReturnType", line: 2, column: 5 }],
    },
    {
      filename,
      code: "@router.get('/', response_model=X)\ndef f():\n    return 1\n",
      options: [{ allowRoutesWithResponseModel: false }],
      errors: [{ messageId: "missingReturnType", line: 2, column: 5 }],
    },
  ],
});
