import { describe, expect, it } from "vitest";
import { valueNamesOf } from "../../src/project/typescript/value-names.js";

/** Whether `Model` is used as a value in `code`. */
const usesModel = (code: string, file = "src/routes/orders.ts") =>
  valueNamesOf(file, `import { Model } from "../models/model";\n${code}\n`).has("Model");

describe("valueNamesOf", () => {
  it("does not count names in types, interfaces, aliases and implements clauses", () => {
    expect(
      usesModel("export const first = (o: Model): Promise<Model[]> => Promise.resolve([o]);"),
    ).toBe(false);
    expect(usesModel("interface Page { items: Model[] }")).toBe(false);
    expect(usesModel("type Row = Pick<Model, 'id'>;")).toBe(false);
    expect(usesModel("class Handler implements Model {}")).toBe(false);
    expect(usesModel("function f<T extends Model>(x: T): T { return x; }")).toBe(false);
    expect(usesModel("let n: typeof Model;")).toBe(false);
    expect(usesModel("const x = {} as Model;")).toBe(false);
    expect(usesModel("const x = {} satisfies Partial<Model>;")).toBe(false);
    expect(usesModel("const make = build<Model>;")).toBe(false);
    expect(usesModel("export type { Model };")).toBe(false);
    expect(usesModel("export { type Model };")).toBe(false);
    // why: like FastAPI's response_model=, OpenAPI documentation names a model, it does not use it
    expect(
      usesModel(
        "class C {\n  @ApiOkResponse({ type: Model })\n  @Swagger.ApiBody({ type: () => Model })\n  get() {}\n}",
      ),
    ).toBe(false);
  });

  it("does not count bodiless declarations: overloads, declare function, abstract members", () => {
    expect(
      usesModel(
        "export function load(id: string): Model;\nexport function load(id: unknown) { return id; }",
      ),
    ).toBe(false);
    expect(usesModel("declare function make(m: Model): void;")).toBe(false);
    expect(
      usesModel("abstract class Base { abstract make(m: Model): void; abstract current: Model; }"),
    ).toBe(false);
  });

  it("counts calls, decorators, extends, instantiation expressions, exports and JSX", () => {
    expect(usesModel("export const all = () => Model.find();")).toBe(true);
    expect(
      usesModel(
        "class C { constructor(@InjectRepository(Model) private readonly repo: Repository<Model>) {} }",
      ),
    ).toBe(true);
    expect(usesModel("class Admin extends Model {}")).toBe(true);
    expect(usesModel("const again = Model<string>;")).toBe(true);
    expect(usesModel("export { Model };")).toBe(true);
    expect(usesModel("const x = {} as unknown as Model;\nconst y = Model!;")).toBe(true);
    expect(usesModel("enum Kind { A = Model.length }")).toBe(true);
    expect(usesModel("export const view = () => <Model />;", "src/routes/view.tsx")).toBe(true);
  });

  it("leaves out a repository handed to the ORM in a class decorator, when asked", () => {
    const links = (code: string) =>
      valueNamesOf("src/models/task.entity.ts", code, { skipOrmRepositoryLinks: true }).has(
        "Model",
      );
    const entity = "@Entity({ repositoryClass: Model })\nexport class Task {}";
    const wrapped =
      '@MultiORMEntity("task", { mikroOrmRepository: () => Model })\nexport class Task {}';
    expect(links(entity)).toBe(false);
    expect(links(wrapped)).toBe(false);
    expect(usesModel(entity)).toBe(true);
    // why: outside a decorator the same key is an ordinary value
    expect(links("export const options = { repositoryClass: Model };")).toBe(true);
    expect(links(`${entity}\nexport const all = () => new Model();`)).toBe(true);
  });
});
