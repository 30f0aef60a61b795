import { readFileSync } from "node:fs";
import { join } from "node:path";
import rule from "./no-god-service.js";
import { pythonRuleTester, typescriptRuleTester } from "../../test/rule-tester.js";

const blog = join(import.meta.dirname, "fixtures", "blog");
const shop = join(import.meta.dirname, "fixtures", "nest-shop");
const py = (rel: string) => join(blog, rel);
const ts = (rel: string) => join(shop, rel);
const lines = (...l: string[]) => l.join("\n") + "\n";

// Two pairs of methods, each pair on its own collaborator: reported only with checkCohesion.
const CATALOG = lines(
  "class CatalogService:",
  "    def __init__(self, products: object, prices: object) -> None:",
  "        self.products = products",
  "        self.prices = prices",
  "",
  "    def list_products(self) -> list:",
  "        return self.products.all()",
  "",
  "    def rename_product(self, sku: str, name: str) -> None:",
  "        self.products.rename(sku, name)",
  "",
  "    def price_of(self, sku: str) -> int:",
  "        return self.prices.get(sku)",
  "",
  "    def reprice(self, sku: str, cents: int) -> None:",
  "        self.prices.set(sku, cents)",
);

pythonRuleTester().run("no-god-service", rule, {
  valid: [
    // why: one other concern (the welcome mail of sign-up) is tolerated by default; 7 collaborators reported below
    {
      filename: py("app/services/user_service.py"),
      code: readFileSync(py("app/services/user_service.py"), "utf8"),
      options: [{ maxDependencies: 7 }],
    },
    // why: a service whose own name owns the concern may do it: NotificationService notifies and mails
    {
      filename: py("app/services/notification_service.py"),
      code: lines(
        "class NotificationService:",
        "    async def send_email(self, to: str) -> None: ...",
        "    async def send_push_notification(self, device: str) -> None: ...",
        "    async def notify_followers(self, author: str) -> None: ...",
      ),
    },
    // why: methods that read a field named like a concern do not take the concern on
    {
      filename: py("app/services/account_service.py"),
      code: lines(
        "class AccountService:",
        "    async def get_by_email(self, email: str) -> None: ...",
        "    async def update_email(self, email: str) -> None: ...",
        "    async def get_payment_status(self, account_id: int) -> None: ...",
        "    async def list_reports(self) -> None: ...",
      ),
    },
    // why: cohesion is the stricter reading, off by default
    { filename: py("app/services/catalog_service.py"), code: CATALOG },
    // why: with cohesion on, methods linked through a private helper form one group
    {
      filename: py("app/services/catalog_service.py"),
      code: CATALOG.replace(
        "        self.prices.set(sku, cents)",
        "        self.prices.set(sku, cents)\n        self._touch(sku)\n\n    def _touch(self, sku: str) -> None:\n        self.products.touch(sku)\n        self.prices.touch(sku)",
      ),
      options: [{ checkCohesion: true }],
    },
    // why: exceptions, enums and Pydantic shapes in a services module are no services
    {
      filename: py("app/services/post_service_types.py"),
      code: lines(
        "from pydantic import BaseModel",
        "",
        "",
        "class ReportRequest(BaseModel):",
        "    month: str",
        "",
        "    def send_report(self) -> None: ...",
        "    def process_payment(self) -> None: ...",
      ),
    },
    // why: only the services layer is checked
    {
      filename: py("app/routes/posts.py"),
      code: lines(
        "class PostsView:",
        "    async def send_email(self) -> None: ...",
        "    async def process_payment(self) -> None: ...",
      ),
    },
  ],
  invalid: [
    // The guideline's DON'T: a post service that also mails, charges and reports.
    {
      filename: py("app/services/post_service.py"),
      code: readFileSync(py("app/services/post_service.py"), "utf8"),
      errors: [
        {
          messageId: "godService",
          line: 4,
          column: 7,
          data: {
            name: "PostService",
            problems:
              "also handles email (send_email(), mailer), payments (process_payment(), stripe_client) and reports (generate_report()), which belong in services of their own",
          },
        },
      ],
    },
    // why: seven collaborators; page_size: int and name: str are values, not collaborators
    {
      filename: py("app/services/user_service.py"),
      code: readFileSync(py("app/services/user_service.py"), "utf8"),
      errors: [
        {
          messageId: "godService",
          line: 4,
          column: 7,
          data: {
            name: "UserService",
            problems:
              "takes 7 collaborators (max 6): users, hasher, tokens, mailer, audit, clock, rate_limiter",
          },
        },
      ],
    },
    // why: maxOtherConcerns 0 is the strict reading: the welcome mail counts too
    {
      filename: py("app/services/user_service.py"),
      code: readFileSync(py("app/services/user_service.py"), "utf8"),
      options: [{ maxDependencies: 7, maxOtherConcerns: 0 }],
      errors: [
        {
          messageId: "godService",
          line: 4,
          column: 7,
          data: {
            name: "UserService",
            problems:
              "also handles email (send_welcome_email(), mailer), which belongs in a service of its own",
          },
        },
      ],
    },
    {
      filename: py("app/services/catalog_service.py"),
      code: CATALOG,
      options: [{ checkCohesion: true }],
      errors: [
        {
          messageId: "godService",
          line: 1,
          column: 7,
          data: {
            name: "CatalogService",
            problems:
              "has 2 groups of methods that share no attribute or call: [list_products, rename_product] (.products); [price_of, reprice] (.prices)",
          },
        },
      ],
    },
    {
      filename: py("app/services/catalog_service.py"),
      code: CATALOG,
      options: [{ maxMethods: 3 }],
      errors: [
        {
          messageId: "godService",
          line: 1,
          column: 7,
          data: { name: "CatalogService", problems: "has 4 public methods (max 3)" },
        },
      ],
    },
  ],
});

typescriptRuleTester().run("no-god-service", rule, {
  valid: [
    {
      filename: ts("src/orders/orders.service.ts"),
      code: readFileSync(ts("src/orders/orders.service.ts"), "utf8"),
      options: [{ maxMethods: 13 }],
    },
    // why: a front-end service (Angular) is no backend service
    {
      filename: ts("src/orders/cart.service.ts"),
      code: [
        'import { Injectable } from "@angular/core";',
        "export class CartService {",
        "  sendEmail(): void {}",
        "  processPayment(): void {}",
        "  generateReport(): void {}",
        "}",
      ].join("\n"),
    },
  ],
  invalid: [
    // 13 public methods; the private helper and the lifecycle of a Nest service are not counted.
    {
      filename: ts("src/orders/orders.service.ts"),
      code: readFileSync(ts("src/orders/orders.service.ts"), "utf8"),
      errors: [
        {
          messageId: "godService",
          line: 15,
          column: 14,
          data: { name: "OrdersService", problems: "has 13 public methods (max 12)" },
        },
      ],
    },
    // why: constructor-injected clients and method names in camelCase name the concerns
    {
      filename: ts("src/orders/checkout.service.ts"),
      code: [
        "export class CheckoutService {",
        "  constructor(private readonly mailer: Mailer, private readonly s3: S3Client) {}",
        "  async sendReceiptEmail(): Promise<void> {}",
        "  async uploadInvoicePdf(): Promise<void> {}",
        "}",
      ].join("\n"),
      errors: [
        {
          messageId: "godService",
          line: 1,
          column: 14,
          data: {
            name: "CheckoutService",
            problems:
              "also handles email (sendReceiptEmail(), mailer) and file storage (uploadInvoicePdf(), s3), which belong in services of their own",
          },
        },
      ],
    },
  ],
});
