import { describe, expect, it } from "vitest";
import { DEFAULT_PROJECT_SETTINGS, type ProjectSettings } from "../../src/project/defaults.js";
import { moduleStem, roleOf } from "../../src/project/roles.js";

describe("roleOf: the rule catalog's examples", () => {
  it.each([
    ["polar/order/endpoints.py", "routes"],
    ["polar/order/service.py", "services"],
    // why: a domain named "service" does not outrank a file name that speaks for itself
    ["dispatch/service/views.py", "routes"],
    ["src/api/webhooks/webhooks.service.ts", "services"],
    ["app/events/handlers.py", "events"],
    ["app/schemas/events.py", "schemas"],
    ["app/main.py", "roots"],
    ["app/routes/posts.py", "routes"],
    ["app/services/post_service.py", "services"],
    ["app/models/post.py", "models"],
    ["app/core/security.py", "shared"],
    ["alembic/versions/001_x.py", "migrations"],
    ["tests/test_posts.py", "tests"],
    // FastAPI's full-stack template names its providers module deps.py
    ["app/api/deps.py", "roots"],
    ["app/api/dependencies.py", "roots"],
    ["alembic/env.py", "roots"],
  ])("%s is %s", (path, role) => {
    expect(roleOf(path)).toBe(role);
  });
});

describe("roleOf: file names", () => {
  it.each([
    ["app/things/router.py", "routes"],
    ["app/things/controller.py", "routes"],
    ["app/things/resolver.py", "routes"],
    ["app/things/repository.py", "repositories"],
    ["app/things/repo.py", "repositories"],
    ["app/things/crud.py", "repositories"],
    ["app/things/dao.py", "repositories"],
    ["app/things/models.py", "models"],
    ["app/things/entities.py", "models"],
    ["app/things/schemas.py", "schemas"],
    ["app/things/dto.py", "schemas"],
    ["app/things/consumer.py", "events"],
    ["app/things/producer.py", "events"],
    ["src/users/UserService.ts", "services"],
    ["src/users/users.controller.ts", "routes"],
    ["src/users/UsersController.ts", "routes"],
    ["src/users/users.resolver.ts", "routes"],
    ["src/users/user.entity.ts", "models"],
    ["src/users/user.model.ts", "models"],
    ["src/users/create-user.dto.ts", "schemas"],
    ["src/users/users.repository.ts", "repositories"],
    ["src/users/UserRepository.ts", "repositories"],
    ["app/things/post_repository.py", "repositories"],
    ["app/things/order_consumer.py", "events"],
    ["src/things/order.producer.ts", "events"],
    // why: a NestJS module wires controllers, services and repositories, wherever it lives
    ["src/users/users.module.ts", "roots"],
    ["src/core/logging.module.ts", "roots"],
    ["src/services/users.module.ts", "roots"],
    // why: the module's own name outranks the directory it sits in
    ["app/routes/models.py", "models"],
    ["app/services/post_repository.py", "repositories"],
    ["app/models/main.py", "roots"],
  ])("%s is %s", (path, role) => {
    expect(roleOf(path)).toBe(role);
  });

  it("takes suffixes case-sensitively: webservice.py is not a service by name", () => {
    expect(roleOf("app/things/webservice.py")).toBe("roots");
  });

  it("counts generic words only as directories", () => {
    expect(roleOf("app/things/api.py")).toBe("roots");
    expect(roleOf("app/things/handlers.py")).toBe("roots");
    expect(roleOf("app/things/events.py")).toBe("roots");
    expect(roleOf("app/things/core.py")).toBe("roots");
    expect(roleOf("app/things/utils.py")).toBe("roots");
    expect(roleOf("app/things/config.py")).toBe("roots");
    expect(roleOf("app/handlers/things.py")).toBe("routes");
    expect(roleOf("app/utils/dates.py")).toBe("shared");
    expect(roleOf("app/config/settings.py")).toBe("shared");
  });

  it("does not take an app.py in a settings package for the app's entry point", () => {
    // why: nsidnev/fastapi-realworld-example-app keeps `AppSettings` in app/core/settings/app.py
    expect(roleOf("app/core/settings/app.py")).toBe("shared");
    expect(roleOf("app/settings/main.py")).toBe("roots");
    expect(roleOf("src/config/server.ts")).toBe("shared");
    expect(roleOf("app/config/dependencies.py")).toBe("roots");
    expect(roleOf("app/core/app.py")).toBe("roots");
  });
});

describe("roleOf: directories", () => {
  it("uses the nearest directory that names a role", () => {
    expect(roleOf("app/services/payments/stripe.py")).toBe("services");
    expect(roleOf("app/api/v1/routes/users.py")).toBe("routes");
    expect(roleOf("app/routes/helpers/db/pagination.py")).toBe("routes");
    expect(roleOf("app/repositories/helpers/utils/pagination.py")).toBe("shared");
  });

  it("matches multi-segment names as path suffixes", () => {
    expect(roleOf("app/db/models/user.py")).toBe("models");
    expect(roleOf("prisma/migrations/seed.ts")).toBe("migrations");
    expect(roleOf("app/db/tables/user.py")).toBe("models");
  });

  it("gives __init__.py and index.ts the role of their directory", () => {
    expect(roleOf("app/services/__init__.py")).toBe("services");
    expect(roleOf("app/models/__init__.py")).toBe("models");
    expect(roleOf("app/__init__.py")).toBe("roots");
    expect(roleOf("src/controllers/index.ts")).toBe("routes");
  });

  it("makes every module that matches no role a composition root", () => {
    expect(roleOf("app/database.py")).toBe("roots");
    expect(roleOf("manage.py")).toBe("roots");
    expect(roleOf("src/index.ts")).toBe("roots");
  });
});

describe("roleOf: tests and migrations win", () => {
  it.each([
    ["tests/services/post_service.py", "tests"],
    ["app/test/routes.py", "tests"],
    ["src/__tests__/users.ts", "tests"],
    ["app/services/test_post_service.py", "tests"],
    ["app/services/post_service_test.py", "tests"],
    ["tests/conftest.py", "tests"],
    ["conftest.py", "tests"],
    ["src/users/users.service.test.ts", "tests"],
    ["src/users/users.controller.spec.ts", "tests"],
    ["migrations/tests/test_upgrade.py", "tests"],
    ["migrations/versions/abc_add_post_service_table.py", "migrations"],
    ["alembic/versions/002_add_main_index.py", "migrations"],
    ["app/models/migrations/0001_initial.py", "migrations"],
    ["drizzle/0000_init.ts", "migrations"],
  ])("%s is %s", (path, role) => {
    expect(roleOf(path)).toBe(role);
  });
});

describe("roleOf: inputs", () => {
  it("accepts native separators and a leading ./", () => {
    expect(roleOf("app\\services\\x.py")).toBe("services");
    expect(roleOf("./app/services/x.py")).toBe("services");
  });

  it("returns null outside the root and for files that are not sources", () => {
    expect(roleOf("../other/app/services/x.py")).toBeNull();
    expect(roleOf("/abs/app/services/x.py")).toBeNull();
    expect(roleOf("app/services/README.md")).toBeNull();
    expect(roleOf("")).toBeNull();
  });

  it("follows the settings' layer map, wildcards included", () => {
    const settings: ProjectSettings = {
      ...DEFAULT_PROJECT_SETTINGS,
      layers: { ...DEFAULT_PROJECT_SETTINGS.layers, services: ["domain/logic"] },
      fileNames: { ...DEFAULT_PROJECT_SETTINGS.fileNames, repositories: ["store_*"] },
    };
    expect(roleOf("app/domain/logic/x.py", settings)).toBe("services");
    expect(roleOf("app/services/x.py", settings)).toBe("roots");
    expect(roleOf("app/logic/x.py", settings)).toBe("roots");
    expect(roleOf("app/things/store_users.py", settings)).toBe("repositories");
    expect(roleOf("app/things/repo.py", settings)).toBe("roots");
  });
});

describe("moduleStem", () => {
  it("drops only the source extension", () => {
    expect(moduleStem("webhooks.service.ts")).toBe("webhooks.service");
    expect(moduleStem("post_service.py")).toBe("post_service");
    expect(moduleStem("app.tsx")).toBe("app");
    expect(moduleStem("notes.txt")).toBeNull();
    expect(moduleStem(".py")).toBeNull();
  });
});
