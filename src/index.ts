/** The ESLint plugin object: meta, languages, rules, configs. No logic lives here. */
import type { Linter } from "eslint";
import { prismaLanguage } from "./languages/prisma/language.js";
import { pythonLanguage } from "./languages/python/language.js";
import { packageInfo } from "./package-info.js";
import { rules } from "./rules.js";
import { buildConfigs } from "../configs/build.js";

const plugin = {
  meta: { name: packageInfo.name, version: packageInfo.version, namespace: "layerlint" },
  languages: { python: pythonLanguage, prisma: prismaLanguage },
  rules,
  configs: {} as { recommended: Linter.Config[]; strict: Linter.Config[] },
};
Object.assign(plugin.configs, buildConfigs(plugin));

export default plugin;
export { rules, pythonLanguage, prismaLanguage };
