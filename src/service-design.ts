/**
 * What makes a service class a "god service", independent of the language: its
 * public methods, its collaborators, the concerns of other services it takes on
 * (email, payments, reports, notifications, file storage), and whether its
 * methods fall into groups that share nothing (LCOM4). Python and TypeScript
 * rules extract a `ServiceShape` from their syntax and ask `godServiceProblems`.
 */

/** NestJS's lifecycle hooks: the framework calls them; they are no part of a service's API. */
export const NEST_LIFECYCLE_HOOKS: ReadonlySet<string> = new Set([
  "onModuleInit",
  "onApplicationBootstrap",
  "onModuleDestroy",
  "beforeApplicationShutdown",
  "onApplicationShutdown",
]);

export interface ServiceShape {
  name: string;
  publicMethods: string[];
  /** Constructor parameters that are collaborators (not plain values such as strings and numbers). */
  collaborators: { name: string; type: string }[];
  /**
   * Per method (public and private, not the constructor): the instance
   * attributes it reads or writes and the methods of the class it calls.
   */
  uses: Map<string, { attributes: Set<string>; calls: Set<string> }>;
  /** It extends another class, whose members may be what links its methods: no cohesion check. */
  inherits: boolean;
}

export interface GodServiceLimits {
  maxMethods: number;
  maxDependencies: number;
  maxOtherConcerns: number;
  checkCohesion: boolean;
}

interface Concern {
  label: string;
  /** Words of method names that name the concern's things (`email` in `send_welcome_email`). */
  nouns: ReadonlySet<string>;
  /** First words that make such a method do the concern's work (`send`), not read a field. */
  verbs: ReadonlySet<string>;
  /** First words that are the concern on their own (`notify_owner`, `upload_avatar`). */
  alone: ReadonlySet<string>;
  /** Class-name words of a service whose own business the concern is (`EmailService`). */
  owners: ReadonlySet<string>;
  /** Collaborator names or types that are the concern's clients (`mailer`, `S3Client`). */
  clients: RegExp;
}

const set = (...words: string[]) => new Set(words);

const CONCERNS: readonly Concern[] = [
  {
    label: "email",
    nouns: set("email", "emails", "mail", "mails"),
    verbs: set("send", "resend", "deliver", "compose", "queue", "schedule", "render"),
    alone: set(),
    owners: set("email", "mail", "mailer", "mailing", "messaging", "communication", "notification"),
    clients: /mailer|mail_?client|smtp|sendgrid|mailgun|postmark|ses_?client|resend/i,
  },
  {
    label: "payments",
    nouns: set("payment", "payments", "invoice", "invoices", "billing", "card", "stripe", "paypal"),
    verbs: set(
      "process",
      "make",
      "take",
      "capture",
      "create",
      "issue",
      "send",
      "execute",
      "collect",
    ),
    alone: set("charge", "refund", "pay"),
    owners: set("payment", "payments", "billing", "invoice", "checkout", "stripe", "subscription"),
    clients: /stripe|paypal|braintree|adyen|payment_?(client|gateway|provider)/i,
  },
  {
    label: "reports",
    nouns: set("report", "reports"),
    verbs: set("generate", "build", "create", "export", "render", "compile", "produce", "send"),
    alone: set(),
    owners: set("report", "reports", "reporting", "analytics", "export", "statistics", "stats"),
    clients: /report_?(generator|builder|client)/i,
  },
  {
    label: "notifications",
    nouns: set("notification", "notifications", "sms", "push", "slack"),
    verbs: set("send", "push", "dispatch", "deliver", "queue", "schedule", "create", "post"),
    alone: set("notify"),
    owners: set(
      "notification",
      "notifications",
      "notifier",
      "messaging",
      "alert",
      "alerts",
      "communication",
    ),
    clients: /notifier|twilio|sms_?client|push_?client|slack_?client|fcm|apns/i,
  },
  {
    label: "file storage",
    nouns: set("s3", "bucket", "blob"),
    verbs: set("upload", "download", "store", "put", "get", "delete", "write", "read"),
    alone: set("upload", "download"),
    owners: set(
      "storage",
      "file",
      "files",
      "upload",
      "uploads",
      "media",
      "asset",
      "assets",
      "attachment",
      "attachments",
      "image",
      "images",
      "avatar",
      "document",
      "documents",
      "blob",
    ),
    clients: /s3|storage|bucket|blob_?(service_)?client|minio|boto/i,
  },
];

/** `sendWelcomeEmail`, `send_welcome_email`, `SendWelcomeEmail` -> send, welcome, email. */
export function nameWords(name: string): string[] {
  return name
    .replace(/([a-z0-9])([A-Z])/g, "$1_$2")
    .replace(/([A-Z]+)([A-Z][a-z])/g, "$1_$2")
    .toLowerCase()
    .split(/[^a-z0-9]+/)
    .filter((w) => w !== "");
}

/** The concerns a method name takes on, by its words. */
function methodConcern(method: string): Concern | null {
  const words = nameWords(method);
  if (words.length === 0) return null;
  for (const concern of CONCERNS) {
    if (concern.alone.has(words[0])) return concern;
    if (concern.verbs.has(words[0]) && words.slice(1).some((w) => concern.nouns.has(w))) {
      return concern;
    }
  }
  return null;
}

/**
 * The other services' concerns the class takes on: by method names (`send_email`)
 * and by collaborators that are such a concern's client (`mailer: Mailer`), except
 * the concerns its own name says it owns (`NotificationService` may notify).
 */
export function otherConcerns(shape: ServiceShape): Map<string, string[]> {
  const own = new Set(nameWords(shape.name));
  const owned = (c: Concern) => [...c.owners].some((w) => own.has(w));
  const found = new Map<string, string[]>();
  const add = (concern: Concern, evidence: string) => {
    if (owned(concern)) return;
    const list = found.get(concern.label) ?? [];
    if (!list.includes(evidence)) list.push(evidence);
    found.set(concern.label, list);
  };
  for (const method of shape.publicMethods) {
    const concern = methodConcern(method);
    if (concern) add(concern, `${method}()`);
  }
  for (const { name, type } of shape.collaborators) {
    const concern = CONCERNS.find((c) => c.clients.test(name) || c.clients.test(type));
    if (concern) add(concern, name);
  }
  return found;
}

/**
 * LCOM4: the groups of methods linked by a shared attribute or a call between
 * them. Methods that touch nothing of the instance belong to no group; groups
 * without a public method (private helpers only) do not count.
 */
export function methodGroups(shape: ServiceShape): { methods: string[]; attributes: string[] }[] {
  const methods = [...shape.uses.keys()].filter((m) => {
    const use = shape.uses.get(m)!;
    return use.attributes.size > 0 || use.calls.size > 0;
  });
  const parent = new Map(methods.map((m) => [m, m]));
  const find = (m: string): string => {
    let root = m;
    while (parent.get(root) !== root) root = parent.get(root)!;
    parent.set(m, root);
    return root;
  };
  const union = (a: string, b: string) => parent.set(find(a), find(b));
  const byAttribute = new Map<string, string>();
  for (const method of methods) {
    const use = shape.uses.get(method)!;
    for (const attribute of use.attributes) {
      const first = byAttribute.get(attribute);
      if (first === undefined) byAttribute.set(attribute, method);
      else union(first, method);
    }
    for (const callee of use.calls) if (parent.has(callee)) union(method, callee);
  }
  const groups = new Map<string, { methods: string[]; attributes: Set<string> }>();
  for (const method of methods) {
    const root = find(method);
    const group = groups.get(root) ?? { methods: [], attributes: new Set<string>() };
    group.methods.push(method);
    for (const a of shape.uses.get(method)!.attributes) group.attributes.add(a);
    groups.set(root, group);
  }
  const isPublic = new Set(shape.publicMethods);
  return [...groups.values()]
    .filter((g) => g.methods.some((m) => isPublic.has(m)))
    .map((g) => ({ methods: g.methods, attributes: [...g.attributes].sort() }));
}

const list = (items: string[], max = 4) =>
  items.length <= max
    ? items.join(", ")
    : `${items.slice(0, max).join(", ")} and ${items.length - max} more`;

/** What is wrong with the class, one phrase per problem; empty when nothing is. */
export function godServiceProblems(shape: ServiceShape, limits: GodServiceLimits): string[] {
  const problems: string[] = [];
  if (shape.publicMethods.length > limits.maxMethods) {
    problems.push(`has ${shape.publicMethods.length} public methods (max ${limits.maxMethods})`);
  }
  if (shape.collaborators.length > limits.maxDependencies) {
    problems.push(
      `takes ${shape.collaborators.length} collaborators (max ${limits.maxDependencies}): ${list(
        shape.collaborators.map((c) => c.name),
        8,
      )}`,
    );
  }
  const concerns = otherConcerns(shape);
  if (concerns.size > limits.maxOtherConcerns) {
    const named = [...concerns].map(([label, evidence]) => `${label} (${list(evidence, 3)})`);
    const last = named.pop()!;
    problems.push(
      named.length === 0
        ? `also handles ${last}, which belongs in a service of its own`
        : `also handles ${named.join(", ")} and ${last}, which belong in services of their own`,
    );
  }
  if (limits.checkCohesion && !shape.inherits) {
    const groups = methodGroups(shape);
    // A group of one public method is often an entry point that delegates: not a second service.
    if (groups.length > 1 && groups.filter((g) => g.methods.length >= 2).length > 1) {
      const named = groups.map(
        (g) =>
          `[${list(g.methods, 3)}] (${list(
            g.attributes.map((a) => `.${a}`),
            3,
          )})`,
      );
      problems.push(
        `has ${groups.length} groups of methods that share no attribute or call: ${named.join("; ")}`,
      );
    }
  }
  return problems;
}
