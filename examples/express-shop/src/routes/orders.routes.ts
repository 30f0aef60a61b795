import { Router, type NextFunction, type Request, type Response } from "express";
import { prisma } from "../db/client.js";
import { createOrderSchema } from "../schemas/order.schema.js";
import type { OrderService } from "../services/order.service.js";

/** The orders API; the composition root passes in the service it wired. */
export function ordersRouter(orders: OrderService): Router {
  const router = Router();

  router.get("/:id", async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      res.json(await orders.get(Number(req.params.id)));
    } catch (err) {
      next(err);
    }
  });

  router.post("/", async (req: Request, res: Response, next: NextFunction): Promise<void> => {
    try {
      const input = createOrderSchema.parse(req.body);
      res.status(201).json(await orders.place(input));
    } catch (err) {
      next(err);
    }
  });

  router.get("/by-customer/:customerId", async (req: Request, res: Response): Promise<void> => {
    const list = await prisma.order.findMany({
      where: { customerId: Number(req.params.customerId) },
    });
    res.json(list);
  });

  router.patch("/:id/note", async (req: Request, res: Response): Promise<void> => {
    const { note } = req.body;
    res.json(await orders.get(Number(req.params.id)).then((o) => ({ ...o, note })));
  });

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
