"""Measure the import graph of a package: its largest import cycle and its in-function imports.

Usage: python tools/import_cycles.py [package ...]   (default: gparray autodiff)

Every `import` statement is read from the source (top level or inside a function), an edge is
drawn from the importing module to each package module it names, and the strongly connected
components of that graph are the import cycles. Prints the largest cycle per package, and
how many imports sit inside functions. Exit status 1 when a cycle has more than --max modules.
"""

import argparse
import ast
import pathlib
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent


def modules(package):
    """Map dotted module name -> source path for every module of `package`."""
    found = {}
    for path in sorted((ROOT / package).rglob("*.py")):
        parts = list(path.relative_to(ROOT).with_suffix("").parts)
        if parts[-1] == "__init__":
            parts.pop()
        found[".".join(parts)] = path
    return found


def imported_names(module, path, is_package):
    """Yield (dotted name, inside_function) for each import in the module's source."""
    tree = ast.parse(path.read_text(), str(path))
    base = module.split(".") if is_package else module.split(".")[:-1]

    def visit(node, in_function):
        for child in ast.iter_child_nodes(node):
            nested = in_function or isinstance(child, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda))
            if isinstance(child, ast.Import):
                for alias in child.names:
                    yield alias.name, in_function
            elif isinstance(child, ast.ImportFrom):
                if child.level:
                    anchor = base[: len(base) - (child.level - 1)]
                    target = ".".join(anchor + ([child.module] if child.module else []))
                else:
                    target = child.module
                # `from . import sub` names only the submodule: importing a package's
                # submodule runs the package first, but that is not an edge of its own
                yield (target, [f"{target}.{alias.name}" for alias in child.names]), in_function
            yield from visit(child, nested)

    yield from visit(tree, False)


def import_graph(package):
    """Return (graph: module -> set of modules, count of in-function imports)."""
    mods = modules(package)
    graph, inner = {m: set() for m in mods}, 0
    for module, path in mods.items():
        seen_inner = set()
        for name, in_function in imported_names(module, path, path.name == "__init__.py"):
            if isinstance(name, tuple):  # from TARGET import NAMES
                target, subs = name
                names = [s for s in subs if s in mods]
                if len(names) < len(subs):
                    names.append(target)
            else:
                names = [name]
            for name in names:
                while name and name not in mods:
                    name = name.rpartition(".")[0]
                if name and name != module:
                    graph[module].add(name)
                    if in_function:
                        seen_inner.add(name)
        inner += len(seen_inner)
    return graph, inner


def strongly_connected(graph):
    """Tarjan's algorithm, iterative; returns the list of components."""
    index, low, stack, on_stack, comps, counter = {}, {}, [], set(), [], [0]
    for root in graph:
        if root in index:
            continue
        work = [(root, iter(sorted(graph[root])))]
        index[root] = low[root] = counter[0]; counter[0] += 1
        stack.append(root); on_stack.add(root)
        while work:
            node, edges = work[-1]
            for nxt in edges:
                if nxt not in index:
                    index[nxt] = low[nxt] = counter[0]; counter[0] += 1
                    stack.append(nxt); on_stack.add(nxt)
                    work.append((nxt, iter(sorted(graph[nxt]))))
                    break
                if nxt in on_stack:
                    low[node] = min(low[node], index[nxt])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        member = stack.pop(); on_stack.discard(member); comp.append(member)
                        if member == node:
                            break
                    comps.append(sorted(comp))
    return comps


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("packages", nargs="*", default=["gparray", "autodiff"])
    parser.add_argument("--max", type=int, default=3, help="largest cycle allowed (default 3)")
    args = parser.parse_args()
    worst = 0
    for package in args.packages:
        graph, inner = import_graph(package)
        comps = sorted(strongly_connected(graph), key=len, reverse=True)
        largest = comps[0] if comps else []
        worst = max(worst, len(largest))
        print(f"{package}: {len(graph)} modules, {inner} in-function imports (module pairs), "
              f"largest import cycle {len(largest)} modules")
        for comp in comps:
            if len(comp) > 1:
                print("  cycle:", " ".join(comp))
    return 1 if worst > args.max else 0


if __name__ == "__main__":
    sys.exit(main())
