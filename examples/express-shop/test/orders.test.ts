import request from "supertest";
import { describe, expect, it } from "vitest";
import { createApp } from "../src/app.js";

// Runs against a test database (DATABASE_URL) migrated with `prisma migrate deploy`.
describe("orders API", () => {
  const app = createApp();

  it("places, reads, annotates and cancels an order", async () => {
    const placed = await request(app)
      .post("/api/orders")
      .send({ customerId: 1, items: [{ sku: "tea-earl-grey", quantity: 2 }] });
    expect(placed.status).toBe(201);
    const id = placed.body.id as number;

    expect((await request(app).get(`/api/orders/${id}`)).status).toBe(200);
    const noted = await request(app).patch(`/api/orders/${id}/note`).send({ note: "Gift" });
    expect(noted.body.note).toBe("Gift");
    expect((await request(app).delete(`/api/orders/${id}`)).status).toBe(204);
  });

  it("lists a customer's orders", async () => {
    const res = await request(app).get("/api/orders/by-customer/1");
    expect(res.status).toBe(200);
    expect(Array.isArray(res.body)).toBe(true);
  });
});
