/** layerlint's own layering, checked on itself (DESIGN.md, "Layout"). */
module.exports = {
  forbidden: [
    {
      name: "engine-not-to-cli",
      severity: "error",
      comment: "The engine is a library the CLI drives; it must not depend on the CLI.",
      from: { path: "^src/engine" },
      to: { path: "^src/cli" },
    },
    {
      name: "rules-only-src-helpers",
      severity: "error",
      comment: "Rules use src/ helpers only: never the CLI or the engine.",
      from: { path: "^rules/" },
      to: { path: "^src/(cli|engine)/" },
    },
    {
      name: "rules-not-each-other",
      severity: "error",
      comment: "A rule never imports another rule's room; shared code goes to src/.",
      from: { path: "^rules/([^/]+)/" },
      to: { path: "^rules/", pathNot: ["^rules/$1/", "^rules/[^/]+/[^/]+\\.test\\.ts$"] },
    },
    {
      name: "project-no-rules",
      severity: "error",
      comment: "The project model knows nothing about rules.",
      from: { path: "^src/project" },
      to: { path: "^rules/" },
    },
    {
      name: "languages-not-up",
      severity: "error",
      comment: "Languages are the bottom layer: no project, config, engine or CLI.",
      from: { path: "^src/languages" },
      to: { path: "^src/(cli|engine|project|config)/|^rules/" },
    },
    {
      name: "pyright-only-in-parser",
      severity: "error",
      comment: "Only the parser adapter imports pyright (DESIGN.md, Parsing).",
      from: { pathNot: "^src/languages/python/parser\\.ts$" },
      to: { path: "@zzzen/pyright-internal" },
    },
    {
      name: "no-circular",
      severity: "error",
      from: { path: "^src/" },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: "node_modules" },
    exclude: { path: "fixtures|\\.test\\.ts$" },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: "tsconfig.json" },
    enhancedResolveOptions: { extensions: [".ts", ".js", ".mjs", ".cjs", ".json"] },
  },
};
