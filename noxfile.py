#!/usr/bin/env -S uv run --script
# /// script
# dependencies = ["nox"]
# ///
"""Development tasks for rotationkit.

Run ``nox`` for the default sessions (tests on every supported Python, lint,
typecheck, docs) or ``nox -s <name>`` for one session; ``nox -l`` lists them.
Arguments after ``--`` are passed on to pytest, e.g. ``nox -s tests-3.12 -- -x``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import nox

nox.needs_version = ">=2025.2.9"
nox.options.default_venv_backend = "uv|virtualenv"

PYTHONS = ["3.10", "3.11", "3.12", "3.13"]
LATEST = PYTHONS[-1]
ROOT = Path(__file__).resolve().parent
PYPROJECT = nox.project.load_toml(ROOT / "pyproject.toml")

# The oldest releases of the runtime dependencies that rotationkit supports
# (see [project.dependencies]); every pin has wheels for CPython 3.10. Pins are
# used instead of uv's --resolution=lowest-direct so that the session also
# works with the virtualenv backend.
MINIMUM_VERSIONS = ["numpy==1.26.*", "pandas==2.2.*", "scipy==1.11.*"]


def _extra(name: str) -> list[str]:
    """Return the requirements of an optional-dependency group of pyproject.toml."""
    requirements: list[str] = PYPROJECT["project"]["optional-dependencies"][name]
    return requirements


@nox.session(python=PYTHONS)
def tests(session: nox.Session) -> None:
    """Run the test suite without the slow and the cluster (scale) tests."""
    session.install(".[test]")
    session.run("pytest", "-m", "not slow and not scale", *session.posargs)


@nox.session(python=PYTHONS[0], default=False)
def minimums(session: nox.Session) -> None:
    """Run the tests against the oldest supported numpy, pandas and scipy."""
    session.install(".[test]", *MINIMUM_VERSIONS)
    session.run("python", "-m", "pip", "list")
    session.run("pytest", "-m", "not slow and not scale", *session.posargs)


@nox.session(python=LATEST, default=False)
def slow(session: nox.Session) -> None:
    """Run only the slow (large-panel, long property) tests."""
    session.install(".[test]")
    # Exit status 5 means no test is marked slow yet: nothing to run is not an error.
    session.run("pytest", "-m", "slow", *session.posargs, success_codes=[0, 5])


@nox.session(python=PYTHONS, default=False)
def tests_fast(session: nox.Session) -> None:
    """Run the test suite on the compiled (numba) engine, then the engine comparison."""
    session.install(".[test,fast]")
    session.run(
        "pytest",
        "-m",
        "not slow and not scale",
        *session.posargs,
        env={"ROTATIONKIT_ENGINE": "numba"},
    )
    session.run("pytest", "tests/test_engine.py", *session.posargs)


@nox.session(python=LATEST, default=False)
def scale(session: nox.Session) -> None:
    """Run the dask.distributed tests: lazy results on a two-worker LocalCluster."""
    session.install(".[test]")
    session.run("pytest", "-m", "scale", *session.posargs)


@nox.session(python=LATEST)
def lint(session: nox.Session) -> None:
    """Check the code with ruff (lint rules and formatting)."""
    session.install(*_extra("lint"))
    session.run("ruff", "check", *session.posargs)
    session.run("ruff", "format", "--check")


@nox.session(python=LATEST)
def typecheck(session: nox.Session) -> None:
    """Type-check src, tests, benchmarks and this file with mypy --strict."""
    session.install(".[test,typing]", "nox")
    session.run("mypy", *session.posargs)


@nox.session(python=LATEST)
def docs(session: nox.Session) -> None:
    """Build the HTML docs (warnings are errors); run docstring and page doctests."""
    # fast: the example of precompile() runs the compiled engine.
    session.install("-e", ".[docs,test,fast]")
    build = ROOT / "docs" / "_build"
    if build.exists():
        shutil.rmtree(build)
    session.run(
        "sphinx-build",
        "-n",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "docs",
        "docs/_build/html",
        *session.posargs,
    )
    session.run("pytest", "--doctest-modules", "src/rotationkit")
    session.run("pytest", "--doctest-glob=*.md", "docs")


@nox.session(python=LATEST, default=False)
def build(session: nox.Session) -> None:
    """Build the sdist and wheel into dist/ and check their metadata."""
    session.install("build", "twine")
    dist = ROOT / "dist"
    if dist.exists():
        shutil.rmtree(dist)
    session.run("python", "-m", "build")
    session.run("twine", "check", "--strict", *sorted(map(str, dist.glob("*"))))


@nox.session(python=LATEST, default=False)
def bench(session: nox.Session) -> None:
    """Time rotationkit (both engines) against its peers; writes the docs performance table.

    Sizes S, M and L by default (several minutes); ``nox -s bench -- --sizes S,M``
    or ``-- --quick`` for less.
    """
    session.install(".[fast]", *nox.project.dependency_groups(PYPROJECT, "bench"))
    session.run("python", "benchmarks/run.py", *session.posargs)


@nox.session(python=LATEST, default=False)
def repo_review(session: nox.Session) -> None:
    """Check the repository against the Scientific Python development guide."""
    session.install("sp-repo-review[cli]")
    session.run("repo-review", ".")


if __name__ == "__main__":
    nox.main()
