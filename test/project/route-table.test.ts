import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Project } from "../../src/project/project.js";

const fixture = (name: string) => join(import.meta.dirname, "..", "fixtures", name);
const rows = (project: Project) =>
  project
    .routeTable()
    .entries.map((e) => `${e.methods.join(",")} ${e.paths.join(" | ")} ${e.file}:${e.handler}`);

describe("the route table", () => {
  it("joins include_router prefixes, router prefixes and paths across files", () => {
    expect(rows(new Project(fixture("fastapi-layered")))).toEqual([
      "GET /health app/routes/health.py:health_check",
      "GET /api/v1/posts/ app/routes/posts.py:list_posts",
      "GET /api/v1/posts/search app/routes/posts.py:search_posts",
      "GET /api/v1/posts/{post_id} app/routes/posts.py:get_post",
      "POST /api/v1/posts/ app/routes/posts.py:create_post",
      "PATCH /api/v1/posts/{post_id} app/routes/posts.py:update_post",
      "DELETE /api/v1/posts/{post_id} app/routes/posts.py:delete_post",
      "POST /api/v1/users/ app/routes/users.py:register",
      "GET /api/v1/users/me app/routes/users.py:read_me",
      "GET /api/v1/users/{user_id} app/routes/users.py:get_user",
    ]);
  });

  it("finds handlers another module registers with add_api_route, and their tags", () => {
    const project = new Project(
      join(import.meta.dirname, "../../rules/no-db-in-routes/fixtures/blog-api"),
    );
    const [entry] = project.routeTable().handlersIn("app/api/views.py");
    expect(entry).toMatchObject({
      handler: "list_titles",
      methods: ["GET"],
      paths: ["/v1/api/titles"],
      registeredIn: "app/api/router.py",
    });
    expect(entry.start).toBeGreaterThan(0);
    expect(project.definesRoutes("app/api/views.py")).toBe(true);
    expect(project.definesRoutes("app/services/post_service.py")).toBe(false);
    const tags = new Project(fixture("fastapi-layered"))
      .routeTable()
      .entries.find((e) => e.handler === "register")?.tags;
    expect(tags).toEqual(["users"]);
  });
});
