import { parseArgs } from "node:util";

export const FORMATS = ["stylish", "json", "sarif"] as const;
export type Format = (typeof FORMATS)[number];

export interface CliOptions {
  paths: string[];
  format: Format;
  fix: boolean;
  quiet: boolean;
  maxWarnings: number | null;
  cache: boolean;
  cacheLocation: string | null;
  concurrency: number | "auto" | "off";
  config: string | null;
  outputFile: string | null;
  printConfig: boolean;
  since: string | null;
  debug: boolean;
  help: boolean;
  version: boolean;
}

export class UsageError extends Error {}

export const HELP = `Usage: layerlint [options] [paths...]

Lints a backend codebase against its architecture guidelines. With no paths,
lints the current directory. The project root (where configuration is read)
is the nearest directory with pyproject.toml, setup.cfg, setup.py,
requirements.txt, package.json, alembic.ini or .git.

Options:
  -f, --format <name>       Output format: stylish (default), json, sarif
      --fix                 Apply safe fixes to the files
      --quiet               Report errors only, not warnings
      --max-warnings <n>    Exit 1 when there are more than n warnings
      --since <ref>         Lint only the files changed since a git ref (e.g. origin/main);
                            project facts still come from the whole tree
      --cache               Only re-lint files that changed since the last run
      --cache-location <p>  Where the cache lives (default: <root>/.layerlintcache)
      --concurrency <n>     Processes to lint in: a number, auto (default: one per core
                            when each gets 4 MB of source) or off; --cache uses one
  -c, --config <file>       Use this configuration file (layerlint.config.{js,mjs,json}
                            or a pyproject.toml) instead of looking one up
  -o, --output-file <file>  Write the report to a file instead of stdout
      --print-config        Print the resolved configuration as JSON and exit
      --debug               Also print, on stderr, what the project model found and
                            skipped (routes, models, migrations replayed, operations
                            the replay did not understand)
  -h, --help                Show this help
  -v, --version             Show the version

Exit codes: 0 no errors, 1 errors found (or too many warnings), 2 usage or
configuration error.

Configuration: [tool.layerlint] in pyproject.toml, layerlint.config.{js,mjs,json},
or "layerlint" in package.json. Rule docs: rules/<id>/README.md.`;

export function parseCliArgs(argv: string[]): CliOptions {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: "string", short: "f" },
        fix: { type: "boolean" },
        quiet: { type: "boolean" },
        "max-warnings": { type: "string" },
        cache: { type: "boolean" },
        "cache-location": { type: "string" },
        concurrency: { type: "string" },
        config: { type: "string", short: "c" },
        "output-file": { type: "string", short: "o" },
        "print-config": { type: "boolean" },
        since: { type: "string" },
        debug: { type: "boolean" },
        help: { type: "boolean", short: "h" },
        version: { type: "boolean", short: "v" },
      },
    });
  } catch (error) {
    // node's messages name the option already; drop its error-code prefix.
    throw new UsageError((error as Error).message.replace(/^.*?: /, ""));
  }
  const v = parsed.values;
  const problems: string[] = [];

  const format = (v.format ?? "stylish") as Format;
  if (!FORMATS.includes(format)) {
    problems.push(`--format must be one of ${FORMATS.join(", ")}; got "${v.format}".`);
  }
  let maxWarnings: number | null = null;
  if (v["max-warnings"] !== undefined) {
    maxWarnings = Number(v["max-warnings"]);
    if (!Number.isInteger(maxWarnings) || maxWarnings < 0) {
      problems.push(`--max-warnings takes a whole number >= 0; got "${v["max-warnings"]}".`);
    }
  }
  let concurrency: number | "auto" | "off" = "auto";
  if (v.concurrency !== undefined) {
    if (v.concurrency === "auto" || v.concurrency === "off") concurrency = v.concurrency;
    else {
      concurrency = Number(v.concurrency);
      if (!Number.isInteger(concurrency) || concurrency < 1) {
        problems.push(`--concurrency takes a number >= 1, auto or off; got "${v.concurrency}".`);
      }
    }
  }
  if (v.since !== undefined && (v.since === "" || v.since.startsWith("-"))) {
    problems.push(`--since takes a git ref (a branch, tag or commit); got "${v.since}".`);
  }
  if (problems.length > 0) throw new UsageError(problems.join("\n"));

  return {
    paths: parsed.positionals,
    format,
    fix: v.fix ?? false,
    quiet: v.quiet ?? false,
    maxWarnings,
    cache: v.cache ?? false,
    cacheLocation: v["cache-location"] ?? null,
    concurrency,
    config: v.config ?? null,
    outputFile: v["output-file"] ?? null,
    printConfig: v["print-config"] ?? false,
    since: v.since ?? null,
    debug: v.debug ?? false,
    help: v.help ?? false,
    version: v.version ?? false,
  };
}
