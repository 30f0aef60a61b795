/** The Python versions whose syntax the parser knows (kept apart so config need not load pyright). */
export const SUPPORTED_PYTHON_VERSIONS = [
  "3.8",
  "3.9",
  "3.10",
  "3.11",
  "3.12",
  "3.13",
  "3.14",
] as const;

/** The newest: with no version given, accept every syntax the parser knows. */
export const DEFAULT_PYTHON_VERSION = "3.14";
