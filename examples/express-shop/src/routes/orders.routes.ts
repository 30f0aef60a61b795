import { Router, type NextFunction, type Request, type Response } from "express";
import { prisma } from "../db/client.js";
import { createOrderSchema } from "../schemas/order.schema.js";
import type { OrderService } from "../services/order.service.js";

/** The orders API; the composition root passes in the service it wired. */
export function ordersRouter(orders: OrderService): Router {
  const router = Router();

  /** One order with its items; 404 when there is none. */
  router.get("/:id", async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.json(await orders.get(Number(req.params.id)));
    } catch (err) {
      next(err);
    }
  });

  /** Places an order from a validated body; answers 201 with the order. */
  router.post("/", async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const input = createOrderSchema.parse(req.body);
      res.status(201).json(await orders.place(input));
    } catch (err) {
      next(err);
    }
  });

  /** Every order of one customer. */
  router.get("/by-customer/:customerId", async (req: Request, res: Response): Promise<void> => {
    const list = await prisma.order.findMany({
      where: { customerId: Number(req.params.customerId) },
    });
    res.json(list);
  });

  /** Sets the note shown on an order. */
  router.patch("/:id/note", async (req: Request, res: Response): Promise<void> => {
    const { note } = req.body;
    res.json(await orders.get(Number(req.params.id)).then((o) => ({ ...o, note })));
  });

  /** Cancels an order that has not shipped; answers 204. */
  router.delete("/:id", async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      await orders.cancel(Number(req.params.id));
      res.status(204).end();
    } catch (err) {
      next(err);
    }
  });

  return router;
}
