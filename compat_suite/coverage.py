"""Write docs/numpy_coverage.md: every public callable of ``numpy``, ``numpy.linalg``,
``numpy.fft`` and ``numpy.random.Generator``, and what gparray does with it.

    python compat_suite/coverage.py           # rewrite the table
    python compat_suite/coverage.py --check   # exit 1 if the table is out of date

Each name is one of:

- **device**: runs on the device. The route says how NumPy code reaches it: ``np.<name>``
  dispatch (``__array_function__``), a ufunc (``__array_ufunc__``), a Generator method, or
  ``gparray.<name>`` only, for functions without an array argument to dispatch on.
- **host by design**: the work is host work by nature (formatting text, files, Python
  callables per element, type logic); the reason is given.
- **not applicable**: outside what gparray holds (datetimes, strings, records, object
  arrays, NumPy's own configuration); the reason is given.
- **missing**: none of the above. tests/test_numpy_coverage.py fails on any.

The classification is computed from gparray's registry and namespace; the two lists below
are the only hand-written part.
"""
import inspect
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
TABLE = ROOT / "docs" / "numpy_coverage.md"

_TEXT = "formats text on the host"
_FILES = "reads or writes files on the host"
_TYPES = "type, dtype or shape logic only: no array data involved"
_PYFUNC = ("calls a Python function per element, which only the host can run; device "
           "inputs are read back and the results uploaded")

_ERRSTATE = "NumPy's floating-point error state: host configuration, no array data"

HOST_BY_DESIGN = {
    "array2string": _TEXT, "array_repr": _TEXT, "array_str": _TEXT,
    "format_float_positional": _TEXT, "format_float_scientific": _TEXT,
    "save": _FILES, "savez": _FILES, "savez_compressed": _FILES, "savetxt": _FILES,
    "load": _FILES, "loadtxt": _FILES, "genfromtxt": _FILES, "fromfile": _FILES,
    "fromregex": _FILES,
    "frompyfunc": _PYFUNC + " (np.frompyfunc ufuncs called on device arrays return device "
    "arrays)",
    "vectorize": _PYFUNC + ". Use gparray.vectorize: numpy.vectorize turns its arguments into "
    "host object arrays before any protocol is consulted, so its results stay NumPy arrays",
    "isscalar": _TYPES, "iterable": _TYPES, "issubdtype": _TYPES, "mintypecode": _TYPES,
    "promote_types": _TYPES, "can_cast": _TYPES, "result_type": _TYPES,
    "common_type": _TYPES, "min_scalar_type": _TYPES + " (a 0-d array's value is read back)",
    "isdtype": _TYPES, "broadcast_shapes": _TYPES, "shape": _TYPES, "ndim": _TYPES,
    "size": _TYPES, "isfortran": _TYPES, "iscomplexobj": _TYPES, "isrealobj": _TYPES,
    "may_share_memory": _TYPES + " (buffer bounds)", "shares_memory": _TYPES + " (buffer "
    "bounds)", "finfo": _TYPES, "iinfo": _TYPES, "ndindex": _TYPES + " (index tuples)",
    "broadcast": _TYPES + " (NumPy's broadcast object; broadcast_arrays runs on the device)",
    "ndarray": "the host array type; gparray.ndarray is the device one",
    "ufunc": "the ufunc type; gparray.ufunc wraps each device ufunc",
    "geterr": _ERRSTATE, "seterr": _ERRSTATE, "geterrcall": _ERRSTATE,
    "seterrcall": _ERRSTATE, "errstate": _ERRSTATE,
    "random.Generator.bit_generator": "NumPy's Philox seeded from the same SeedSequence, for "
    "inspection and spawning (the device streams do not read it)",
    "random.Generator.spawn": "seed bookkeeping: child generators from the SeedSequence",
    "random.Generator.bytes": "returns a Python bytes object: drawn on the device, read back",
}

_DATETIME = "datetimes and business days: gparray holds numeric dtypes only"
_STRINGS = "string and object results"
_CONFIG = "NumPy's own configuration, build information or test runner"
NOT_APPLICABLE = {
    "busday_count": _DATETIME, "busday_offset": _DATETIME, "is_busday": _DATETIME,
    "datetime_as_string": _DATETIME, "datetime_data": _DATETIME, "isnat": _DATETIME,
    "busdaycalendar": _DATETIME,
    "base_repr": _STRINGS, "binary_repr": _STRINGS, "typename": _STRINGS,
    "asmatrix": "numpy.matrix (a host ndarray subclass)", "bmat": "numpy.matrix",
    "matrix": "numpy.matrix", "memmap": "memory-mapped host files",
    "recarray": "record arrays (structured dtypes)",
    "poly1d": "NumPy's host polynomial class (the poly* functions run on the device)",
    "nditer": "NumPy's host iterator over host buffers",
    "nested_iters": "NumPy's host iterator over host buffers",
    "ndenumerate": "NumPy's host iterator (iterate a device array with ndindex)",
    "flatiter": "NumPy's host iterator type",
    "get_include": _CONFIG, "show_config": _CONFIG, "show_runtime": _CONFIG, "test": _CONFIG,
    "info": _CONFIG, "get_printoptions": _CONFIG, "set_printoptions": _CONFIG,
    "printoptions": _CONFIG, "getbufsize": _CONFIG, "setbufsize": _CONFIG,
    "row_stack": "deprecated alias of vstack since NumPy 2.0 (np.vstack dispatches)",
}


def _public_callables(module):
    names = getattr(module, "__all__", None) or dir(module)
    out = []
    for name in sorted(set(names)):
        if name.startswith("_"):
            continue
        obj = getattr(module, name, None)
        if obj is None or not callable(obj) or inspect.ismodule(obj):
            continue
        if inspect.isclass(obj) and (issubclass(obj, (np.generic, BaseException, np.dtype))):
            continue            # scalar types, dtype classes and exceptions are not functions
        out.append((name, obj))
    return out


def classify():
    """Rows (section, name, status, route or reason)."""
    import gparray
    import gparray.random
    from gparray._dispatch import FUNCTIONS
    from gparray._engines.ufunc import UFUNCS

    products = {"matmul", "vecdot", "matvec", "vecmat"}
    rows = []
    for section, module, ours in [("numpy", np, gparray), ("numpy.linalg", np.linalg,
                                                            gparray.linalg),
                                  ("numpy.fft", np.fft, gparray.fft)]:
        for name, obj in _public_callables(module):
            key = name if section == "numpy" else f"{section.split('.')[1]}.{name}"
            if isinstance(obj, np.ufunc):
                if obj.__name__ in UFUNCS or obj.__name__ in products:
                    rows.append((section, name, "device", "ufunc"))
                    continue
            elif obj in FUNCTIONS:
                if key in HOST_BY_DESIGN:
                    rows.append((section, name, "host by design", HOST_BY_DESIGN[key]))
                else:
                    rows.append((section, name, "device", f"`{section}.{name}` dispatch"))
                continue
            if key in HOST_BY_DESIGN:
                rows.append((section, name, "host by design", HOST_BY_DESIGN[key]))
            elif key in NOT_APPLICABLE:
                rows.append((section, name, "not applicable", NOT_APPLICABLE[key]))
            elif hasattr(ours, name):
                rows.append((section, name, "device",
                             f"`gparray.{'' if section == 'numpy' else key.split('.')[0] + '.'}"
                             f"{name}` (no array argument to dispatch on)"))
            else:
                rows.append((section, name, "missing", ""))
    for name in sorted(n for n in dir(np.random.Generator) if not n.startswith("_")):
        key = f"random.Generator.{name}"
        if key in HOST_BY_DESIGN and hasattr(gparray.random.Generator, name):
            rows.append(("numpy.random.Generator", name, "host by design",
                         HOST_BY_DESIGN[key]))
        elif hasattr(gparray.random.Generator, name):
            rows.append(("numpy.random.Generator", name, "device",
                         "`gparray.random.Generator` method"))
        else:
            rows.append(("numpy.random.Generator", name, "missing", ""))
    return rows


def render(rows):
    lines = ["# NumPy coverage", "",
             "Generated by `python compat_suite/coverage.py` from gparray's registry and "
             f"namespace against NumPy {np.__version__}; do not edit by hand "
             "(tests/test_numpy_coverage.py checks it is current).", ""]
    counts = {}
    for _, _, status, _ in rows:
        counts[status] = counts.get(status, 0) + 1
    lines.append("| status | names |")
    lines.append("| --- | --- |")
    for status in ("device", "host by design", "not applicable", "missing"):
        lines.append(f"| {status} | {counts.get(status, 0)} |")
    section = None
    for sec, name, status, how in rows:
        if sec != section:
            section = sec
            lines += ["", f"## `{sec}`", "", "| name | status | route / reason |",
                      "| --- | --- | --- |"]
        lines.append(f"| `{name}` | {status} | {how} |")
    return "\n".join(lines) + "\n"


def main(argv):
    text = render(classify())
    if "--check" in argv:
        if not TABLE.exists() or TABLE.read_text() != text:
            print(f"{TABLE.relative_to(ROOT)} is out of date: run python "
                  "compat_suite/coverage.py")
            return 1
        return 0
    TABLE.write_text(text)
    print(f"wrote {TABLE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
