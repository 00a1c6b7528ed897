"""Sample data for examples, documentation and the demo.

:func:`synthetic_prices` makes a deterministic, clearly labelled **synthetic**
price panel; it is not market data and must not be presented as such.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from rotationkit.errors import InputError

__all__ = ["SYNTHETIC_COLUMNS", "synthetic_prices"]

SYNTHETIC_COLUMNS: tuple[str, ...] = ("SMALL", "LARGE", "GROWTH")
"""Columns of :func:`synthetic_prices`: a small-cap-like, a broad large-cap-like
and a large-cap-growth-like index."""

_START_LEVELS = np.array([700.0, 1250.0, 2200.0])
# Daily factor model: mean and volatility of the market, size and growth factors.
_MARKET = (0.00045, 0.0105)
_SIZE_VOL = 0.0045
_GROWTH_VOL = 0.004
_LOADINGS = np.array(
    [  # market, size, growth
        [1.15, 1.0, 0.0],  # SMALL
        [1.00, 0.0, 0.0],  # LARGE
        [1.15, -0.4, 1.0],  # GROWTH
    ]
)
_IDIOSYNCRATIC_VOL = np.array([0.004, 0.0015, 0.003])
# Size-factor drift: small caps lag for years, then rotate in at the end.
_LAG_DRIFT = -0.0002
_ROTATION_DRIFT = 0.0035
_ROTATION_SESSIONS = 30
# The final sessions in which SMALL beats both large-cap series every day.
_FINAL_STREAK = 10


def synthetic_prices(
    *,
    start: str | pd.Timestamp = "2011-01-03",
    end: str | pd.Timestamp = "2026-01-30",
    seed: int = 0,
) -> pd.DataFrame:
    r"""Make a deterministic synthetic daily price panel with a rotation episode.

    Three business-daily price series built from a seeded factor model: a
    small-cap-like index (``SMALL``), a broad large-cap index (``LARGE``) and
    a large-cap growth index (``GROWTH``). Small caps lag for most of the
    sample; over the last six weeks money rotates into them, and over the
    final ten sessions ``SMALL`` beats both other series every day.

    The data are **synthetic**: the column index is named ``"synthetic"`` and
    ``DataFrame.attrs["source"]`` says so. Use them for examples and tests,
    never as market history.

    Parameters
    ----------
    start, end : str or Timestamp, default "2011-01-03" and "2026-01-30"
        First and last business day of the panel.
    seed : int, default 0
        Seed of the random generator; the same seed gives the same panel.

    Returns
    -------
    DataFrame
        Prices (two decimals) with a business-day DatetimeIndex named
        ``"date"`` and the columns of :data:`SYNTHETIC_COLUMNS`.

    Raises
    ------
    InputError
        If the range holds fewer than ``2 * 30`` business days (too short for
        the rotation episode) or ``start`` is after ``end``.

    See Also
    --------
    rotationkit.performance_table : A first look at the panel.

    Notes
    -----
    Daily returns are :math:`r_{i,t} = \beta_i^\top f_t + \varepsilon_{i,t}`
    with normal market, size and growth factors :math:`f_t` and normal
    idiosyncratic noise. The size factor has a small negative drift except in
    the last 30 sessions, where it turns strongly positive; in the last ten,
    ``SMALL``'s return is lifted just above the better of the other two.

    Examples
    --------
    >>> import rotationkit as rk
    >>> prices = rk.datasets.synthetic_prices()
    >>> prices.columns.name, list(prices.columns)
    ('synthetic', ['SMALL', 'LARGE', 'GROWTH'])
    >>> prices.index[-1]
    Timestamp('2026-01-30 00:00:00')
    >>> bool((prices["SMALL"].pct_change().iloc[-10:] > prices["LARGE"].pct_change().iloc[-10:]).all())
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, (int, np.integer)):
        msg = f"`seed` must be an int, got {seed!r}"
        raise TypeError(msg)
    dates = pd.bdate_range(start, end, name="date")
    if len(dates) < 2 * _ROTATION_SESSIONS:
        msg = (
            f"`start` to `end` holds {len(dates)} business days; pass a range of at "
            f"least {2 * _ROTATION_SESSIONS}"
        )
        raise InputError(msg)
    returns = _factor_returns(len(dates) - 1, np.random.default_rng(seed))
    levels = _START_LEVELS * np.vstack([np.ones(3), np.cumprod(1.0 + returns, axis=0)])
    frame: pd.DataFrame = pd.DataFrame(
        np.round(levels, 2),
        index=dates,
        columns=pd.Index(list(SYNTHETIC_COLUMNS), name="synthetic"),
    )
    frame.attrs["source"] = (
        f"synthetic data from rotationkit.datasets.synthetic_prices(seed={seed})"
    )
    return frame


def _factor_returns(
    n_returns: int, rng: np.random.Generator
) -> np.ndarray[tuple[int, int], np.dtype[np.float64]]:
    """Draw ``n_returns`` daily returns of the three series from the factor model."""
    market = rng.normal(_MARKET[0], _MARKET[1], n_returns)
    size = rng.normal(_LAG_DRIFT, _SIZE_VOL, n_returns)
    size[-_ROTATION_SESSIONS:] += _ROTATION_DRIFT - _LAG_DRIFT
    growth = rng.normal(0.0001, _GROWTH_VOL, n_returns)
    factors = np.column_stack([market, size, growth])
    noise = rng.normal(0.0, 1.0, (n_returns, 3)) * _IDIOSYNCRATIC_VOL
    returns: np.ndarray[tuple[int, int], np.dtype[np.float64]] = (
        factors @ _LOADINGS.T + noise
    )
    # The headline run: SMALL just ahead of the better large-cap series each day.
    best_large = returns[-_FINAL_STREAK:, 1:].max(axis=1)
    margin = 0.002 + np.abs(rng.normal(0.0, 0.003, _FINAL_STREAK))
    returns[-_FINAL_STREAK:, 0] = best_large + margin
    return returns
