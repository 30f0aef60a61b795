import rule from "./require-return-type.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

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

const ts = "src/posts/posts.service.ts";

typescriptRuleTester().run("require-return-type (TypeScript)", rule, {
  valid: [
    {
      filename: ts,
      code: "export function count(xs: number[]): number {\n  return xs.length;\n}\n",
    },
    // why: a module-private function is not part of the file's contract
    { filename: ts, code: "function helper(x: number) {\n  return x * 2;\n}\n" },
    { filename: ts, code: "const local = () => 1;\n" },
    // why: a typed const annotates the arrow (`Handler` gives its return type)
    { filename: ts, code: "export const handle: Handler = (req, res) => {\n  res.end();\n};\n" },
    {
      filename: ts,
      code: "export class PostService {\n  constructor(private readonly repo: PostRepository) {}\n  set title(v: string) {\n    this.t = v;\n  }\n}\n",
    },
    {
      filename: ts,
      code: "export abstract class Base {\n  abstract run(x: number);\n  protected log(): void {}\n}\n",
    },
    // why: callers see the overload signatures; the implementation is hidden from them
    {
      filename: ts,
      code: "export function parse(x: string): number;\nexport function parse(x: number): number;\nexport function parse(x: any) {\n  return Number(x);\n}\n",
    },
    {
      filename: ts,
      code: "export class Parser {\n  parse(x: string): number;\n  parse(x: any) {\n    return Number(x);\n  }\n}\n",
    },
    {
      filename: "src/types/globals.d.ts",
      code: "export declare function f();\ndeclare class A {\n  m();\n}\n",
    },
    // why: JavaScript has no annotations
    {
      filename: "src/posts/posts.service.js",
      code: "export function f() {\n  run();\n}\nclass A {\n  m() {}\n}\n",
    },
    {
      filename: "src/routes/posts.mjs",
      code: "router.get('/posts', (req, res) => {\n  res.json([]);\n});\n",
    },
    // why: only a "/" path marks a route; `map.get(key, fallback)` is not one
    { filename: ts, code: "cache.get('posts', () => {\n  load();\n});\n" },
    { filename: ts, code: "router.get(path, (req, res) => {\n  res.json([]);\n});\n" },
    {
      filename: "src/routes/posts.ts",
      code: "router.get('/posts', (req: Request, res: Response): void => {\n  res.json([]);\n});\n",
    },
    // why: nested functions inside an exported function are not its contract
    {
      filename: ts,
      code: "export function f(): void {\n  const g = () => {\n    run();\n  };\n  g();\n}\n",
    },
  ],
  invalid: [
    {
      filename: ts,
      code: "export function findAll(limit: number) {\n  return repo.find(limit);\n}\n",
      errors: [{ messageId: "missingReturnType", data: { name: "findAll" }, line: 1, column: 17 }],
    },
    {
      filename: ts,
      code: "export function log(msg: string) {\n  console.log(msg);\n}\n",
      output: "export function log(msg: string): void {\n  console.log(msg);\n}\n",
      errors: [
        {
          messageId: "missingVoidReturnType",
          data: { name: "log", type: "void" },
          line: 1,
          column: 17,
        },
      ],
    },
    {
      filename: ts,
      code: "export default function () {\n  run();\n}\n",
      output: "export default function (): void {\n  run();\n}\n",
      errors: [
        {
          messageId: "missingVoidReturnType",
          data: { name: "default", type: "void" },
          line: 1,
          column: 16,
        },
      ],
    },
    {
      filename: ts,
      code: "export class PostService {\n  findAll(limit: number) {\n    return this.repo.find(limit);\n  }\n}\n",
      errors: [
        {
          messageId: "missingReturnType",
          data: { name: "PostService.findAll" },
          line: 2,
          column: 3,
        },
      ],
    },
    // why: a class need not be exported; its methods are still its contract
    {
      filename: ts,
      code: "class PostService {\n  async remove(id: number) {\n    await this.repo.delete(id);\n  }\n}\n",
      output:
        "class PostService {\n  async remove(id: number): Promise<void> {\n    await this.repo.delete(id);\n  }\n}\n",
      errors: [
        {
          messageId: "missingVoidReturnType",
          data: { name: "PostService.remove", type: "Promise<void>" },
          line: 2,
          column: 9,
        },
      ],
    },
    {
      filename: ts,
      code: "export class Post {\n  get title() {\n    return this.t;\n  }\n}\n",
      errors: [
        { messageId: "missingReturnType", data: { name: "Post.title" }, line: 2, column: 7 },
      ],
    },
    {
      filename: ts,
      code: "export abstract class Base {\n  abstract run(): void;\n  static #reset<T>(x: T) {\n    clear(x);\n  }\n}\n",
      output:
        "export abstract class Base {\n  abstract run(): void;\n  static #reset<T>(x: T): void {\n    clear(x);\n  }\n}\n",
      errors: [
        {
          messageId: "missingVoidReturnType",
          data: { name: "Base.#reset", type: "void" },
          line: 3,
          column: 10,
        },
      ],
    },
    {
      filename: ts,
      code: "export const toDto = (post: Post) => ({ id: post.id });\n",
      errors: [{ messageId: "missingReturnType", data: { name: "toDto" }, line: 1, column: 14 }],
    },
    {
      filename: ts,
      code: "export const notify = async (id: number) => {\n  await bus.send(id);\n};\n",
      output:
        "export const notify = async (id: number): Promise<void> => {\n  await bus.send(id);\n};\n",
      errors: [
        {
          messageId: "missingVoidReturnType",
          data: { name: "notify", type: "Promise<void>" },
          line: 1,
          column: 14,
        },
      ],
    },
    // why: a lone unparenthesized parameter gets parentheses so it can carry the annotation
    {
      filename: ts,
      code: "export const touch = async id => {\n  await bus.send(id);\n};\n",
      output: "export const touch = async (id): Promise<void> => {\n  await bus.send(id);\n};\n",
      errors: [{ messageId: "missingVoidReturnType", line: 1, column: 14 }],
    },
    {
      filename: ts,
      code: "export const run = function (n: number) {\n  if (n) return;\n  go(n);\n};\n",
      output: "export const run = function (n: number): void {\n  if (n) return;\n  go(n);\n};\n",
      errors: [{ messageId: "missingVoidReturnType", line: 1, column: 14 }],
    },
    {
      filename: "src/routes/posts.ts",
      code: "router.get('/posts', async (req: Request, res: Response) => {\n  res.json(await service.list());\n});\n",
      output:
        "router.get('/posts', async (req: Request, res: Response): Promise<void> => {\n  res.json(await service.list());\n});\n",
      errors: [
        {
          messageId: "missingVoidReturnType",
          data: { name: "GET /posts handler", type: "Promise<void>" },
          line: 1,
          column: 22,
        },
      ],
    },
    // why: a handler that returns `res.json(...)` returns a value: no fix
    {
      filename: "src/routes/posts.tsx",
      code: "app.post(`/posts`, auth, function (req, res) {\n  return res.status(201).json(req.body);\n});\n",
      errors: [
        {
          messageId: "missingReturnType",
          data: { name: "POST /posts handler" },
          line: 1,
          column: 26,
        },
      ],
    },
    // why: a generator's return type is not void, and a nested return value is not the outer one's
    {
      filename: ts,
      code: "export function* ids(n: number) {\n  const f = () => {\n    return 1;\n  };\n  yield f();\n}\n",
      errors: [{ messageId: "missingReturnType", data: { name: "ids" }, line: 1, column: 18 }],
    },
    {
      filename: ts,
      code: "export function outer(xs: number[]) {\n  xs.forEach((x) => {\n    return x;\n  });\n}\n",
      output:
        "export function outer(xs: number[]): void {\n  xs.forEach((x) => {\n    return x;\n  });\n}\n",
      errors: [
        {
          messageId: "missingVoidReturnType",
          data: { name: "outer", type: "void" },
          line: 1,
          column: 17,
        },
      ],
    },
  ],
});
