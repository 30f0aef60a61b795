/**
 * The slice of layerlint's settings the project model reads. `src/config/`
 * owns the schema and the catalog's defaults; this is a view of them, so the
 * two can never drift apart.
 */
import { DEFAULT_SETTINGS, ROLES, type Role } from "../config/schema.js";

export { ROLES, type Role };

export interface ProjectSettings {
  layers: Record<Role, readonly string[]>;
  fileNames: Record<Role, readonly string[]>;
  fileSuffixes: Record<Role, readonly string[]>;
  ignore: readonly string[];
  python: {
    version: string;
    sourceRoots: readonly string[];
  };
}

export const DEFAULT_PROJECT_SETTINGS: ProjectSettings = DEFAULT_SETTINGS;
