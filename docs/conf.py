"""Sphinx configuration for the rotationkit documentation.

The build needs no network: there is no intersphinx, and references to
third-party names that cannot be resolved offline are matched by
``nitpick_ignore_regex``, so ``sphinx-build -n -W`` stays strict about our own.
"""

from __future__ import annotations

import importlib
import importlib.metadata
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

project = "rotationkit"
author = "rotationkit developers"
copyright = "rotationkit developers"
version = release = importlib.metadata.version("rotationkit")

extensions = [
    "matplotlib.sphinxext.plot_directive",
    "myst_parser",
    "numpydoc",
    "sphinx.ext.autodoc",
    "sphinx.ext.autosummary",
    "sphinx.ext.mathjax",
    "sphinx_copybutton",
]

source_suffix = {".md": "markdown", ".rst": "restructuredtext"}
root_doc = "index"
templates_path = ["_templates"]
# _includes holds fragments pulled into pages with {include}, not pages.
exclude_patterns = ["_build", "_includes", "_templates", "Thumbs.db", ".DS_Store"]

# -- Figures ---------------------------------------------------------------
# The {plot} directive runs the code of a page at build time (offline: the
# examples use the bundled data) and embeds the figures as PNG.
plot_include_source = True
plot_html_show_source_link = False
plot_html_show_formats = False
plot_formats = [("png", 100)]
plot_rcparams = {"savefig.bbox": "tight"}

# -- MyST ------------------------------------------------------------------
myst_enable_extensions = ["colon_fence", "deflist", "dollarmath", "amsmath"]
myst_heading_anchors = 3

# -- API reference -----------------------------------------------------------
autosummary_generate = True
# The signatures show names and defaults; the numpydoc "Parameters" section
# documents the accepted types (Series, DataFrame, array), which overloads
# would otherwise spell out three times per function.
autodoc_typehints = "none"
autodoc_member_order = "bysource"

numpydoc_show_class_members = False
numpydoc_class_members_toctree = False
# Every numpydoc check except: ES01 (extended summary), SA01 (See Also) and
# GL08 (objects without a docstring, e.g. inherited exception internals).
# EX01 ("no Examples section") therefore stays enforced for functions.
numpydoc_validation_checks = {"all", "ES01", "SA01", "GL08"}
# Not validated: exception and warning classes (documented by their summary,
# no Parameters or Examples to give) and module constants (one-line attribute
# docstrings such as ``PERFORMANCE_COLUMNS``).
numpydoc_validation_exclude = {
    r"^rotationkit\.errors\.",
    r"\.[A-Z][A-Z0-9_]*$",
}

# -- Cross-references ------------------------------------------------------
nitpicky = True
# Third-party names (See Also entries, roles in docstrings) cannot be linked
# without intersphinx, which needs the network; our own names must resolve.
_THIRD_PARTY = (
    r"(pd|pandas|np|numpy|npt|scipy|statsmodels|empyrical|xarray|polars|matplotlib)"
)
nitpick_ignore_regex = [(r"py:.*", _THIRD_PARTY + r"(\..*)?")]

# -- HTML ------------------------------------------------------------------
html_theme = "pydata_sphinx_theme"
html_title = f"rotationkit {release}"
html_theme_options = {
    "github_url": "https://github.com/rotationkit/rotationkit",
    "navigation_with_keys": False,
    "show_toc_level": 2,
}
copybutton_prompt_text = r">>> |\.\.\. |\$ "
copybutton_prompt_is_regexp = True


def _resolve_public_alias(
    app: Sphinx, env: BuildEnvironment, node: pending_xref, contnode: Any
) -> Any:
    """Resolve ``rotationkit.name`` to the page of the module that defines it.

    The reference documents each name under its module (``rotationkit.returns.
    to_returns``); users and docstrings call it by its top-level alias
    (``rotationkit.to_returns``, ``rk.to_returns``).
    """
    if node.get("refdomain") != "py":
        return None
    target: str = node.get("reftarget", "")
    if not target.startswith("rotationkit.") or target.count(".") != 1:
        return None
    name = target.split(".", 1)[1]
    obj: Any = getattr(importlib.import_module("rotationkit"), name, None)
    module = getattr(obj, "__module__", None)
    if not isinstance(module, str) or module == "rotationkit":
        return None
    return env.get_domain("py").resolve_xref(
        env,
        node.get("refdoc", ""),
        app.builder,
        node.get("reftype", "obj"),
        f"{module}.{name}",
        node,
        contnode,
    )


def setup(app: Sphinx) -> dict[str, Any]:
    """Register the alias resolver."""
    app.connect("missing-reference", _resolve_public_alias)
    return {"parallel_read_safe": True}
