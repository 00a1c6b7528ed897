r"""Concentration and breadth of an index from its constituents.

"How concentrated is the large-cap index?" is the other half of the valuation
story: a handful of giants can carry an index's multiple and its returns.
These functions measure how much of an index sits in its largest names, how
many names it effectively holds, and how many constituents take part in a
move.

Conventions
-----------
* ``weights`` are index weights or market values (normalized inside):
  one-dimensional for the constituents at one date, two-dimensional for
  dates x constituents. NaN marks a constituent that is not in the index (or
  has no weight) on that date: it is left out and counted as missing.
* ``prices`` are constituent prices over time (dates x constituents).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from rotationkit import _kernels
from rotationkit._inputs import (
    Panel,
    as_constituents,
    as_panel,
    check_sign,
    check_window,
    per_date,
    wrap_dates,
    wrap_over_dates,
)

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TypeAlias

    from rotationkit._typing import Array1D, ArrayLike2D, FloatArray

    PerDate: TypeAlias = "float | pd.Series[float] | FloatArray"
    CountsPerDate: TypeAlias = (
        "int | pd.Series[int] | np.ndarray[tuple[int], np.dtype[np.intp]]"
    )

__all__ = [
    "Concentration",
    "breadth",
    "concentration_summary",
    "effective_n",
    "hhi",
    "top_n_share",
]

_WEIGHTS = "weights or market values of zero or more"
# A price closer to its average than this (relative) is level with it: the
# average's last digits are rounding, and a flat price must not count as above.
_LEVEL = 1e-12


def _normalized_weights(weights: object) -> tuple[Panel, FloatArray]:
    """Read ``weights`` and return them normalized to sum to one on each date.

    NaN constituents count as absent (zero weight). A date without any
    positive weight gives a row of NaN.
    """
    panel = as_constituents(weights, "weights")
    check_sign(panel, allow_zero=True, expected=_WEIGHTS)
    filled = np.where(np.isnan(panel.values), 0.0, panel.values)
    total = filled.sum(axis=1, keepdims=True)
    with np.errstate(invalid="ignore", divide="ignore"):
        normalized = np.where(total > 0.0, filled / total, np.nan)
    return panel, normalized


def _hhi(normalized: FloatArray) -> FloatArray:
    squares: FloatArray = np.einsum("ij,ij->i", normalized, normalized)
    return squares


@overload
def top_n_share(weights: pd.DataFrame, n: int = ...) -> pd.Series[float]: ...
@overload
def top_n_share(
    weights: pd.Series[float] | Array1D | Sequence[float], n: int = ...
) -> float: ...
@overload
def top_n_share(weights: ArrayLike2D, n: int = ...) -> FloatArray: ...
@per_date(name="top_{n}_share")
def top_n_share(weights: Any, n: int = 10) -> Any:
    r"""Compute the share of the index held by its ``n`` largest constituents.

    Parameters
    ----------
    weights : Series, DataFrame or array-like of float
        Weights or market values of the constituents (zero or more; NaN for
        a constituent not in the index): one-dimensional for one date,
        two-dimensional for dates x constituents.
    n : int, default 10
        Number of largest constituents.

    Returns
    -------
    float, Series or numpy.ndarray
        One share between 0 and 1 per date: a float for one-dimensional
        input, a Series indexed by the dates of a DataFrame, a 1-D array for a
        2-D array. 1.0 when the index holds ``n`` constituents or fewer; NaN
        for a date without a positive weight.

    Raises
    ------
    InputError
        For negative weights, or non-numeric, boolean or infinite data.
    ValueError
        If ``n`` is not a positive whole number.

    See Also
    --------
    hhi : Concentration over all constituents.
    effective_n : The number of equal weights with the same concentration.

    Notes
    -----
    With the normalized weights :math:`w_{(1)} \ge w_{(2)} \ge \dots`,

    .. math:: S_n = \sum_{k=1}^{n} w_{(k)}, \qquad w_i = \frac{W_i}{\sum_j W_j}.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.top_n_share([40.0, 30.0, 10.0, 10.0, 10.0], n=2)
    0.7
    """
    size = check_window(n, "n")
    panel, normalized = _normalized_weights(weights)
    share = _kernels.largest_sums(normalized, size)
    share[np.isnan(normalized).all(axis=1)] = np.nan
    return wrap_over_dates(share, panel, name=f"top_{size}_share")


@overload
def hhi(weights: pd.DataFrame) -> pd.Series[float]: ...
@overload
def hhi(weights: pd.Series[float] | Array1D | Sequence[float]) -> float: ...
@overload
def hhi(weights: ArrayLike2D) -> FloatArray: ...
@per_date(name="hhi")
def hhi(weights: Any) -> Any:
    r"""Compute the Herfindahl-Hirschman index of the constituents' weights.

    Parameters
    ----------
    weights : Series, DataFrame or array-like of float
        Weights or market values of the constituents (zero or more; NaN for
        a constituent not in the index): one-dimensional for one date,
        two-dimensional for dates x constituents.

    Returns
    -------
    float, Series or numpy.ndarray
        One index per date, between :math:`1/N` (equal weights) and 1 (one
        constituent): a float for one-dimensional input, a Series indexed by
        the dates of a DataFrame, a 1-D array for a 2-D array. NaN for a date
        without a positive weight.

    Raises
    ------
    InputError
        For negative weights, or non-numeric, boolean or infinite data.

    See Also
    --------
    effective_n : Its inverse, as a number of constituents.
    top_n_share : The share of the largest constituents.

    Notes
    -----
    With the normalized weights :math:`w_i = W_i / \sum_j W_j`,

    .. math:: H = \sum_i w_i^2 .

    Competition authorities quote it on a 0-10,000 scale (weights in
    percent); multiply by 10,000 for that.

    References
    ----------
    .. [1] Hirschman, A. O. (1964). "The Paternity of an Index." *The
       American Economic Review*, 54(5), 761.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.hhi([25.0, 25.0, 25.0, 25.0])
    0.25
    >>> round(rk.hhi([40.0, 30.0, 10.0, 10.0, 10.0]), 4)
    0.28
    """
    panel, normalized = _normalized_weights(weights)
    return wrap_over_dates(_hhi(normalized), panel, name="hhi")


@overload
def effective_n(weights: pd.DataFrame) -> pd.Series[float]: ...
@overload
def effective_n(weights: pd.Series[float] | Array1D | Sequence[float]) -> float: ...
@overload
def effective_n(weights: ArrayLike2D) -> FloatArray: ...
@per_date(name="effective_n")
def effective_n(weights: Any) -> Any:
    r"""Compute the effective number of constituents (the inverse of the HHI).

    Parameters
    ----------
    weights : Series, DataFrame or array-like of float
        Weights or market values of the constituents (zero or more; NaN for
        a constituent not in the index): one-dimensional for one date,
        two-dimensional for dates x constituents.

    Returns
    -------
    float, Series or numpy.ndarray
        The number of equally weighted constituents that would be as
        concentrated, per date: a float for one-dimensional input, a Series
        indexed by the dates of a DataFrame, a 1-D array for a 2-D array. NaN
        for a date without a positive weight.

    Raises
    ------
    InputError
        For negative weights, or non-numeric, boolean or infinite data.

    See Also
    --------
    hhi : The Herfindahl-Hirschman index.

    Notes
    -----
    .. math:: N_\text{eff} = \frac{1}{H} = \frac{1}{\sum_i w_i^2}

    Equal weights give the number of constituents; an index of 500 names
    whose ten largest hold a third of it has an effective N far below 500.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.effective_n([25.0, 25.0, 25.0, 25.0])
    4.0
    >>> round(rk.effective_n([40.0, 30.0, 10.0, 10.0, 10.0]), 4)
    3.5714
    """
    panel, normalized = _normalized_weights(weights)
    with np.errstate(divide="ignore", invalid="ignore"):
        number = 1.0 / _hhi(normalized)
    return wrap_over_dates(number, panel, name="effective_n")


@dataclass(frozen=True, slots=True)
class Concentration:
    """Concentration measures of an index with the constituent counts.

    Returned by :func:`concentration_summary`. Each field holds one value per
    date: a number for constituents at one date, a Series indexed by the
    dates of a DataFrame, a 1-D array for a 2-D array.

    Parameters
    ----------
    top_n_share : float, Series or numpy.ndarray
        Share of the ``n`` largest constituents (:func:`top_n_share`).
    hhi : float, Series or numpy.ndarray
        Herfindahl-Hirschman index (:func:`hhi`).
    effective_n : float, Series or numpy.ndarray
        Effective number of constituents (:func:`effective_n`).
    constituents : int, Series or numpy.ndarray
        Constituents with a weight.
    missing : int, Series or numpy.ndarray
        Constituents without a weight (NaN), left out.
    n : int
        The ``n`` of ``top_n_share``.

    See Also
    --------
    concentration_summary : Build this object.

    Examples
    --------
    >>> import rotationkit as rk
    >>> summary = rk.concentration_summary([40.0, 30.0, float("nan"), 30.0], n=1)
    >>> summary.top_n_share, summary.constituents, summary.missing
    (0.4, 3, 1)
    """

    top_n_share: PerDate
    hhi: PerDate
    effective_n: PerDate
    constituents: CountsPerDate
    missing: CountsPerDate
    n: int

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            One entry per field, in the order of the class.

        Examples
        --------
        >>> import rotationkit as rk
        >>> rk.concentration_summary([50.0, 50.0]).to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'top_n_share': 1.0, 'hhi': 0.5, 'effective_n': 2.0,
         'constituents': 2, 'missing': 0, 'n': 10}
        """
        return {
            "top_n_share": self.top_n_share,
            "hhi": self.hhi,
            "effective_n": self.effective_n,
            "constituents": self.constituents,
            "missing": self.missing,
            "n": self.n,
        }

    def to_frame(self) -> pd.DataFrame:
        """Return the measures as a table, one row per date.

        Returns
        -------
        DataFrame
            Columns ``top_n_share``, ``hhi``, ``effective_n``, ``constituents``
            and ``missing``; indexed by the dates of a DataFrame input, by
            position otherwise (one row for constituents at one date).

        Examples
        --------
        >>> import rotationkit as rk
        >>> rk.concentration_summary([50.0, 50.0]).to_frame()
           top_n_share  hhi  effective_n  constituents  missing
        0          1.0  0.5          2.0             2        0
        """
        data = {key: value for key, value in self.to_dict().items() if key != "n"}
        if isinstance(self.hhi, pd.Series):
            frame: pd.DataFrame = pd.DataFrame(data, index=self.hhi.index)
            return frame
        if isinstance(self.hhi, float):
            data = {key: [value] for key, value in data.items()}
        table: pd.DataFrame = pd.DataFrame(data)
        return table

    def __repr__(self) -> str:
        if isinstance(self.hhi, float):
            return (
                f"Concentration(top_{self.n}_share={self.top_n_share:.4g}, "
                f"hhi={self.hhi:.4g}, effective_n={self.effective_n:.4g}, "
                f"constituents={self.constituents}, missing={self.missing})"
            )
        return f"Concentration({len(self.hhi)} dates, n={self.n}; see .to_frame())"


def concentration_summary(weights: Any, *, n: int = 10) -> Concentration:
    r"""Summarize how concentrated an index is, with the constituents counted.

    Parameters
    ----------
    weights : Series, DataFrame or array-like of float
        Weights or market values of the constituents (zero or more; NaN for
        a constituent not in the index): one-dimensional for one date,
        two-dimensional for dates x constituents.
    n : int, default 10
        Number of largest constituents for ``top_n_share``.

    Returns
    -------
    Concentration
        :func:`top_n_share`, :func:`hhi` and :func:`effective_n` with the
        number of constituents with a weight and without one, per date.

    Raises
    ------
    InputError
        For negative weights, or non-numeric, boolean or infinite data.
    ValueError
        If ``n`` is not a positive whole number.

    See Also
    --------
    top_n_share, hhi, effective_n : The measures one by one.

    Notes
    -----
    The measures are defined on their own pages; constituents with a NaN
    weight are left out of all three and counted as ``missing``.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.concentration_summary([40.0, 30.0, 10.0, 10.0, 10.0], n=2)
    Concentration(top_2_share=0.7, hhi=0.28, effective_n=3.571, constituents=5, missing=0)
    """
    size = check_window(n, "n")
    panel, normalized = _normalized_weights(weights)
    squares = _hhi(normalized)
    top = _kernels.largest_sums(normalized, size)
    top[np.isnan(normalized).all(axis=1)] = np.nan
    with np.errstate(divide="ignore", invalid="ignore"):
        number = 1.0 / squares
    present = np.count_nonzero(~np.isnan(panel.values), axis=1)
    return Concentration(
        top_n_share=wrap_over_dates(top, panel, name=f"top_{size}_share"),
        hhi=wrap_over_dates(squares, panel, name="hhi"),
        effective_n=wrap_over_dates(number, panel, name="effective_n"),
        constituents=wrap_over_dates(present, panel, name="constituents"),
        missing=wrap_over_dates(panel.n_assets - present, panel, name="missing"),
        n=size,
    )


@overload
def breadth(
    prices: pd.DataFrame | pd.Series[float], *, window: int = ...
) -> pd.Series[float]: ...
@overload
def breadth(prices: ArrayLike2D | Array1D, *, window: int = ...) -> FloatArray: ...
@per_date(name="breadth", lazy=False)
def breadth(prices: Any, *, window: int = 50) -> Any:
    r"""Compute the share of constituents trading above their moving average.

    Parameters
    ----------
    prices : DataFrame, Series or array-like of float
        Strictly positive prices of the constituents, dates x constituents,
        oldest first. NaN marks a missing price.
    window : int, default 50
        Number of periods of the trailing average (50 or 200 days are the
        usual choices).

    Returns
    -------
    Series or numpy.ndarray
        One share between 0 and 1 per date: a Series indexed by the dates of
        pandas input, a 1-D array otherwise. Constituents without
        ``window`` valid prices in the trailing window, or without a price on
        the date, are left out; NaN for a date with none left.

    Raises
    ------
    InputError
        For prices of zero or less, non-numeric, boolean or infinite data, or
        unsorted or duplicated dates.
    ValueError
        If ``window`` is not a positive whole number.

    See Also
    --------
    top_n_share : How much of the index sits in its largest names.

    Notes
    -----
    With the trailing average :math:`\bar P_{i,t}` of the ``window`` prices
    up to and including :math:`t` (all of them present),

    .. math::

        B_t = \frac{\#\{i : P_{i,t} > \bar P_{i,t}\}}
                   {\#\{i : P_{i,t} \text{ and } \bar P_{i,t} \text{ exist}\}} .

    The average at :math:`t` includes :math:`P_{i,t}`, as pandas
    ``rolling(window).mean()``; the breadth at :math:`t` uses no later price.
    A price within rounding (a relative :math:`10^{-12}`) of its average is
    level with it, not above (a halted stock does not count).

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> prices = pd.DataFrame({"A": [10.0, 11.0, 12.0], "B": [10.0, 9.0, 9.5],
    ...                        "C": [5.0, 5.0, 4.0]})
    >>> rk.breadth(prices, window=2)
    0         NaN
    1    0.333333
    2    0.666667
    Name: breadth, dtype: float64
    """
    size = check_window(window, "window")
    panel = as_panel(prices, "prices", positive=True)
    average = _kernels.rolling_mean(panel.values, size, size)
    counted = ~np.isnan(panel.values) & ~np.isnan(average)
    with np.errstate(invalid="ignore", divide="ignore"):
        rises_above = panel.values - average > _LEVEL * average
        above = np.count_nonzero(counted & rises_above, axis=1)
        total = np.count_nonzero(counted, axis=1)
        share = np.where(total > 0, above / total, np.nan)
    return wrap_dates(share, panel, name="breadth")
