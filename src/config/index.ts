export {
  closestMatch,
  ConfigError,
  DEFAULT_SETTINGS,
  defaultSettings,
  normalizeRuleId,
  PYTHON_VERSIONS,
  ROLES,
  RULE_PREFIX,
  validateSettings,
  type ConfigProblem,
  type LayerlintConfig,
  type LayerlintSettings,
  type Role,
  type RuleSetting,
  type Severity,
  type ValidateOptions,
} from "./schema.js";
export {
  CONFIG_FILE_NAMES,
  loadConfig,
  readPackageJson,
  readPyproject,
  type LoadedConfig,
  type LoadOptions,
} from "./load.js";
export {
  detectStack,
  resolvePythonVersion,
  TS_BACKEND_PACKAGES,
  type DetectedStack,
} from "./detect.js";
