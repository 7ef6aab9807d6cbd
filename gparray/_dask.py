"""Register ``gparray.ndarray`` as a Dask chunk type, whichever of gparray and Dask is
imported first, without importing Dask when the program never does.

Dask keeps a list of the array types it may hold as chunks and to which it does not defer in
operators and NumPy protocols (``dask.array.chunk_types``). Without gparray in that list,
``x + d`` (``x`` a gparray array, ``d`` a Dask array) fails: each side returns
``NotImplemented`` to the other. If Dask's list is already loaded when gparray is imported,
we register at once; otherwise a finder on ``sys.meta_path`` waits for that one module, lets
the normal loader run it, registers, and removes itself.
"""
import importlib.abc
import sys
import threading

from ._core.ndarray import ndarray

_CHUNK_TYPES = "dask.array.chunk_types"
_lock = threading.Lock()


def _register(chunk_types):

    if not chunk_types.is_valid_chunk_type(ndarray):
        chunk_types.register_chunk_type(ndarray)


class _RegisteringLoader(importlib.abc.Loader):
    """Runs Dask's own loader for the chunk-type module, then registers gparray."""

    def __init__(self, loader):
        self._loader = loader

    def create_module(self, spec):
        return self._loader.create_module(spec)

    def exec_module(self, module):
        # The module keeps its real loader (tracebacks and inspect read sources through it).
        module.__loader__ = self._loader
        if module.__spec__ is not None:
            module.__spec__.loader = self._loader
        self._loader.exec_module(module)
        _register(module)


class _ChunkTypesFinder(importlib.abc.MetaPathFinder):
    """Answers for ``dask.array.chunk_types`` only, with the spec the other finders give."""

    def find_spec(self, fullname, path, target=None):
        if fullname != _CHUNK_TYPES:
            return None
        _uninstall()
        for finder in sys.meta_path:
            find = getattr(finder, "find_spec", None)
            spec = find(fullname, path, target) if find is not None else None
            if spec is not None:
                if spec.loader is not None and hasattr(spec.loader, "exec_module"):
                    spec.loader = _RegisteringLoader(spec.loader)
                return spec
        return None


_finder = _ChunkTypesFinder()


def _uninstall():
    with _lock:
        if _finder in sys.meta_path:
            sys.meta_path.remove(_finder)


def install():
    """Register now if Dask's chunk-type list is loaded, else when it is first imported."""
    with _lock:
        module = sys.modules.get(_CHUNK_TYPES)
        if module is None:
            if _finder not in sys.meta_path:
                sys.meta_path.insert(0, _finder)
            return
    _register(module)
