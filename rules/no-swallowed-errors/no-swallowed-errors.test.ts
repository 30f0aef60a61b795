import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-swallowed-errors.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const shop = (rel: string) => join(import.meta.dirname, "fixtures", "shop", rel);
const tsShop = (rel: string) => join(import.meta.dirname, "fixtures", "ts-shop", rel);
const onDisk = (path: string) => ({ filename: path, code: readFileSync(path, "utf8") });
const lines = (...text: string[]) => `${text.join("\n")}\n`;

const service = shop("app/services/order_service.py");
/** A method body around a try statement: the `except` sits on line 5, column 5. */
const handler = (...body: string[]) =>
  lines(
    "async def cancel(order_id: int) -> None:",
    '    """Cancel an order."""',
    "    try:",
    "        await repo.cancel(order_id)",
    ...body,
  );

pythonRuleTester().run("no-swallowed-errors", rule, {
  valid: [
    // The fixture project logs, re-raises as domain errors, and narrows what it tolerates.
    onDisk(shop("app/services/payment_service.py")),
    onDisk(shop("app/routes/orders.py")),
    onDisk(shop("app/workers/outbox.py")),
    onDisk(shop("tests/test_payments.py")),
    // why: narrow types are a decision about what to tolerate, not a swallowed error
    { filename: service, code: handler("    except ImportError:", "        pass") },
    {
      filename: service,
      code: handler("    except (KeyError, ValueError):", "        return None"),
    },
    { filename: service, code: handler("    except asyncio.CancelledError:", "        pass") },
    { filename: service, code: handler("    except StopIteration:", "        return") },
    // why: contextlib.suppress names what it drops at the call site
    {
      filename: service,
      code: lines(
        "import contextlib",
        "",
        "",
        "def close(conn: Connection) -> None:",
        "    with contextlib.suppress(Exception):",
        "        conn.close()",
      ),
    },
    // why: cleanup followed by a bare raise
    {
      filename: service,
      code: handler("    except:", "        await session.rollback()", "        raise"),
    },
    {
      filename: service,
      code: handler(
        "    except Exception as e:",
        '        raise OrderError(f"Order {order_id} could not be cancelled") from e',
      ),
    },
    // why: re-raising what it does not expect makes the handler narrow
    {
      filename: service,
      code: handler(
        "    except Exception as e:",
        "        if not is_retryable(e):",
        "            raise",
        "        await retry_later(order_id)",
      ),
    },
    // why: the error is handed on
    { filename: service, code: handler("    except Exception as e:", "        errors.append(e)") },
    {
      filename: service,
      code: handler("    except Exception as e:", "        return Failure(str(e))"),
    },
    // why: an HTTP error response is an error value
    {
      filename: service,
      code: handler(
        "    except Exception:",
        '        return JSONResponse(status_code=503, content={"detail": "Try again later"})',
      ),
    },
    { filename: service, code: handler("    except Exception:", "        job.mark_failed()") },
    // why: the literal text of an f-string speaks of the failure (lnbits' wallet status checks)
    {
      filename: service,
      code: handler(
        "    except Exception:",
        '        return StatusResponse(f"Failed to connect to {endpoint}", 0)',
      ),
    },
    {
      filename: service,
      code: handler("    except Exception:", '        return {"ok": False, "order": order_id}'),
    },
    // why: `return False` answers "no" to the caller (an `is_reachable()` probe), a failure it sees
    { filename: service, code: handler("    except Exception:", "        return False") },
    // why: a flag named for the outcome records the failure for the code after the handler
    {
      filename: service,
      code: handler("    except Exception:", "        connection_successful = False"),
    },
    // why: __repr__ must not raise; what __del__ raises is dropped anyway
    {
      filename: service,
      code: lines(
        "class Lock:",
        "    def __repr__(self) -> str:",
        "        try:",
        "            owner = self._owner_name()",
        "        except Exception:",
        "            owner = 'unknown'",
        "        return f'<Lock owner={owner}>'",
        "",
        "    def __del__(self) -> None:",
        "        try:",
        "            self.release()",
        "        except Exception:",
        "            pass",
      ),
    },
    // why: a retry loop that waits before the next attempt raises when it gives up
    {
      filename: service,
      code: lines(
        "async def fetch_rate(currency: str) -> float:",
        "    for attempt in range(3):",
        "        try:",
        "            return await client.rate(currency)",
        "        except Exception:",
        "            await asyncio.sleep(2**attempt)",
        "    raise RateUnavailableError(currency)",
      ),
    },
    { filename: service, code: handler("    except Exception:", "        abort(500)") },
    // Logging and error reporting, in their common spellings.
    {
      filename: service,
      code: handler("    except Exception:", '        logger.info("cancel skipped")'),
    },
    {
      filename: service,
      code: handler("    except Exception:", '        self._logger.debug("cancel skipped")'),
    },
    {
      filename: service,
      code: handler(
        "    except Exception:",
        '        logging.getLogger(__name__).warning("cancel skipped")',
      ),
    },
    {
      filename: service,
      code: handler("    except Exception:", '        structlog.get_logger().info("skipped")'),
    },
    {
      filename: service,
      code: handler("    except Exception:", "        sentry_sdk.capture_exception()"),
    },
    { filename: service, code: handler("    except Exception:", "        traceback.print_exc()") },
    {
      filename: service,
      code: handler("    except Exception:", '        warnings.warn("skipped")'),
    },
    { filename: service, code: handler("    except Exception:", "        sys.exit(1)") },
    {
      filename: service,
      code: handler("    except Exception:", '        audit.record("cancel", order_id)'),
      options: [{ loggers: ["audit"] }],
    },
    // why: a bare except that logs handles the error under the default options
    {
      filename: service,
      code: handler("    except:", '        log.exception("cancel of %s", order_id)'),
    },
    // An explaining comment makes an idle handler intentional (as in ESLint's no-empty).
    {
      filename: service,
      code: handler(
        "    except Exception:",
        "        # The cache is optional: the database still answers.",
        "        pass",
      ),
    },
    {
      filename: service,
      code: handler("    except Exception:  # best effort: the socket may be gone", "        pass"),
    },
    { filename: service, code: handler("    except Exception:", "        pass  # best effort") },
    {
      filename: service,
      code: lines(
        "def parse_all(rows: list[str]) -> list[int]:",
        "    out = []",
        "    for row in rows:",
        "        try:",
        "            out.append(parse(row))",
        "        except Exception:",
        "            # Rows from the legacy export may be garbage; skip them.",
        "            continue",
        "    return out",
      ),
    },
    {
      filename: service,
      code: handler("    except Exception:", "        return None"),
      options: [{ allowFallbackValue: "always" }],
    },
    {
      filename: service,
      code: handler("    except Exception:", "        return"),
      options: [{ allowFallbackValue: "always" }],
    },
    // why: a multi-line header still names a narrow tuple
    {
      filename: service,
      code: handler(
        "    except (",
        "        KeyError,",
        "        ValueError,",
        "    ):",
        "        pass",
      ),
    },
  ],
  invalid: [
    {
      ...onDisk(shop("app/core/cache.py")),
      errors: [
        {
          messageId: "swallowedExcept",
          data: { clause: "except Exception:" },
          line: 13,
          column: 5,
          endLine: 13,
          endColumn: 22,
        },
        { messageId: "emptyExcept", data: { clause: "except:" }, line: 21, column: 5 },
      ],
    },
    {
      filename: service,
      code: handler("    except Exception:", "        pass"),
      errors: [
        {
          messageId: "emptyExcept",
          data: { clause: "except Exception:" },
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 22,
        },
      ],
    },
    {
      filename: service,
      code: handler("    except:", "        ..."),
      errors: [{ messageId: "emptyExcept", data: { clause: "except:" }, line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler("    except BaseException as e:", "        return None"),
      errors: [
        {
          messageId: "swallowedExcept",
          data: { clause: "except BaseException as e:" },
          line: 5,
          column: 5,
          endLine: 5,
          endColumn: 31,
        },
      ],
    },
    // why: a tuple that holds Exception catches everything
    {
      filename: service,
      code: handler("    except (ValueError, Exception):", "        pass"),
      errors: [
        {
          messageId: "emptyExcept",
          data: { clause: "except (ValueError, Exception):" },
          line: 5,
          column: 5,
        },
      ],
    },
    {
      filename: service,
      code: handler("    except builtins.Exception:", "        pass"),
      errors: [{ messageId: "emptyExcept", line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler("    except* Exception:", "        pass"),
      errors: [
        { messageId: "emptyExcept", data: { clause: "except* Exception:" }, line: 5, column: 5 },
      ],
    },
    // why: testing the error and dropping it otherwise swallows every other error
    {
      filename: service,
      code: handler(
        "    except Exception as e:",
        "        if isinstance(e, KeyError):",
        "            return None",
      ),
      errors: [{ messageId: "swallowedExcept", line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler(
        "    except Exception as e:",
        '        if e.args and e.args[0] == "gone":',
        "            return",
      ),
      errors: [{ messageId: "swallowedExcept", line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler(
        "    except (",
        "        KeyError,",
        "        Exception,",
        "    ):",
        "        pass",
      ),
      errors: [
        {
          messageId: "emptyExcept",
          data: { clause: "except (KeyError, Exception):" },
          line: 5,
          column: 5,
          endLine: 8,
          endColumn: 7,
        },
      ],
    },
    // why: a wait outside a loop is no retry
    {
      filename: service,
      code: handler("    except Exception:", "        await asyncio.sleep(1)"),
      errors: [{ messageId: "swallowedExcept", line: 5, column: 5 }],
    },
    // why: a rollback without raise reports success to the caller
    {
      filename: service,
      code: handler("    except Exception:", "        await session.rollback()"),
      errors: [{ messageId: "swallowedExcept", line: 5, column: 5 }],
    },
    // why: a raise or log inside a nested function does not run in the handler
    {
      filename: service,
      code: handler(
        "    except Exception:",
        "        def later() -> None:",
        '            logger.error("cancel failed")',
        "            raise RetryError()",
        "",
        "        schedule(later)",
      ),
      errors: [{ messageId: "swallowedExcept", line: 5, column: 5 }],
    },
    {
      filename: service,
      code: lines(
        "def parse_all(rows: list[str]) -> list[int]:",
        "    out = []",
        "    for row in rows:",
        "        try:",
        "            out.append(parse(row))",
        "        except Exception:",
        "            continue",
        "    return out",
      ),
      errors: [{ messageId: "swallowedExcept", line: 6, column: 9 }],
    },
    // why: tool directives are not explanations
    {
      filename: service,
      code: handler("    except Exception:  # noqa: BLE001", "        pass"),
      errors: [{ messageId: "emptyExcept", line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler("    except Exception:", "        # best effort", "        pass"),
      options: [{ allowEmptyCatchWithComment: false }],
      errors: [{ messageId: "emptyExcept", line: 5, column: 5 }],
    },
    // why: a comment explains doing nothing, not a fallback value
    {
      filename: service,
      code: handler("    except Exception:", "        # no cache", "        return None"),
      errors: [{ messageId: "swallowedExcept", line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler("    except Exception:", "        return None"),
      options: [{ allowFallbackValue: "typescript-sync" }],
      errors: [{ messageId: "swallowedExcept", line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler("    except:", '        logger.exception("cancel failed")'),
      options: [{ bareExceptMustReraise: true }],
      errors: [{ messageId: "bareExcept", data: { clause: "except:" }, line: 5, column: 5 }],
    },
    {
      filename: service,
      code: handler("    except BaseException as e:", "        logger.error(e)"),
      options: [{ bareExceptMustReraise: true }],
      errors: [{ messageId: "bareExcept", line: 5, column: 5 }],
    },
    // why: tests are checked too: a swallowed error makes a test pass that should fail
    {
      filename: shop("tests/test_orders.py"),
      code: lines(
        "async def test_cancel(client: AsyncClient) -> None:",
        "    try:",
        '        await client.post("/orders/1/cancel")',
        "    except Exception:",
        "        pass",
      ),
      errors: [{ messageId: "emptyExcept", line: 4, column: 5 }],
    },
  ],
});

const tsService = tsShop("src/services/order.service.ts");
/** A function around a try statement: the `catch` sits on line 4, column 5. */
const tsHandler = (...body: string[]) =>
  lines(
    "export async function cancel(id: string): Promise<unknown> {",
    "  try {",
    "    return await repo.cancel(id);",
    ...body,
    "}",
  );
/** The same, with a try block that awaits nothing. */
const tsSync = (...body: string[]) =>
  lines(
    "export function parse(raw: string): unknown {",
    "  try {",
    "    return JSON.parse(raw);",
    ...body,
    "}",
  );

typescriptRuleTester().run("no-swallowed-errors", rule, {
  valid: [
    onDisk(tsShop("src/utils/config.ts")),
    onDisk(tsShop("src/services/payment.service.ts")),
    // why: next(err) hands the error to Express; res.status(500) answers with an error
    onDisk(tsShop("src/routes/orders.ts")),
    {
      filename: tsService,
      code: tsHandler(
        "  } catch (e) {",
        '    throw new OrderError("Cancel failed", { cause: e });',
        "  }",
      ),
    },
    // why: rethrowing what it does not expect makes the catch narrow
    {
      filename: tsService,
      code: tsHandler(
        "  } catch (e) {",
        "    if (e instanceof NotFoundError) return null;",
        "    throw e;",
        "  }",
      ),
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", '    console.warn("cache miss");', "  }"),
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", '    this.logger.warn("cancel skipped");', "  }"),
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", '    Logger.warn("cancel skipped");', "  }"),
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", '    request.log.info("cancel skipped");', "  }"),
    },
    {
      filename: tsService,
      code: tsHandler("  } catch (e) {", "    Sentry.captureException(e);", "  }"),
    },
    { filename: tsService, code: tsHandler("  } catch {", "    span.recordException();", "  }") },
    {
      filename: tsService,
      code: tsHandler("  } catch (err) {", "    return reply.send(err);", "  }"),
    },
    { filename: tsService, code: tsHandler("  } catch (err) {", "    reject(err);", "  }") },
    { filename: tsService, code: tsHandler("  } catch {", "    process.exit(1);", "  }") },
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    return { ok: false as const, reason: 'gone' };", "  }"),
      options: [{ allowFallbackValue: "always" }],
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    return Result.fail('Cancel refused');", "  }"),
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", '    audit.record("cancel", id);', "  }"),
      options: [{ loggers: ["audit"] }],
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    return { success: false, id };", "  }"),
    },
    // why: `return false` answers "no" to the caller (a `hasYarn()` probe), a failure it sees
    { filename: tsService, code: tsHandler("  } catch {", "    return false;", "  }") },
    // why: a flag named for the outcome records the failure for the code after the catch
    { filename: tsService, code: tsHandler("  } catch {", "    this.lastSyncOk = false;", "  }") },
    // why: a retry loop that waits before the next attempt throws when it gives up
    {
      filename: tsService,
      code: lines(
        "export async function fetchRate(currency: string): Promise<number> {",
        "  for (let attempt = 0; attempt < 3; attempt++) {",
        "    try {",
        "      return await client.rate(currency);",
        "    } catch {",
        "      await sleep(2 ** attempt * 100);",
        "    }",
        "  }",
        "  throw new RateUnavailableError(currency);",
        "}",
      ),
    },
    // why: a parse-or-default cannot narrow its catch in TypeScript
    { filename: tsService, code: tsSync("  } catch {", "    return null;", "  }") },
    // An explaining comment makes an idle catch intentional (as in ESLint's no-empty).
    {
      filename: tsService,
      code: tsHandler(
        "  } catch {",
        "    // The cache is optional: the database still answers.",
        "  }",
      ),
    },
    { filename: tsService, code: tsHandler("  } catch { /* best effort */ }") },
    {
      filename: tsService,
      code: lines(
        "export async function importAll(rows: string[]): Promise<void> {",
        "  for (const row of rows) {",
        "    try {",
        "      await store.save(row);",
        "    } catch {",
        "      // The legacy export repeats rows; the first copy wins.",
        "      continue;",
        "    }",
        "  }",
        "}",
      ),
    },
    // why: skipping an item that does not parse is a parse-or-default too
    { filename: tsService, code: tsSync("  } catch {", "    return;", "  }") },
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    return;", "  }"),
      options: [{ allowFallbackValue: "always" }],
    },
  ],
  invalid: [
    {
      ...onDisk(tsService),
      errors: [
        {
          messageId: "emptyCatch",
          data: { clause: "catch" },
          line: 7,
          column: 7,
          endLine: 7,
          endColumn: 13,
        },
        { messageId: "swallowedCatch", data: { clause: "catch (e)" }, line: 15, column: 7 },
      ],
    },
    {
      filename: tsService,
      code: tsHandler("  } catch (e) {}"),
      errors: [
        {
          messageId: "emptyCatch",
          data: { clause: "catch (e)" },
          line: 4,
          column: 5,
          endLine: 4,
          endColumn: 15,
        },
      ],
    },
    {
      filename: tsService,
      code: tsHandler("  } catch ({ message }) {}"),
      errors: [
        { messageId: "emptyCatch", data: { clause: "catch ({ ... })" }, line: 4, column: 5 },
      ],
    },
    // why: testing the error and dropping it otherwise swallows every other error
    {
      filename: tsService,
      code: tsHandler(
        "  } catch (e) {",
        "    if (e instanceof NotFoundError) {",
        "      return null;",
        "    }",
        "  }",
      ),
      errors: [{ messageId: "swallowedCatch", line: 4, column: 5 }],
    },
    {
      filename: tsService,
      code: tsHandler("  } catch (e) {", '    if (typeof e === "string") return;', "  }"),
      errors: [{ messageId: "swallowedCatch", line: 4, column: 5 }],
    },
    // why: awaited I/O that falls back to a default hides an outage
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    return null;", "  }"),
      errors: [{ messageId: "swallowedCatch", data: { clause: "catch" }, line: 4, column: 5 }],
    },
    {
      filename: tsService,
      code: tsSync("  } catch {", "    return null;", "  }"),
      options: [{ allowFallbackValue: "never" }],
      errors: [{ messageId: "swallowedCatch", line: 4, column: 5 }],
    },
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    return;", "  }"),
      errors: [{ messageId: "swallowedCatch", line: 4, column: 5 }],
    },
    // why: a throw or log inside a callback does not run in the catch
    {
      filename: tsService,
      code: tsHandler(
        "  } catch {",
        "    setTimeout(() => {",
        '      console.error("cancel failed");',
        "      throw new RetryError();",
        "    }, 1000);",
        "  }",
      ),
      errors: [{ messageId: "swallowedCatch", line: 4, column: 5 }],
    },
    {
      filename: tsService,
      code: lines(
        "export async function importAll(rows: string[]): Promise<void> {",
        "  for (const row of rows) {",
        "    try {",
        "      await store.save(row);",
        "    } catch {",
        "      continue;",
        "    }",
        "  }",
        "}",
      ),
      errors: [{ messageId: "swallowedCatch", line: 5, column: 7 }],
    },
    // why: an empty block is no fallback, even after a parse
    {
      filename: tsService,
      code: tsSync("  } catch {}"),
      errors: [{ messageId: "emptyCatch", line: 4, column: 5 }],
    },
    // why: tool directives are not explanations
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    // prettier-ignore", "  }"),
      errors: [{ messageId: "emptyCatch", line: 4, column: 5 }],
    },
    {
      filename: tsService,
      code: tsHandler("  } catch { /* best effort */ }"),
      options: [{ allowEmptyCatchWithComment: false }],
      errors: [{ messageId: "emptyCatch", line: 4, column: 5 }],
    },
    // why: a success flag that says yes is no error value
    {
      filename: tsService,
      code: tsHandler("  } catch {", "    return { success: true };", "  }"),
      errors: [{ messageId: "swallowedCatch", line: 4, column: 5 }],
    },
    // why: console.log is output, not error reporting
    {
      filename: tsService,
      code: tsHandler("  } catch {", '    console.log("cancel skipped");', "  }"),
      errors: [{ messageId: "swallowedCatch", line: 4, column: 5 }],
    },
  ],
});
