import type { Order, OrderItem, PrismaClient } from "@prisma/client";

export type OrderWithItems = Order & { items: OrderItem[] };

export class OrderRepository {
  constructor(private readonly db: PrismaClient) {}

  findById(id: number): Promise<OrderWithItems | null> {
    return this.db.order.findUnique({ where: { id }, include: { items: true } });
  }

  listByCustomer(customerId: number): Promise<Order[]> {
    return this.db.order.findMany({ where: { customerId }, orderBy: { createdAt: "desc" } });
  }

  create(customerId: number, items: { sku: string; quantity: number }[]): Promise<OrderWithItems> {
    return this.db.order.create({
      data: { customerId, items: { create: items } },
      include: { items: true },
    });
  }

  setStatus(id: number, status: string): Promise<Order> {
    return this.db.order.update({ where: { id }, data: { status } });
  }

  /** Raw SQL is fine here: the repository is where queries live. */
  async openCount(): Promise<number> {
    const rows = await this.db.$queryRaw<{ n: bigint }[]>`
      SELECT count(*) AS n FROM orders WHERE status = 'open'`;
    return Number(rows[0]?.n ?? 0);
  }
}
