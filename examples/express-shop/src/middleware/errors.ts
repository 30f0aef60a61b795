import type { NextFunction, Request, Response } from "express";
import { NotFoundError, OrderClosedError } from "../core/errors.js";

export function errorHandler(err: unknown, _req: Request, res: Response, next: NextFunction): void {
  if (res.headersSent) return next(err);
  if (err instanceof NotFoundError) {
    res.status(404).json({ error: err.message });
  } else if (err instanceof OrderClosedError) {
    res.status(409).json({ error: err.message });
  } else {
    next(err);
  }
}
