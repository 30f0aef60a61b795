/** Domain errors: services throw these, the error middleware maps them to status codes. */
export class NotFoundError extends Error {
  constructor(what: string, id: number) {
    super(`${what} ${id} not found`);
    this.name = "NotFoundError";
  }
}

export class OrderClosedError extends Error {
  constructor(id: number) {
    super(`order ${id} is closed`);
    this.name = "OrderClosedError";
  }
}
