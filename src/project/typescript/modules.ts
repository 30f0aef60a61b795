/**
 * Import resolution over the project's TypeScript/JavaScript files: where each
 * import record leads, and, for a name taken from a barrel (`index.ts` and any
 * module that re-exports), the file that defines it.
 */
import type { TsImportRecord, TsModuleFacts } from "./imports.js";
import type { TsModuleResolver, TsResolution } from "./resolve.js";

export interface TsImportTarget {
  /** The name taken from the module (`default`, `*`, an export name), or null for an unbound import. */
  name: string | null;
  /** The project file the import loads. */
  direct: string;
  /** Where the name is defined after following re-exports (`export ... from`, barrels); `direct` when there is none. */
  file: string;
  /** The import never runs for this name: a type-only record or a `type`-marked name. */
  typeOnly: boolean;
}

export interface TsResolvedImport {
  record: TsImportRecord;
  /** One per bound name (one with a null name for `import "x"`, `require()`, `import()`); empty when no project file. */
  targets: TsImportTarget[];
  /** The package name when the import leads outside the project (`express`, `@prisma/client`, `fs`). */
  external: string | null;
  /** A Node.js built-in module. */
  builtin: boolean;
  /** A relative path or alias that points at no file. */
  unresolved: boolean;
}

export type TsFactsProvider = (file: string) => TsModuleFacts;

export class TsModuleIndex {
  /** `file\0name` -> the defining file: a barrel's names are asked for by every importer. */
  private readonly defined = new Map<string, string>();

  constructor(
    readonly resolver: TsModuleResolver,
    private readonly facts: TsFactsProvider,
  ) {}

  /** Where one specifier of a project file leads, without following re-exports. */
  resolveSpecifier(fromFile: string, record: TsImportRecord): TsResolution {
    return this.resolver.resolve(fromFile, record.specifier, record.kind);
  }

  /** Where one import record of `fromFile` leads: project files (direct and re-export-followed) or a package. */
  resolve(fromFile: string, record: TsImportRecord): TsResolvedImport {
    const resolution = this.resolveSpecifier(fromFile, record);
    const targets: TsImportTarget[] = [];
    const direct = resolution.file;
    if (direct !== null) {
      if (record.bindings.length === 0) {
        targets.push({ name: null, direct, file: direct, typeOnly: record.typeOnly });
      }
      for (const binding of record.bindings) {
        targets.push({
          name: binding.name,
          direct,
          file: this.definingFile(direct, binding.name),
          typeOnly: record.typeOnly || binding.typeOnly,
        });
      }
    }
    return {
      record,
      targets,
      external: resolution.external,
      builtin: resolution.builtin,
      unresolved: resolution.unresolved,
    };
  }

  /** Where `name`, taken from `file`, is defined (cached). */
  definingFile(file: string, name: string): string {
    const key = `${file}\0${name}`;
    let found = this.defined.get(key);
    if (found === undefined) {
      found = this.follow(file, name, new Set());
      this.defined.set(key, found);
    }
    return found;
  }

  /** Where `name`, exported by `file`, is defined: follows re-exports hop by hop; stops at a cycle. */
  private follow(file: string, name: string, seen: Set<string>): string {
    if (name === "*") return file;
    const key = `${file}\0${name}`;
    if (seen.has(key)) return file;
    seen.add(key);
    const facts = this.facts(file);
    if (facts.exports.includes(name)) return file;
    const re = facts.reExports.find((r) => r.name === name);
    if (re) {
      const next = this.resolveSpecifier(file, facts.imports[re.record]).file;
      return next === null ? file : this.follow(next, re.imported, seen);
    }
    // `export *` never re-exports a default.
    if (name === "default") return file;
    for (const index of facts.starExports) {
      const next = this.resolveSpecifier(file, facts.imports[index]).file;
      if (next !== null && this.exportsName(next, name, new Set())) {
        return this.follow(next, name, seen);
      }
    }
    return file;
  }

  /** Whether module `file` exports `name` (declared, re-exported or star-exported). */
  private exportsName(file: string, name: string, seen: Set<string>): boolean {
    if (seen.has(file)) return false;
    seen.add(file);
    const facts = this.facts(file);
    if (facts.exports.includes(name) || facts.reExports.some((r) => r.name === name)) return true;
    for (const index of facts.starExports) {
      const next = this.resolveSpecifier(file, facts.imports[index]).file;
      if (next !== null && this.exportsName(next, name, seen)) return true;
    }
    return false;
  }
}
