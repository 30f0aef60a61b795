/**
 * The import graph of the project's TypeScript/JavaScript files, on the same
 * cycle finder as Python's (`ImportGraph`), with TypeScript's import records.
 * Separate from the Python graph: a cycle never spans both languages.
 */
import { ImportGraph, type ImportEdge } from "../graph.js";
import type { ImportRecord } from "../python/imports.js";
import type { TsImportRecord } from "./imports.js";

export interface TsImportEdge {
  /** The importing file (relative POSIX path). */
  from: string;
  /** Where the imported name is defined, after re-exports (barrels): what layering looks at. */
  to: string;
  /** The module the import loads: what cycles look at. */
  direct: string;
  /** The imported name (`default`, `*`, an export name), or null for an unbound import. */
  name: string | null;
  /** The import never runs for this name (`import type`, `import { type X }`). */
  typeOnly: boolean;
  record: TsImportRecord;
}

export interface TsCycleOptions {
  /** Count `import type`, `export type` and type-only names (they never run). Default false. */
  includeTypeOnlyImports?: boolean;
  /** Count `require()` inside functions and dynamic `import()` (they run later, not on load). Default false. */
  includeDeferredImports?: boolean;
}

export interface TsImportCycle {
  /** Members in import order, rotated to start at the smallest path; the last imports the first. */
  members: string[];
  /** `edges[i]` is the import of `members[i]` that loads the next member. */
  edges: TsImportEdge[];
}

export interface TsCycleMembership {
  /** The whole cycle, starting at the file asked about, in import order. */
  cycle: string[];
  /** The file's import that loads the next member of the cycle. */
  importToNext: TsImportRecord;
  edge: TsImportEdge;
}

/** What the shared cycle finder reads of a record, with the TypeScript edge it stands for. */
interface RecordView {
  start: number;
  typeCheckingOnly: boolean;
  inFunction: boolean;
  mainOnly: boolean;
  edge: TsImportEdge;
}

const tsEdge = (edge: ImportEdge): TsImportEdge => (edge.record as unknown as RecordView).edge;

export class TsImportGraph {
  private readonly graph: ImportGraph;
  private readonly from = new Map<string, readonly TsImportEdge[]>();
  private readonly to = new Map<string, readonly TsImportEdge[]>();

  constructor(files: readonly string[], edges: readonly TsImportEdge[]) {
    this.graph = new ImportGraph(
      files,
      edges.map((edge) => {
        const view: RecordView = {
          start: edge.record.start,
          typeCheckingOnly: edge.typeOnly,
          inFunction: edge.record.inFunction || edge.record.dynamic,
          mainOnly: false,
          edge,
        };
        return { ...edge, record: view as unknown as ImportRecord };
      }),
    );
  }

  /** Every file of the graph, sorted, including those without imports. */
  get files(): readonly string[] {
    return this.graph.files;
  }

  /** The file's project imports, in source order (one edge per imported name). */
  edgesFrom(file: string): readonly TsImportEdge[] {
    let edges = this.from.get(file);
    if (!edges) this.from.set(file, (edges = this.graph.edgesFrom(file).map(tsEdge)));
    return edges;
  }

  /** The imports of other files whose (re-export-followed) target is `file`. */
  edgesTo(file: string): readonly TsImportEdge[] {
    let edges = this.to.get(file);
    if (!edges) this.to.set(file, (edges = this.graph.edgesTo(file).map(tsEdge)));
    return edges;
  }

  /** Every import cycle at runtime, each once, shortest first. */
  cycles(options: TsCycleOptions = {}): TsImportCycle[] {
    return this.graph
      .cycles(sharedOptions(options))
      .map((cycle) => ({ members: cycle.members, edges: cycle.edges.map(tsEdge) }));
  }

  /** The cycles `file` is in, each starting at `file`, with the import of `file` that closes it. */
  cyclesThrough(file: string, options: TsCycleOptions = {}): TsCycleMembership[] {
    return this.graph.cyclesThrough(file, sharedOptions(options)).map((membership) => {
      const edge = tsEdge(membership.edge);
      return { cycle: membership.cycle, importToNext: edge.record, edge };
    });
  }
}

function sharedOptions(options: TsCycleOptions) {
  return {
    includeTypeCheckingImports: options.includeTypeOnlyImports ?? false,
    includeFunctionImports: options.includeDeferredImports ?? false,
  };
}
