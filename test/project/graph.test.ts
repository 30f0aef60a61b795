import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { ImportGraph, stronglyConnectedComponents } from "../../src/project/graph.js";
import { Project } from "../../src/project/project.js";
import type { ImportRecord } from "../../src/project/python/imports.js";

const cyclesRoot = fileURLToPath(new URL("./fixtures/cycles", import.meta.url));
const appRoot = fileURLToPath(new URL("./fixtures/fastapi-app", import.meta.url));

const where = (r: ImportRecord): string => `${r.line}:${r.column} ${r.module} [${r.names}]`;

describe("stronglyConnectedComponents", () => {
  it("finds components in reverse topological order, each sorted", () => {
    const edges: Record<string, string[]> = {
      a: ["b"],
      b: ["c", "e"],
      c: ["a", "d"],
      d: [],
      e: ["f"],
      f: ["e"],
      g: ["g"],
    };
    expect(stronglyConnectedComponents(Object.keys(edges), (n) => edges[n])).toEqual([
      ["d"],
      ["e", "f"],
      ["a", "b", "c"],
      ["g"],
    ]);
  });

  it("does not overflow the stack on a long import chain", () => {
    const n = 50_000;
    const nodes = Array.from({ length: n }, (_, i) => `m${i}`);
    const components = stronglyConnectedComponents(nodes, (node) => {
      const i = Number(node.slice(1));
      return i + 1 < n ? [`m${i + 1}`] : ["m0"];
    });
    expect(components.length).toBe(1);
    expect(components[0].length).toBe(n);
  });
});

describe("cycles", () => {
  const graph = new Project(cyclesRoot).graph();

  it("finds each runtime cycle once, shortest first, with a self-import and an __init__ cycle", () => {
    expect(graph.cycles().map((c) => c.members)).toEqual([
      ["selfimp/s.py"],
      ["overlap/p.py", "overlap/q.py"],
      ["pkgcyc/__init__.py", "pkgcyc/a.py"],
      ["two/a.py", "two/b.py"],
      ["overlap/p.py", "overlap/q.py", "overlap/r.py"],
      ["three/x.py", "three/y.py", "three/z.py"],
    ]);
  });

  it("gives every member of a 3-cycle its import that closes it", () => {
    expect(
      ["three/x.py", "three/y.py", "three/z.py"].map((file) =>
        graph.cyclesThrough(file).map((m) => [m.cycle, where(m.importToNext)]),
      ),
    ).toEqual([
      [[["three/x.py", "three/y.py", "three/z.py"], "1:0 three.y [Y]"]],
      [[["three/y.py", "three/z.py", "three/x.py"], "1:0 three.z [Z]"]],
      [[["three/z.py", "three/x.py", "three/y.py"], "2:0 three [x]"]],
    ]);
  });

  it("reports a 2-cycle and a self-import", () => {
    expect(graph.cyclesThrough("two/b.py").map((m) => [m.cycle, where(m.importToNext)])).toEqual([
      [["two/b.py", "two/a.py"], "1:0 two.a []"],
    ]);
    expect(
      graph.cyclesThrough("selfimp/s.py").map((m) => [m.cycle, where(m.importToNext)]),
    ).toEqual([[["selfimp/s.py"], "1:0 selfimp.s []"]]);
  });

  it("splits a component with two overlapping cycles into both, each edge once", () => {
    expect(
      graph.cyclesThrough("overlap/q.py").map((m) => [m.cycle, where(m.importToNext)]),
    ).toEqual([
      [["overlap/q.py", "overlap/p.py"], "1:0 overlap [p]"],
      [["overlap/q.py", "overlap/r.py", "overlap/p.py"], "2:0 overlap [r]"],
    ]);
    expect(
      graph.cyclesThrough("overlap/r.py").map((m) => [m.cycle, where(m.importToNext)]),
    ).toEqual([[["overlap/r.py", "overlap/p.py", "overlap/q.py"], "1:0 overlap.p [*]"]]);
    const edges = graph.cycles()[4].edges.map((e) => `${e.from} -> ${e.direct}`);
    expect(edges).toEqual([
      "overlap/p.py -> overlap/q.py",
      "overlap/q.py -> overlap/r.py",
      "overlap/r.py -> overlap/p.py",
    ]);
  });

  it("leaves TYPE_CHECKING-only, function-level and script-only imports out unless asked", () => {
    expect(graph.cyclesThrough("tc/m.py")).toEqual([]);
    expect(graph.cyclesThrough("fn/f.py")).toEqual([]);
    expect(
      graph
        .cyclesThrough("tc/m.py", { includeTypeCheckingImports: true })
        .map((m) => [m.cycle, where(m.importToNext)]),
    ).toEqual([[["tc/m.py", "tc/n.py"], "4:4 tc.n [N]"]]);
    // The default graph is built without function bodies; the full one has their imports.
    expect(graph.cyclesThrough("fn/f.py", { includeFunctionImports: true })).toEqual([]);
    expect(
      new Project(cyclesRoot)
        .graph(true)
        .cyclesThrough("fn/f.py", { includeFunctionImports: true })
        .map((m) => [m.cycle, where(m.importToNext)]),
    ).toEqual([[["fn/f.py", "fn/h.py"], "2:4 fn [h]"]]);
    expect(graph.cyclesThrough("mainguard/a.py")).toEqual([]);
    expect(
      graph
        .cyclesThrough("mainguard/a.py", { includeMainImports: true })
        .map((m) => [m.cycle, where(m.importToNext)]),
    ).toEqual([[["mainguard/a.py", "mainguard/b.py"], "4:4 mainguard [b]"]]);
    expect(graph.cyclesThrough("acyclic/one.py")).toEqual([]);
  });

  it("is deterministic: a second project gives the same cycles", () => {
    const again = new Project(cyclesRoot).graph();
    expect(JSON.stringify(again.cycles())).toBe(JSON.stringify(graph.cycles()));
  });
});

describe("ImportGraph", () => {
  it("keeps TYPE_CHECKING imports as edges for layering, with both targets", () => {
    const graph = new Project(appRoot).graph();
    expect(
      graph
        .edgesFrom("app/api/routes/posts.py")
        .map((e) => `${e.record.line} ${e.name} ${e.direct} ${e.to} ${e.record.typeCheckingOnly}`),
    ).toEqual([
      "5 PostCreate app/schemas/post.py app/schemas/post.py false",
      "6 PostService app/services/__init__.py app/services/post_service.py false",
      "7 get_post_service app/api/deps.py app/api/deps.py false",
      "8 core app/core/__init__.py app/core/__init__.py false",
      "11 Post app/models/post.py app/models/post.py true",
    ]);
    expect(graph.edgesTo("app/services/post_service.py").map((e) => e.from)).toEqual([
      "app/api/deps.py",
      "app/api/routes/posts.py",
      "app/events/handlers.py",
      "app/services/__init__.py",
    ]);
    expect(graph.cycles()).toEqual([]);
  });

  it("builds from plain edges", () => {
    const record = { start: 0, typeCheckingOnly: false, inFunction: false } as ImportRecord;
    const graph = new ImportGraph(
      ["b", "a"],
      [{ from: "a", to: "b", direct: "b", name: null, record }],
    );
    expect(graph.files).toEqual(["a", "b"]);
    expect(graph.cycles()).toEqual([]);
    expect(graph.edgesTo("b").length).toBe(1);
  });
});
