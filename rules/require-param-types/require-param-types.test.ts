import rule from "./require-param-types.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const filename = "app/services/post_service.py";

pythonRuleTester().run("require-param-types", rule, {
  valid: [
    { filename, code: "def f(a: int, *args: str, **kwargs: object) -> None:\n    pass\n" },
    { filename, code: "class S:\n    def m(self, x: int) -> int:\n        return x\n" },
    {
      filename,
      code: "class S:\n    @classmethod\n    def make(cls) -> 'S':\n        return cls()\n",
    },
    // why: the receiver is exempt whatever it is named
    { filename, code: "class Meta(type):\n    def __call__(mcs, x: int) -> None:\n        pass\n" },
    // why: bare `*` and `/` markers take no annotation
    { filename, code: "def f(a: int, /, *, b: int = 1) -> None:\n    pass\n" },
    { filename, code: "f = lambda x, y: x + y\n" },
    { filename, code: "def f(a, b):\n    # type: (int, str) -> None\n    pass\n" },
    { filename, code: "def f(_, x: int) -> None:\n    pass\n", options: [{ ignoreNames: ["_"] }] },
  ],
  invalid: [
    {
      filename,
      code: "async def get_posts(limit=10, offset=0):\n    return []\n",
      errors: [
        {
          messageId: "missingParamType",
          data: { param: "limit", name: "get_posts" },
          line: 1,
          column: 21,
        },
        {
          messageId: "missingParamType",
          data: { param: "offset", name: "get_posts" },
          line: 1,
          column: 31,
        },
      ],
    },
    {
      filename,
      code: "def publish(topic: str, *args, **kwargs) -> None:\n    pass\n",
      errors: [
        {
          messageId: "missingParamType",
          data: { param: "*args", name: "publish" },
          line: 1,
          column: 26,
        },
        {
          messageId: "missingParamType",
          data: { param: "**kwargs", name: "publish" },
          line: 1,
          column: 34,
        },
      ],
    },
    // why: static methods have no receiver, so their first parameter needs a type
    {
      filename,
      code: "class S:\n    @staticmethod\n    def slug(title) -> str:\n        return title\n",
      errors: [
        {
          messageId: "missingParamType",
          data: { param: "title", name: "S.slug" },
          line: 3,
          column: 14,
        },
      ],
    },
    // why: only the first parameter of a method is the receiver
    {
      filename,
      code: "class S:\n    def m(self, other) -> None:\n        pass\n",
      errors: [
        {
          messageId: "missingParamType",
          data: { param: "other", name: "S.m" },
          line: 2,
          column: 17,
        },
      ],
    },
    // why: a function nested in a method is not a method
    {
      filename,
      code: "class S:\n    def m(self) -> None:\n        def cb(self):\n            pass\n",
      errors: [
        { messageId: "missingParamType", data: { param: "self", name: "cb" }, line: 3, column: 16 },
      ],
    },
  ],
});
