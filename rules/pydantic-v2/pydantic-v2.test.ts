import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./pydantic-v2.js";
import { pythonRuleTester } from "../../test/rule-tester.js";

const blog = join(import.meta.dirname, "fixtures", "blog");
const legacy = join(import.meta.dirname, "fixtures", "legacy");
const file = (rel: string) => join(blog, rel);
const onDisk = (rel: string) => readFileSync(file(rel), "utf8");
const lines = (...l: string[]) => l.join("\n") + "\n";

// v1 config keys in ConfigDict, a model_config dict and class keywords.
const TAG = lines(
  "from pydantic import BaseModel, ConfigDict",
  "",
  "",
  "class Tag(BaseModel):",
  "    model_config = ConfigDict(orm_mode=True, smart_union=True)",
  "    name: str",
  "",
  "",
  "class Label(BaseModel):",
  '    model_config = {"allow_population_by_field_name": True}',
  "",
  "",
  "class Badge(BaseModel, validate_all=True):",
  "    name: str",
);
// Model receivers known through self, cls, a class, a loop and a class method's result.
const FEED = lines(
  "from pydantic import BaseModel, Field, parse_obj_as",
  "",
  "from app.schemas.post import PostRead",
  "",
  "",
  "class Feed(BaseModel):",
  "    kind: str = Field(const=True)",
  "",
  "    def payload(self) -> dict:",
  "        return self.dict(exclude_none=True)",
  "",
  "    @classmethod",
  "    def names(cls) -> list[str]:",
  "        return list(cls.__fields__)",
  "",
  "",
  "def render(posts: list[PostRead], raw: str) -> list[str]:",
  "    first = PostRead.parse_raw(raw)",
  "    copies = [p.copy(update={'slug': 'x'}) for p in posts]",
  "    rows = parse_obj_as(list[PostRead], [])",
  "    return [first.json(ensure_ascii=False)] + [c.slug for c in copies + rows]",
);

pythonRuleTester().run("pydantic-v2", rule, {
  valid: [
    // The v2 schemas, settings and service on disk.
    { filename: file("app/schemas/base.py"), code: onDisk("app/schemas/base.py") },
    { filename: file("app/schemas/post.py"), code: onDisk("app/schemas/post.py") },
    { filename: file("app/core/settings.py"), code: onDisk("app/core/settings.py") },
    {
      filename: file("app/services/post_service.py"),
      code: onDisk("app/services/post_service.py"),
    },
    // why: the nearest manifest (service/requirements.txt) pins pydantic==1.10.13: v1 on purpose
    {
      filename: join(legacy, "service/app/schemas.py"),
      code: readFileSync(join(legacy, "service/app/schemas.py"), "utf8"),
    },
    // why: .copy() / .json() / .dict() on a dict, an HTTP response and an unannotated parameter
    {
      filename: file("app/services/export.py"),
      code: lines(
        "import httpx",
        "",
        "",
        "def merge(data: dict, extra) -> dict:",
        "    out = data.copy()",
        "    out.update(extra.dict())",
        '    return out | httpx.get("https://example.org").json()',
      ),
    },
    // why: a model that defines its own dict() is called as the project wrote it
    {
      filename: file("app/schemas/legacy_shape.py"),
      code: lines(
        "from app.schemas.base import Schema",
        "",
        "",
        "class Shape(Schema):",
        "    name: str",
        "",
        "    def dict(self) -> dict:",
        '        return {"name": self.name}',
        "",
        "",
        "def payload(shape: Shape) -> dict:",
        "    return shape.dict()",
      ),
    },
    // why: pydantic.v1 is the compatibility layer, imported on purpose
    {
      filename: file("app/schemas/compat.py"),
      code: lines(
        "from pydantic.v1 import BaseModel, validator",
        "",
        "",
        "class Old(BaseModel):",
        "    name: str",
        "",
        '    @validator("name")',
        "    def strip(cls, value: str) -> str:",
        "        return value.strip()",
        "",
        "    class Config:",
        "        orm_mode = True",
        "",
        "",
        "def dump(old: Old) -> dict:",
        "    return old.dict()",
      ),
    },
    // why: code that picks an API by Pydantic version, and an import with a fallback
    {
      filename: file("app/core/compat.py"),
      code: lines(
        "from app.schemas.post import PostRead",
        "",
        "try:",
        "    from pydantic import BaseSettings",
        "except ImportError:",
        "    from pydantic_settings import BaseSettings",
        "",
        "PYDANTIC_V2 = True",
        "",
        "",
        "def dump(post: PostRead) -> dict:",
        "    if PYDANTIC_V2:",
        "        return post.model_dump()",
        "    else:",
        "        return post.dict()",
      ),
    },
    // why: a name that resolves to nothing (the guideline's own snippets) is not known to be a model
    {
      filename: file("app/services/snippet.py"),
      code: lines("def get(post: object) -> object:", "    return PostResponse.from_orm(post)"),
    },
  ],
  invalid: [
    // A route that dumps its input the v1 way and serves the v1 schema.
    {
      filename: file("app/routes/posts.py"),
      code: onDisk("app/routes/posts.py"),
      output: onDisk("app/routes/posts.py")
        .replace("post_in.dict()", "post_in.model_dump()")
        .replace("PostRead.schema()", "PostRead.model_json_schema()"),
      errors: [
        {
          messageId: "v1Api",
          line: 15,
          column: 11,
          data: { used: "post_in.dict()", instead: "post_in.model_dump()" },
        },
        {
          messageId: "v1Api",
          line: 22,
          column: 12,
          data: { used: "PostRead.schema()", instead: "PostRead.model_json_schema()" },
        },
      ],
    },
    // A v1 model: regex=, @validator and class Config (its keys renamed in the suggestion).
    {
      filename: file("app/schemas/comment.py"),
      code: onDisk("app/schemas/comment.py"),
      output: onDisk("app/schemas/comment.py").replace("regex=", "pattern="),
      errors: [
        {
          messageId: "v1Api",
          line: 5,
          column: 37,
          data: { used: "Field(regex=...)", instead: "pattern=" },
        },
        {
          messageId: "v1Api",
          line: 8,
          column: 5,
          data: { used: "@validator", instead: "@field_validator" },
        },
        {
          messageId: "configClass",
          line: 12,
          column: 11,
          data: {
            model: "CommentCreate",
            instead: "model_config = ConfigDict(from_attributes=True, str_strip_whitespace=True)",
          },
        },
      ],
    },
    // why: v1 config keys in v2's ConfigDict, in a plain dict and as class keywords are renamed by the fix
    {
      filename: file("app/schemas/tag.py"),
      code: TAG,
      output: TAG.replace("orm_mode", "from_attributes")
        .replace("allow_population_by_field_name", "populate_by_name")
        .replace("validate_all", "validate_default"),
      errors: [
        {
          messageId: "v1Api",
          line: 5,
          column: 31,
          data: { used: "orm_mode", instead: "from_attributes" },
        },
        {
          messageId: "removed",
          line: 5,
          column: 46,
          data: { used: "smart_union", instead: "unions are smart by default, drop it" },
        },
        {
          messageId: "v1Api",
          line: 10,
          column: 21,
          data: { used: "allow_population_by_field_name", instead: "populate_by_name" },
        },
        {
          messageId: "v1Api",
          line: 13,
          column: 24,
          data: { used: "validate_all", instead: "validate_default" },
        },
      ],
    },
    // why: receivers known through loops, constructors, class methods, self and cls
    {
      filename: file("app/services/feed.py"),
      code: FEED,
      output: FEED.replace("self.dict(", "self.model_dump(")
        .replace("PostRead.parse_raw(", "PostRead.model_validate_json(")
        .replace("p.copy(", "p.model_copy("),
      errors: [
        {
          messageId: "removed",
          line: 7,
          column: 23,
          data: {
            used: "Field(const=...)",
            instead: 'annotate the field with "Literal[...]" instead',
          },
        },
        {
          messageId: "v1Api",
          line: 10,
          column: 16,
          data: { used: "self.dict()", instead: "self.model_dump()" },
        },
        // why: model_fields holds FieldInfo, not v1's ModelField: named, not fixed
        {
          messageId: "v1Api",
          line: 14,
          column: 25,
          data: { used: "cls.__fields__", instead: "cls.model_fields" },
        },
        {
          messageId: "v1Api",
          line: 18,
          column: 13,
          data: { used: "PostRead.parse_raw()", instead: "PostRead.model_validate_json()" },
        },
        {
          messageId: "v1Api",
          line: 19,
          column: 15,
          data: { used: "p.copy()", instead: "p.model_copy()" },
        },
        {
          messageId: "v1Api",
          line: 20,
          column: 12,
          data: { used: "parse_obj_as()", instead: "TypeAdapter(T).validate_python(data)" },
        },
        // why: ensure_ascii has no model_dump_json() equivalent: reported, not fixed
        {
          messageId: "v1Api",
          line: 21,
          column: 13,
          data: { used: "first.json()", instead: "first.model_dump_json()" },
        },
      ],
    },
    // why: BaseSettings left pydantic in v2; importing it there fails
    {
      filename: file("app/core/old_settings.py"),
      code: lines(
        "from pydantic import BaseSettings",
        "",
        "",
        "class Settings(BaseSettings):",
        '    database_url: str = "sqlite://"',
      ),
      errors: [
        {
          messageId: "removed",
          line: 1,
          column: 22,
          data: {
            used: "BaseSettings",
            instead: 'import it from "pydantic_settings" (the pydantic-settings package)',
          },
        },
      ],
    },
  ],
});
