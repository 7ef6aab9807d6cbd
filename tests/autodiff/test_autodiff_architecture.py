"""autodiff's modules import only modules of lower layers, at the top of the file: no
import inside a function or class, none after the first definition, none upward."""
import ast
import pathlib

PACKAGE = pathlib.Path(__file__).resolve().parents[2] / "autodiff"

# Each module may import only modules of a strictly lower layer.
LAYERS = [
    {"_registry", "_pytree", "_standin", "_box", "_coverage"},   # state, protocols
    {"_helpers"},                                                 # namespaces, shapes
    {"_trace", "_namespace"},                                     # apply, traced namespace
    {"_ops"},                                                     # own primitives
    {"_numpy_targets"},                                           # NumPy's creation patched
    {"_ufunc_methods", "_reverse", "_forward"},                   # ufunc methods, modes
    {"_rules_factorizations"},                                    # used by linalg's rules
    {"_rules_creation", "_rules_einsum", "_rules_inplace", "_rules_linalg", "_rules_misc",
     "_rules_reduce", "_rules_shape", "_rules_ufunc", "_api", "_check", "optim"},
    {"_box_methods", "_batching"},                    # Box's methods, batching rules
    {"_vmap", "_checkpoint"},                         # transformations over the rules
    {"rules_table"},                                  # the generated documentation
    {"__init__"},
]
LAYER = {name: i for i, names in enumerate(LAYERS) for name in names}


def _imported_modules(node):
    """Sibling modules named by an import statement inside the package."""
    if isinstance(node, ast.ImportFrom) and node.level == 1:
        if node.module:
            return [node.module.split(".")[0]]
        return [alias.name for alias in node.names]
    return []


def test_every_module_is_in_a_layer():
    modules = {p.stem for p in PACKAGE.glob("*.py")}
    assert modules - set(LAYER) == set(), "add new autodiff modules to LAYERS"


def test_imports_are_at_the_top_and_point_down():
    problems = []
    for path in sorted(PACKAGE.glob("*.py")):
        name, tree = path.stem, ast.parse(path.read_text())
        top = set()
        seen_definition = False
        for stmt in tree.body:
            if isinstance(stmt, (ast.FunctionDef, ast.ClassDef, ast.AsyncFunctionDef)):
                seen_definition = True
            elif isinstance(stmt, (ast.Import, ast.ImportFrom)):
                top.add(stmt)
                if seen_definition:
                    problems.append(f"{name}:{stmt.lineno}: import after a definition")
        for node in ast.walk(tree):
            if isinstance(node, (ast.Import, ast.ImportFrom)) and node not in top:
                problems.append(f"{name}:{node.lineno}: import inside a function or class")
            for target in _imported_modules(node):
                if LAYER.get(target, len(LAYERS)) >= LAYER.get(name, -1):
                    problems.append(f"{name}:{node.lineno}: imports {target} "
                                    "(same or higher layer)")
    assert problems == []
