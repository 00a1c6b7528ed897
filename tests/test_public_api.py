"""The public namespace: complete, sorted, documented and matching the contract."""

from __future__ import annotations

import inspect
from pathlib import Path

import rotationkit as rk

DOCS_REFERENCE = Path(__file__).resolve().parent.parent / "docs" / "reference"


def _public_callables() -> list[str]:
    return [
        name
        for name in rk.__all__
        if callable(getattr(rk, name)) and not inspect.isclass(getattr(rk, name))
    ]


def test_all_is_sorted_and_unique() -> None:
    assert list(rk.__all__) == sorted(set(rk.__all__))


def test_every_public_name_exists() -> None:
    for name in rk.__all__:
        assert hasattr(rk, name), name


def test_every_public_function_has_a_docstring_with_an_example() -> None:
    for name in _public_callables():
        doc = inspect.getdoc(getattr(rk, name)) or ""
        assert "Examples\n--------" in doc, name
        assert "Notes\n-----" in doc, name
        assert ">>> " in doc, name


def test_every_public_function_is_in_the_api_reference() -> None:
    if not DOCS_REFERENCE.is_dir():  # an installed package without its docs
        return
    reference = "\n".join(
        page.read_text(encoding="utf-8") for page in DOCS_REFERENCE.glob("*.md")
    )
    missing = [name for name in _public_callables() if name not in reference]
    assert not missing


def test_version_is_a_string() -> None:
    assert isinstance(rk.__version__, str)
    assert rk.__version__


def test_leading_parameters_of_the_contract() -> None:
    expected = {
        "to_returns": ["prices"],
        "to_prices": ["returns"],
        "annualized_return": ["returns"],
        "annualized_volatility": ["returns"],
        "period_return": ["prices", "start", "end"],
        "period_to_date": ["prices", "period"],
        "performance_table": ["prices"],
    }
    for name, lead in expected.items():
        parameters = list(inspect.signature(getattr(rk, name)).parameters.values())
        positional = [
            p.name
            for p in parameters
            if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        ]
        assert positional == lead, name
