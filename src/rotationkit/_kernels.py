"""Numerical kernels on plain numpy arrays (private).

Every kernel takes two-dimensional float64 arrays laid out as
``(periods, assets)``, works along axis 0 for all assets at once, and never
writes into its inputs. No pandas here: labels are the business of
:mod:`rotationkit._inputs`.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from rotationkit._typing import FloatArray

__all__ = [
    "compound_levels",
    "last_valid_positions",
    "leading_nan_mask",
    "log_returns",
    "nan_count",
    "nan_mean_std",
    "simple_returns",
    "total_log_growth",
]


def simple_returns(prices: FloatArray) -> FloatArray:
    """Return ``prices[t] / prices[t-1] - 1`` for ``t >= 1`` (one row fewer)."""
    return prices[1:] / prices[:-1] - 1.0


def log_returns(prices: FloatArray) -> FloatArray:
    """Return ``log(prices[t] / prices[t-1])`` for ``t >= 1`` (one row fewer)."""
    return np.log(prices[1:] / prices[:-1])


def leading_nan_mask(
    values: FloatArray,
) -> np.ndarray[tuple[int, int], np.dtype[np.bool_]]:
    """Mark, per column, the NaN values that come before the first valid one."""
    return np.logical_and.accumulate(np.isnan(values), axis=0)


def compound_levels(returns: FloatArray, base: float, *, log: bool) -> FloatArray:
    """Compound ``returns`` into levels that start from ``base``.

    Each column starts at its first valid return (earlier rows stay NaN); a
    later NaN return makes that level and every later one NaN, because the
    level after an unknown return is unknown.
    """
    leading = leading_nan_mask(returns)
    if log:
        growth = np.exp(np.cumsum(np.where(leading, 0.0, returns), axis=0))
    else:
        growth = np.cumprod(np.where(leading, 1.0, 1.0 + returns), axis=0)
    levels: FloatArray = growth * base
    levels[leading] = np.nan
    return levels


def nan_count(values: FloatArray) -> np.ndarray[tuple[int], np.dtype[np.intp]]:
    """Return the number of non-NaN values in each column."""
    counts: np.ndarray[tuple[int], np.dtype[np.intp]] = np.count_nonzero(
        ~np.isnan(values), axis=0
    )
    return counts


def total_log_growth(returns: FloatArray) -> FloatArray:
    """Return ``sum(log(1 + r))`` over the non-NaN returns of each column.

    A return of exactly -1 (a total loss) gives ``-inf``; callers check that no
    return is below -1.
    """
    with np.errstate(divide="ignore"):
        logs = np.log1p(returns)
    total: FloatArray = np.nansum(logs, axis=0)
    return total


def nan_mean_std(values: FloatArray, ddof: int = 1) -> tuple[FloatArray, FloatArray]:
    """Return the mean and standard deviation of each column, skipping NaN.

    A column with ``ddof`` or fewer valid values gets a NaN standard deviation
    (and a column with none a NaN mean) without a runtime warning. The
    deviations are taken from the mean (two passes), so a large common offset
    does not cost precision.
    """
    count = nan_count(values)
    total = np.nansum(values, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean = np.where(count > 0, total / count, np.nan)
        squares = np.nansum((values - mean) ** 2, axis=0)
        std = np.where(count > ddof, np.sqrt(squares / (count - ddof)), np.nan)
    return mean, std


def last_valid_positions(
    values: FloatArray, rows: np.ndarray[tuple[int], np.dtype[np.intp]]
) -> np.ndarray[tuple[int, int], np.dtype[np.intp]]:
    """Return, for each row in ``rows`` and each column, the last valid row at or before it.

    The result has shape ``(len(rows), assets)``; ``-1`` marks "no valid value
    at or before this row" (and a requested row of ``-1`` means "before the
    data", which always gives ``-1``).
    """
    n_assets = values.shape[1]
    result = np.full((rows.shape[0], n_assets), -1, dtype=np.intp)
    if rows.size == 0 or rows.max() < 0:
        return result
    stop = int(rows.max()) + 1
    positions = np.where(
        np.isnan(values[:stop]), -1, np.arange(stop, dtype=np.intp)[:, None]
    )
    np.maximum.accumulate(positions, axis=0, out=positions)
    inside = rows >= 0
    result[inside] = positions[rows[inside]]
    return result
