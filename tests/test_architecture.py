"""gparray's layers (docs/architecture.md), checked from the source of every module: each
imports only its own layer or lower ones, and below the assembly layer every import sits at
the top of its file. The one exception is pyopencl, imported where a device is first used so
that ``import gparray`` stays fast and loads no OpenCL driver."""
import ast
import pathlib

import pytest

PACKAGE = pathlib.Path(__file__).resolve().parent.parent / "gparray"
LAYERS = ["runtime", "core", "engines", "families", "assembly"]
ASSEMBLY = {"gparray", "gparray.__main__", "gparray._dispatch", "gparray._methods"}


def layer(name):
    """The layer of a dotted gparray module (or of a name inside one), from where it sits."""
    parts = name.split(".")
    if len(parts) == 1 or ".".join(parts[:2]) in ASSEMBLY:
        return "assembly"
    return {"_runtime": "runtime", "kernels": "runtime", "_core": "core",
            "_engines": "engines"}.get(parts[1], "families")


def modules():
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = ("gparray",) + path.relative_to(PACKAGE).with_suffix("").parts
        is_package = parts[-1] == "__init__"
        yield ".".join(parts[:-1] if is_package else parts), is_package, ast.parse(path.read_text())


def imports(module, is_package, tree):
    """(imported gparray module, line, whether inside a function) for each import."""
    package = module.split(".") if is_package else module.split(".")[:-1]
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    nested = {id(n) for f in functions for n in ast.walk(f)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[:len(package) - node.level + 1] + [node.module or ""]).strip(".") \
                if node.level else node.module
            targets = [f"{base}.{alias.name}" for alias in node.names]
        else:
            continue
        for target in targets:
            yield target, node.lineno, id(node) in nested


MODULES = list(modules())


@pytest.mark.parametrize("module,is_package,tree", MODULES, ids=[m[0] for m in MODULES])
def test_imports_follow_the_layers(module, is_package, tree):
    rank = LAYERS.index(layer(module))
    for target, line, in_function in imports(module, is_package, tree):
        assert not (in_function and rank < LAYERS.index("assembly") and target != "pyopencl"), \
            f"{module}:{line} imports {target} inside a function"
        if target.split(".")[0] == "gparray":
            assert LAYERS.index(layer(target)) <= rank, \
                f"{module}:{line} ({layer(module)}) imports {target} ({layer(target)}), a higher layer"


def test_no_import_cycle_beyond_three_modules():
    import importlib.util

    spec = importlib.util.spec_from_file_location("import_cycles", PACKAGE.parent / "tools" / "import_cycles.py")
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    graph, _ = tool.import_graph("gparray")
    assert max(len(c) for c in tool.strongly_connected(graph)) <= 3
