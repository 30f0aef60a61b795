import { createRequire } from "node:module";
import { describe, expect, it } from "vitest";
import { parsePython } from "../../../src/languages/python/parser.js";

/** Source with every kind of node pyright makes (FunctionAnnotation comes from a type comment). */
const EVERY_NODE = `
from __future__ import annotations
import os.path as osp, sys
from .pkg import (a as b, c)
from x import *

@decorator(arg, *rest, key=1, **more)
async def f[T: int, *Ts, **P](p: int = 1, /, *args: T, q=..., **kw) -> list[T]:
    """Docstring."""
    global g
    x: int = (y := 3)
    x += 1
    del x
    assert p, "message"
    async with open(p) as fh, lock:
        await fh
    async for i in aiter():
        continue
    try:
        raise ValueError("v") from None
    except* (TypeError, ValueError) as err:
        pass
    finally:
        return [i for i in range(3) if i] + list({k: v for k, v in {}.items()})
    while not p:
        break
    else:
        yield from gen()
    yield -p ** 2
    lambda_ = lambda z=1: z if z else None
    s = {1, 2, *q}[1:2:3]
    d = {**kw, "k": f"{p!r:>{width}}" "tail", b"x": 1.5j, 'y': True}
    def inner():
        nonlocal s
        return s.attr[0], (1,), [2]

class K(Base, metaclass=Meta):
    def method(self, a, b):  # type: (int, str) -> None
        pass

type Alias[T] = list[T]

match command:
    case Point(x=0, y=yy) as whole if whole:
        pass
    case [1, 2, *rest] | [*rest]:
        pass
    case {"key": value, **others}:
        pass
    case Color.RED | -1 | "s" | None | _:
        pass

if __name__ == "__main__":
    for i in range(3):
        pass
    with x:
        pass
`;

/** Every object reachable through `d` that is a node, each once. */
function allNodes(root: unknown): { nodeType: number; type: string }[] {
  const seen = new Set<unknown>();
  const nodes: { nodeType: number; type: string }[] = [];
  const stack = [root];
  while (stack.length > 0) {
    const value = stack.pop() as Record<string, unknown> | null;
    if (!value || typeof value !== "object" || seen.has(value)) continue;
    seen.add(value);
    if (Array.isArray(value)) {
      stack.push(...value);
      continue;
    }
    if (typeof value.nodeType !== "number") continue;
    nodes.push(value as unknown as { nodeType: number; type: string });
    for (const field of Object.values(value.d as Record<string, unknown>)) stack.push(field);
  }
  return nodes;
}

describe("parsePython: node type names", () => {
  const require = createRequire(import.meta.url);
  const { ParseNodeType } = require("@zzzen/pyright-internal/dist/parser/parseNodes") as {
    ParseNodeType: Record<number, string>;
  };

  it("gives every node of every type its pyright type name, as pyright creates it", () => {
    const parsed = parsePython(EVERY_NODE, { version: "3.13" });
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    const nodes = allNodes(parsed.ast);
    const wrong = nodes.filter((n) => n.type !== ParseNodeType[n.nodeType]);
    expect(wrong.map((n) => [n.nodeType, n.type])).toEqual([]);
    const types = new Set(nodes.map((n) => n.type));
    const missing = Object.values(ParseNodeType).filter(
      (name) => typeof name === "string" && !types.has(name),
    );
    // Error nodes only come from broken code, checked below.
    expect(missing).toEqual(["Error"]);
  });

  it("names the nodes of recovered trees too (errors, decorators on nothing)", () => {
    const parsed = parsePython("@decorator\nx = = 1\nfrom import\nprint(\n", { keepErrors: true });
    if (!parsed.ok) throw new Error(parsed.errors[0].message);
    const nodes = allNodes(parsed.ast);
    expect(nodes.some((n) => n.type === "Error")).toBe(true);
    const wrong = nodes.filter((n) => n.type !== ParseNodeType[n.nodeType]);
    expect(wrong.map((n) => [n.nodeType, n.type])).toEqual([]);
  });
});
