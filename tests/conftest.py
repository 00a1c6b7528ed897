"""Shared fixtures: small synthetic price panels with a seeded generator, and no numba."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest


def make_prices(
    n_periods: int = 300,
    n_assets: int = 3,
    *,
    seed: int = 0,
    start: str = "2020-01-01",
    freq: str = "B",
    tz: str | None = None,
) -> pd.DataFrame:
    """Return a positive random-walk price panel with a DatetimeIndex."""
    rng = np.random.default_rng(seed)
    returns = rng.normal(0.0003, 0.01, (n_periods, n_assets))
    levels = 100.0 * np.cumprod(1.0 + returns, axis=0)
    index = pd.date_range(start, periods=n_periods, freq=freq, tz=tz, name="date")
    columns = [f"A{i}" for i in range(n_assets)]
    frame: pd.DataFrame = pd.DataFrame(levels, index=index, columns=columns)
    return frame


@pytest.fixture
def prices() -> pd.DataFrame:
    """A business-daily panel of three assets over 300 days."""
    return make_prices()


@pytest.fixture
def price_series(prices: pd.DataFrame) -> pd.Series[float]:
    """The first asset of :func:`prices` as a named Series."""
    series: pd.Series[float] = prices["A0"]
    return series


@pytest.fixture
def no_numba(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the engine's import of the compiled twins fail, as without numba."""

    def failing_import(name: str) -> object:
        message = f"No module named {name!r}"
        raise ImportError(message)

    monkeypatch.setattr("rotationkit._engine.importlib.import_module", failing_import)
