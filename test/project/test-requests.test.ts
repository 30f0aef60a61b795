import { describe, expect, it } from "vitest";
import { requestMatches, requestsInText, segmentsOf } from "../../src/project/test-requests.js";

describe("requestsInText", () => {
  it("reads verb calls, request(), path literals and route names, each path once", () => {
    const text = [
      'r = await client.get(f"{settings.API_V1_STR}/items/?skip=1")',
      'client.post(settings.API_V1_STR + "/login/access-token", data=form)',
      "await request(app).delete(`/api/users/${id}`)",
      'client.request("PATCH", "/api/users/1")',
      'mock.patch("app.services.mailer.send")',
      'data.get("title")',
      'PATHS = ["/health", "/"]',
      'client.get(app.url_path_for("posts:get", post_id=1))',
      '("POST", "articles:mark-favorite"),',
    ].join("\n");
    expect(requestsInText(text)).toEqual([
      { method: "GET", segments: ["*", "items"] },
      { method: "POST", segments: ["*", "login", "access-token"] },
      { method: "DELETE", segments: ["api", "users", "*"] },
      { method: "PATCH", segments: ["api", "users", "1"] },
      { method: "*", segments: ["health"] },
      { method: "*", segments: [], routeName: "posts:get" },
      { method: "*", segments: [], routeName: "articles:mark-favorite" },
    ]);
  });
});

describe("requestMatches", () => {
  it("compares from the end, placeholders match any segment, one literal must match", () => {
    expect(requestMatches(segmentsOf("/api/v1/posts/{id}"), segmentsOf("/posts/1"))).toBe(true);
    expect(requestMatches(segmentsOf("{settings.API}/items/"), ["*", "items"])).toBe(true);
    expect(requestMatches(segmentsOf("/{org}/ai/{id}"), segmentsOf("/x"))).toBe(false);
    expect(requestMatches(segmentsOf("/posts/{id}"), segmentsOf("/users/1"))).toBe(false);
    expect(requestMatches(segmentsOf("/"), segmentsOf("/"))).toBe(true);
    expect(requestMatches(segmentsOf("/"), segmentsOf("/health"))).toBe(false);
  });
});
