"""Sphinx configuration: the user guide (reStructuredText and Markdown through MyST) and an
API reference generated from the docstrings. Builds offline: no intersphinx, no remote
images. ``sphinx-build -W -b html docs docs/_build/html``."""
import os
import pathlib
import sys

DOCS = pathlib.Path(__file__).resolve().parent
sys.path.insert(0, str(DOCS.parent))
# autodoc imports gparray, which touches no device; keep any kernel build out of ~/.cache.
os.environ.setdefault("GPARRAY_CACHE_DIR", str(DOCS / "_build" / "kernel-cache"))

project = "gparray"
author = "the gparray developers"
copyright = "the gparray developers"
release = version = "0.1.0"

extensions = ["sphinx.ext.autodoc", "sphinx.ext.autosummary", "myst_parser"]
source_suffix = {".rst": "restructuredtext", ".md": "markdown"}
exclude_patterns = ["_build"]
html_theme = "alabaster"
html_static_path = []
autodoc_default_options = {"members": True, "undoc-members": False}
autodoc_typehints = "none"
autosummary_generate = False
myst_heading_anchors = 3
# The generated rule tables begin below the top heading level.
suppress_warnings = ["myst.header"]

# The NumPy coverage table is written by the compatibility report; list it when present so
# the site builds in either state.
_OPTIONAL_PAGES = ["numpy_coverage"]


def _add_optional_pages(app, docname, source):
    if docname != "index":
        return
    present = [p for p in _OPTIONAL_PAGES if (DOCS / f"{p}.md").exists()]
    if present:
        entries = "".join(f"   {p}\n" for p in present)
        source[0] += f"\n.. toctree::\n   :caption: Coverage\n\n{entries}"


def setup(app):
    app.connect("source-read", _add_optional_pages)
