/**
 * The project's import graph and its cycles. Deterministic: nodes and
 * neighbours are visited in sorted order, so the same tree gives the same
 * cycles, members and closing imports in every process.
 */
import { compareStrings } from "./files.js";
import type { ImportRecord } from "./python/imports.js";

export interface ImportEdge {
  /** The importing file (relative POSIX path). */
  from: string;
  /** Where the imported name is defined, after `__init__.py` re-exports: what layering looks at. */
  to: string;
  /** The module the statement loads at runtime: what cycles look at. */
  direct: string;
  /** The from-imported name, or null for `import a.b`. */
  name: string | null;
  record: ImportRecord;
}

export interface CycleOptions {
  /** Count imports under `if TYPE_CHECKING:` (they never run). Default false. */
  includeTypeCheckingImports?: boolean;
  /** Count imports inside function bodies (they run on call, after import). Default false. */
  includeFunctionImports?: boolean;
  /** Count imports under `if __name__ == "__main__":` (they run only in a script). Default false. */
  includeMainImports?: boolean;
}

export interface ImportCycle {
  /** Members in import order, rotated to start at the smallest path; the last imports the first. */
  members: string[];
  /** `edges[i]` is the import of `members[i]` that loads the next member. */
  edges: ImportEdge[];
}

export interface CycleMembership {
  /** The whole cycle, starting at the file asked about, in import order. */
  cycle: string[];
  /** The file's import that loads the next member of the cycle. */
  importToNext: ImportRecord;
  edge: ImportEdge;
}

/**
 * Tarjan's strongly connected components, iterative (deep import chains must
 * not overflow the stack). Components come out in reverse topological order;
 * each lists its nodes sorted.
 */
export function stronglyConnectedComponents(
  nodes: readonly string[],
  successors: (node: string) => readonly string[],
): string[][] {
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const onStack = new Set<string>();
  const stack: string[] = [];
  const components: string[][] = [];
  let counter = 0;

  for (const start of nodes) {
    if (index.has(start)) continue;
    const work: { node: string; next: number; succ: readonly string[] }[] = [];
    const open = (node: string): void => {
      index.set(node, counter);
      low.set(node, counter);
      counter++;
      stack.push(node);
      onStack.add(node);
      work.push({ node, next: 0, succ: successors(node) });
    };
    open(start);
    while (work.length > 0) {
      const top = work[work.length - 1];
      if (top.next < top.succ.length) {
        const succ = top.succ[top.next++];
        if (!index.has(succ)) open(succ);
        else if (onStack.has(succ))
          low.set(top.node, Math.min(low.get(top.node)!, index.get(succ)!));
        continue;
      }
      work.pop();
      if (work.length > 0) {
        const parent = work[work.length - 1].node;
        low.set(parent, Math.min(low.get(parent)!, low.get(top.node)!));
      }
      if (low.get(top.node) === index.get(top.node)) {
        const component: string[] = [];
        let member: string;
        do {
          member = stack.pop()!;
          onStack.delete(member);
          component.push(member);
        } while (member !== top.node);
        components.push(component.sort(compareStrings));
      }
    }
  }
  return components;
}

function byPosition(a: ImportEdge, b: ImportEdge): number {
  return a.record.start - b.record.start || compareStrings(a.direct, b.direct);
}

export class ImportGraph {
  /** Every file of the graph, sorted, including those without imports. */
  readonly files: readonly string[];
  private readonly outgoing = new Map<string, ImportEdge[]>();
  private readonly incoming = new Map<string, ImportEdge[]>();
  private readonly cycleCache = new Map<
    string,
    { cycles: ImportCycle[]; byMember: Map<string, ImportCycle[]> }
  >();

  constructor(files: readonly string[], edges: readonly ImportEdge[]) {
    this.files = [...files].sort(compareStrings);
    for (const edge of edges) {
      let out = this.outgoing.get(edge.from);
      if (!out) this.outgoing.set(edge.from, (out = []));
      out.push(edge);
      let into = this.incoming.get(edge.to);
      if (!into) this.incoming.set(edge.to, (into = []));
      into.push(edge);
    }
    for (const list of this.outgoing.values()) list.sort(byPosition);
    for (const list of this.incoming.values()) {
      list.sort((a, b) => compareStrings(a.from, b.from) || byPosition(a, b));
    }
  }

  /** The file's project imports, in source order (one edge per resolved name). */
  edgesFrom(file: string): readonly ImportEdge[] {
    return this.outgoing.get(file) ?? [];
  }

  /** The imports of other files whose (re-export-followed) target is `file`. */
  edgesTo(file: string): readonly ImportEdge[] {
    return this.incoming.get(file) ?? [];
  }

  /** Every import cycle at runtime, each once, shortest first. */
  cycles(options: CycleOptions = {}): readonly ImportCycle[] {
    return this.cycleIndex(options).cycles;
  }

  /** The cycles `file` is in, each starting at `file`, with the import of `file` that closes it. */
  cyclesThrough(file: string, options: CycleOptions = {}): CycleMembership[] {
    const out: CycleMembership[] = [];
    for (const cycle of this.cycleIndex(options).byMember.get(file) ?? []) {
      const at = cycle.members.indexOf(file);
      out.push({
        cycle: [...cycle.members.slice(at), ...cycle.members.slice(0, at)],
        importToNext: cycle.edges[at].record,
        edge: cycle.edges[at],
      });
    }
    return out;
  }

  private cycleIndex(options: CycleOptions): {
    cycles: ImportCycle[];
    byMember: Map<string, ImportCycle[]>;
  } {
    const key = [
      options.includeTypeCheckingImports,
      options.includeFunctionImports,
      options.includeMainImports,
    ]
      .map((flag) => (flag ? 1 : 0))
      .join("");
    let index = this.cycleCache.get(key);
    if (!index) {
      const cycles = this.findCycles(options);
      const byMember = new Map<string, ImportCycle[]>();
      for (const cycle of cycles) {
        for (const member of cycle.members) {
          let list = byMember.get(member);
          if (!list) byMember.set(member, (list = []));
          list.push(cycle);
        }
      }
      index = { cycles, byMember };
      this.cycleCache.set(key, index);
    }
    return index;
  }

  private findCycles(options: CycleOptions): ImportCycle[] {
    // The first runtime import of each (from, direct) pair stands for all of them.
    const adjacency = new Map<string, Map<string, ImportEdge>>();
    for (const [from, edges] of this.outgoing) {
      const targets = new Map<string, ImportEdge>();
      for (const edge of edges) {
        if (edge.record.typeCheckingOnly && !options.includeTypeCheckingImports) continue;
        if (edge.record.inFunction && !options.includeFunctionImports) continue;
        if (edge.record.mainOnly && !options.includeMainImports) continue;
        if (!targets.has(edge.direct)) targets.set(edge.direct, edge);
      }
      if (targets.size > 0) adjacency.set(from, targets);
    }
    const successors = new Map<string, string[]>();
    for (const [from, targets] of adjacency) {
      successors.set(from, [...targets.keys()].sort(compareStrings));
    }
    const nodes = [...new Set([...this.files, ...adjacency.keys()])].sort(compareStrings);
    const components = stronglyConnectedComponents(nodes, (n) => successors.get(n) ?? []);

    const found = new Map<string, ImportCycle>();
    for (const component of components) {
      if (component.length === 1) {
        const only = component[0];
        const self = adjacency.get(only)?.get(only);
        if (self) found.set(only, { members: [only], edges: [self] });
        continue;
      }
      const inside = new Set(component);
      const within = new Map<string, string[]>();
      for (const n of component) {
        within.set(
          n,
          (successors.get(n) ?? []).filter((s) => inside.has(s)),
        );
      }
      for (const v of component) {
        // Shortest paths from v: for every edge u -> v, the path v ... u closes the shortest cycle through it.
        const parent = new Map<string, string | null>([[v, null]]);
        const queue = [v];
        for (let i = 0; i < queue.length; i++) {
          for (const s of within.get(queue[i])!) {
            if (!parent.has(s)) {
              parent.set(s, queue[i]);
              queue.push(s);
            }
          }
        }
        for (const u of component) {
          if (!adjacency.get(u)?.has(v) || !parent.has(u)) continue;
          const path: string[] = [];
          for (let n: string | null = u; n !== null; n = parent.get(n)!) path.push(n);
          // path is u, ..., v (walking parents back from u); the cycle is u -> v -> ... -> u.
          path.reverse(); // v, ..., u
          const members = u === v ? [u] : [u, ...path.slice(0, -1)];
          const cycle = canonical(members);
          const key = cycle.join("\0");
          if (found.has(key)) continue;
          const edges = cycle.map((m, i) => adjacency.get(m)!.get(cycle[(i + 1) % cycle.length])!);
          found.set(key, { members: cycle, edges });
        }
      }
    }
    return [...found.entries()]
      .sort(([ka, a], [kb, b]) => a.members.length - b.members.length || compareStrings(ka, kb))
      .map(([, cycle]) => cycle);
  }
}

/** The rotation of a cycle that starts at its smallest member. */
function canonical(members: readonly string[]): string[] {
  let at = 0;
  for (let i = 1; i < members.length; i++) if (members[i] < members[at]) at = i;
  return [...members.slice(at), ...members.slice(0, at)];
}
