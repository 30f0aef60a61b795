import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-blocking-in-async.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const reports = (rel: string) => join(import.meta.dirname, "fixtures", "reports", rel);
const tsReports = (rel: string) => join(import.meta.dirname, "fixtures", "ts-reports", rel);
const onDisk = (path: string) => ({ filename: path, code: readFileSync(path, "utf8") });
const lines = (...text: string[]) => `${text.join("\n")}\n`;

const service = reports("app/services/sync_service.py");
const tsService = tsReports("src/services/export.service.ts");
const SLEEP = "`await asyncio.sleep(...)`";
const HTTP = "an async HTTP client (`httpx.AsyncClient`, aiohttp)";
const FILES = "`aiofiles.open(...)`, or `await asyncio.to_thread(...)` around the file work";
const FS = "`await fs.promises.readFile(...)` (from `node:fs/promises`)";

pythonRuleTester().run("no-blocking-in-async", rule, {
  valid: [
    // Awaits everything, and hands its one piece of blocking work to a thread.
    onDisk(reports("app/services/report_service.py")),
    // why: a test that blocks its own event loop slows only itself (see ignoreTests)
    onDisk(reports("tests/test_rates.py")),
    // why: a sync function may block (FastAPI runs sync handlers in a thread pool)
    {
      filename: service,
      code: lines("import time", "", "", "def wait() -> None:", "    time.sleep(1)"),
    },
    // why: handed to a thread, not called here
    {
      filename: service,
      code: lines(
        "import asyncio",
        "import time",
        "",
        "import requests",
        "",
        "",
        "async def fetch(url: str) -> bytes:",
        "    await asyncio.to_thread(time.sleep, 1)",
        "    loop = asyncio.get_running_loop()",
        "    return await loop.run_in_executor(None, lambda: requests.get(url).content)",
      ),
    },
    // why: a local function named like a blocking one is not it
    {
      filename: service,
      code: lines(
        "async def sleep(seconds: float) -> None:",
        "    ...",
        "",
        "",
        "async def pause() -> None:",
        "    await sleep(1)",
      ),
    },
    // why: aiofiles.open and httpx.AsyncClient are the async ones; open is shadowed by the import
    {
      filename: service,
      code: lines(
        "import httpx",
        "from aiofiles import open",
        "",
        "",
        "async def save(path: str) -> None:",
        "    async with httpx.AsyncClient() as client, open(path, 'wb') as out:",
        "        await out.write((await client.get('https://example.com')).content)",
      ),
    },
    // why: an AsyncSession is awaited; add() on a sync session only marks the object
    {
      filename: service,
      code: lines(
        "from sqlalchemy.ext.asyncio import AsyncSession",
        "from sqlalchemy.orm import Session",
        "",
        "",
        "async def save(db: AsyncSession, legacy: Session, item: object) -> None:",
        "    legacy.add(item)",
        "    await db.commit()",
      ),
    },
    // why: a local that rebinds the parameter's name is no longer the parameter
    {
      filename: service,
      code: lines(
        "from sqlalchemy.orm import Session",
        "",
        "",
        "async def save(db: Session, other: AsyncSession) -> None:",
        "    db = other",
        "    await db.commit()",
      ),
    },
  ],
  invalid: [
    {
      ...onDisk(reports("app/routes/reports.py")),
      errors: [
        {
          messageId: "blockingCall",
          data: { call: "time.sleep", fn: "rates", instead: SLEEP },
          line: 19,
          column: 5,
        },
        {
          messageId: "blockingCall",
          data: { call: "requests.get", fn: "rates", instead: HTTP },
          line: 20,
          column: 12,
        },
        {
          messageId: "syncSession",
          data: { fn: "export", param: "db", calls: '"db.query()", "db.commit()"' },
          line: 26,
          column: 13,
        },
        {
          messageId: "blockingCall",
          data: { call: "open", fn: "export", instead: FILES },
          line: 27,
          column: 10,
        },
        {
          messageId: "blockingCall",
          data: {
            call: "subprocess.run",
            fn: "export",
            instead: "`await asyncio.create_subprocess_exec(...)`",
          },
          line: 29,
          column: 5,
        },
      ],
    },
    // why: creating the engine does not block, but every query through it will
    {
      ...onDisk(reports("scripts/backfill.py")),
      errors: [
        {
          messageId: "syncClient",
          data: {
            call: "sqlalchemy.create_engine",
            makes: "database engine",
            fn: "main",
            instead: "`create_async_engine`",
          },
          line: 10,
          column: 14,
        },
      ],
    },
    // why: an alias is still time.sleep; a method of a class counts as its qualified name
    {
      filename: service,
      code: lines(
        "from time import sleep as pause",
        "",
        "",
        "class Poller:",
        "    async def poll(self) -> None:",
        "        pause(5)",
      ),
      errors: [
        {
          messageId: "blockingCall",
          data: { call: "time.sleep", fn: "Poller.poll", instead: SLEEP },
          line: 6,
          column: 9,
        },
      ],
    },
    // why: Annotated[Session, Depends(...)] is a sync session too; one finding per session
    {
      filename: service,
      code: lines(
        "from typing import Annotated",
        "",
        "from fastapi import Depends",
        "from sqlmodel import Session, select",
        "",
        "",
        "async def count(db: Annotated[Session, Depends(get_db)]) -> int:",
        "    rows = db.exec(select(Item)).all()",
        "    db.exec(select(Tag))",
        "    return len(rows)",
      ),
      errors: [
        {
          messageId: "syncSession",
          data: { fn: "count", param: "db", calls: '"db.exec()"' },
          line: 8,
          column: 12,
        },
      ],
    },
    {
      ...onDisk(reports("tests/test_rates.py")),
      options: [{ ignoreTests: false }],
      errors: [
        {
          messageId: "blockingCall",
          data: { call: "time.sleep", fn: "test_rate_limit_expires", instead: SLEEP },
          line: 11,
          column: 5,
        },
      ],
    },
    // why: a sync Session stored on self in __init__ blocks every async method that queries it
    {
      filename: service,
      code: lines(
        "from sqlalchemy.orm import Session",
        "from sqlalchemy.ext.asyncio import AsyncSession",
        "",
        "",
        "class ItemService:",
        "    def __init__(self, db: Session, cache: AsyncSession) -> None:",
        "        self.db: Session = db",
        "        self.cache = cache",
        "",
        "    def count(self) -> int:",
        "        return self.db.query(Item).count()",
        "",
        "    async def get(self, item_id: int) -> Item:",
        "        await self.cache.commit()",
        "        item = self.db.get(Item, item_id)",
        "        self.db.refresh(item)",
        "        return item",
      ),
      errors: [
        {
          messageId: "syncSession",
          data: {
            fn: "ItemService.get",
            param: "self.db",
            calls: '"self.db.get()", "self.db.refresh()"',
          },
          line: 15,
          column: 16,
        },
      ],
    },
    // why: teams name their own blocking clients
    {
      filename: service,
      code: lines(
        "import boto3",
        "",
        "",
        "async def upload(key: str) -> None:",
        "    boto3.client('s3').put_object(Bucket='b', Key=key)",
      ),
      options: [{ extraCalls: { "boto3.client": "`aioboto3`" } }],
      errors: [
        {
          messageId: "blockingCall",
          data: { call: "boto3.client", fn: "upload", instead: "`aioboto3`" },
          line: 5,
          column: 5,
        },
      ],
    },
  ],
});

typescriptRuleTester().run("no-blocking-in-async", rule, {
  valid: [
    // why: start-up code may read synchronously: nothing is being served yet
    onDisk(tsReports("src/config/load.ts")),
    // why: a sync function, fs/promises, and a local function named like fs's
    {
      filename: tsService,
      code: lines(
        'import { existsSync } from "node:fs";',
        'import { readFile } from "node:fs/promises";',
        "",
        "const readFileSync = (p: string) => p;",
        "",
        "export const has = (p: string): boolean => existsSync(p);",
        "export async function load(p: string): Promise<string> {",
        '  return readFileSync(await readFile(p, "utf8"));',
        "}",
      ),
    },
  ],
  invalid: [
    {
      ...onDisk(tsReports("src/services/report.service.ts")),
      errors: [
        {
          messageId: "blockingCall",
          data: { call: "fs.readFileSync", fn: "ReportService.render", instead: FS },
          line: 11,
          column: 20,
        },
        {
          messageId: "blockingCall",
          data: {
            call: "execSync",
            fn: "ReportService.version",
            instead: "`promisify(exec)`/`execFile` or `spawn` with events",
          },
          line: 16,
          column: 12,
        },
      ],
    },
    // why: require() binds the same export; the handler is named by the call it is given to
    {
      ...onDisk(tsReports("src/routes/reports.ts")),
      errors: [
        {
          messageId: "blockingCall",
          data: {
            call: "pbkdf2Sync",
            fn: "reports.post(...) callback",
            instead:
              "the callback or `promisify`-ed form (`crypto.pbkdf2`), which hashes on the thread pool",
          },
          line: 7,
          column: 21,
        },
      ],
    },
    // why: a team's own blocking export, named as package.export
    {
      filename: tsService,
      code: lines(
        'import bcrypt from "bcrypt";',
        "export async function hash(password: string): Promise<string> {",
        "  return bcrypt.hashSync(password, 10);",
        "}",
      ),
      options: [{ extraCalls: { "bcrypt.hashSync": "`await bcrypt.hash(...)`" } }],
      errors: [
        {
          messageId: "blockingCall",
          data: { call: "bcrypt.hashSync", fn: "hash", instead: "`await bcrypt.hash(...)`" },
          line: 3,
          column: 10,
        },
      ],
    },
    // why: Atomics.wait parks the thread; the import comes after its use
    {
      filename: tsService,
      code: lines(
        "export const pause = async (flag: Int32Array): Promise<void> => {",
        "  Atomics.wait(flag, 0, 0, 100);",
        '  fsx.copySync("a", "b");',
        "};",
        'import fsx from "fs-extra";',
      ),
      errors: [
        {
          messageId: "blockingCall",
          data: {
            call: "Atomics.wait",
            fn: "pause",
            instead: "`await Atomics.waitAsync(...).value`",
          },
          line: 2,
          column: 3,
        },
        {
          messageId: "blockingCall",
          data: {
            call: "fsx.copySync",
            fn: "pause",
            instead: "`await fs.promises.copy(...)` (from `node:fs/promises`)",
          },
          line: 3,
          column: 3,
        },
      ],
    },
  ],
});
