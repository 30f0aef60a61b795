import express, { type Express } from "express";
import { buildContainer } from "./container.js";
import { errorHandler } from "./middleware/errors.js";
import { ordersRouter } from "./routes/orders.routes.js";

export function createApp(): Express {
  const { orders } = buildContainer();
  const app = express();
  app.use(express.json());
  app.use("/api/orders", ordersRouter(orders));
  app.use(errorHandler);
  return app;
}
