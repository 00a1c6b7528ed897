r"""Valuation gaps between market segments.

"Small caps trade at a steep discount to large caps" in numbers a strategist
can defend: index multiples computed the way index providers do, the gap
between two segments, how stretched that gap is against its own history, how
fast such gaps have closed, what closing one would be worth, and the spread
of earnings yields over bond yields.

Conventions
-----------
* ``value`` is market capitalization (or price x shares) and ``earnings`` the
  matching earnings; book value or sales give price-to-book or price-to-sales
  the same way. Constituent data are one-dimensional (the constituents at one
  date) or two-dimensional (dates x constituents).
* Multiples over time (``multiple``, ``benchmark_multiple``) are series
  indexed by dates, one column per segment.
* Signals are causal: a z-score, percentile rank or re-rating target at date
  *t* uses data up to and including *t*, so appending data never changes a
  past value.
* Yields carry explicit units (``yield_units``); results are fractions
  (0.012 is 1.2 percentage points).
"""

from __future__ import annotations

import math
import warnings
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Literal, overload

import numpy as np
import pandas as pd

from rotationkit import _kernels
from rotationkit._frequency import resolve_periods_per_year
from rotationkit._inputs import (
    Panel,
    align,
    align_constituents,
    as_constituents,
    as_number,
    as_panel,
    check_choice,
    check_min_periods,
    check_sign,
    check_value_range,
    check_window,
    lazy_over_assets,
    outside_stacklevel,
    per_date,
    rescale_yields,
    wrap_like,
    wrap_over_dates,
)
from rotationkit.errors import InputError, UndefinedMultipleWarning

if TYPE_CHECKING:
    from collections.abc import Sequence
    from typing import TypeAlias

    from rotationkit._inputs import YieldUnits
    from rotationkit._typing import Array1D, ArrayLike1D, ArrayLike2D, FloatArray

    Counts: TypeAlias = (
        "int | pd.Series[int] | np.ndarray[tuple[int], np.dtype[np.intp]]"
    )

__all__ = [
    "AggregateMultiple",
    "HalfLife",
    "aggregate_multiple",
    "earnings_yield",
    "half_life",
    "implied_rerating",
    "negative_earnings_share",
    "percentile_rank",
    "valuation_gap",
    "yield_gap",
    "zscore",
]

NegativeEarnings = Literal["include", "exclude", "raise"]
"""How :func:`aggregate_multiple` treats constituents with earnings of zero or less."""

MultipleMethod = Literal["aggregate", "harmonic", "median", "mean"]
"""How :func:`aggregate_multiple` combines the constituents."""

GapMethod = Literal["ratio", "log", "difference"]
"""How :func:`valuation_gap` compares two multiples."""

RerateTarget = Literal["mean", "median"]
"""The causal statistic of the relative multiple :func:`implied_rerating` reverts to."""

_NEGATIVE: tuple[NegativeEarnings, ...] = ("include", "exclude", "raise")
_METHODS: tuple[MultipleMethod, ...] = ("aggregate", "harmonic", "median", "mean")
_GAPS: tuple[GapMethod, ...] = ("ratio", "log", "difference")
_TARGETS: tuple[RerateTarget, ...] = ("mean", "median")
_POSITIVE_MULTIPLES = (
    "positive multiples (a ratio of two negative numbers means nothing)"
)
_DAYS_PER_YEAR = 365.25

# --------------------------------------------------------------------------
# index multiples from constituents
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AggregateMultiple:
    """An index multiple with the constituent counts behind it.

    Returned by :func:`aggregate_multiple` with ``details=True``. Each field
    holds one value per date: a number for constituents at one date, a Series
    indexed by the dates of a DataFrame, a 1-D array for a 2-D array.

    Parameters
    ----------
    multiple : float, Series or numpy.ndarray
        The index multiple (NaN where it is undefined).
    constituents : int, Series or numpy.ndarray
        Constituents with a value or earnings on the date.
    used : int, Series or numpy.ndarray
        Constituents that entered the multiple.
    missing : int, Series or numpy.ndarray
        Constituents left out because their value or earnings were missing.
    loss_makers : int, Series or numpy.ndarray
        Constituents with both numbers and earnings of zero or less (left out
        with ``negative="exclude"``).
    method : str
        The ``method`` used.
    negative : str
        The ``negative`` policy used.

    See Also
    --------
    aggregate_multiple : Build this object.
    negative_earnings_share : The (weighted) share of loss-makers.

    Examples
    --------
    >>> import rotationkit as rk
    >>> result = rk.aggregate_multiple([100.0, 50.0, 30.0], [5.0, -1.0, float("nan")],
    ...                                details=True)
    >>> result.multiple, result.used, result.missing, result.loss_makers
    (37.5, 2, 1, 1)
    """

    multiple: float | pd.Series[float] | FloatArray
    constituents: Counts
    used: Counts
    missing: Counts
    loss_makers: Counts
    method: str
    negative: str

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            One entry per field, in the order of the class.

        Examples
        --------
        >>> import rotationkit as rk
        >>> rk.aggregate_multiple([100.0, 50.0], [5.0, 2.5], details=True).to_dict()
        ... # doctest: +NORMALIZE_WHITESPACE
        {'multiple': 20.0, 'constituents': 2, 'used': 2, 'missing': 0,
         'loss_makers': 0, 'method': 'aggregate', 'negative': 'include'}
        """
        return {
            "multiple": self.multiple,
            "constituents": self.constituents,
            "used": self.used,
            "missing": self.missing,
            "loss_makers": self.loss_makers,
            "method": self.method,
            "negative": self.negative,
        }

    def to_frame(self) -> pd.DataFrame:
        """Return the numbers as a table, one row per date.

        Returns
        -------
        DataFrame
            Columns ``multiple``, ``constituents``, ``used``, ``missing`` and
            ``loss_makers``; indexed by the dates of a DataFrame input, by
            position otherwise (one row for constituents at one date).

        Examples
        --------
        >>> import rotationkit as rk
        >>> rk.aggregate_multiple([100.0, 50.0], [5.0, 2.5], details=True).to_frame()
           multiple  constituents  used  missing  loss_makers
        0      20.0             2     2        0            0
        """
        data = {
            key: value
            for key, value in self.to_dict().items()
            if key not in ("method", "negative")
        }
        if isinstance(self.multiple, pd.Series):
            frame: pd.DataFrame = pd.DataFrame(data, index=self.multiple.index)
            return frame
        if isinstance(self.multiple, float):
            data = {key: [value] for key, value in data.items()}
        table: pd.DataFrame = pd.DataFrame(data)
        return table

    def __repr__(self) -> str:
        if isinstance(self.multiple, float):
            return (
                f"AggregateMultiple(multiple={self.multiple:.4g}, "
                f"used={self.used} of {self.constituents}, missing={self.missing}, "
                f"loss_makers={self.loss_makers}, method={self.method!r}, "
                f"negative={self.negative!r})"
            )
        dates = len(self.multiple)
        return (
            f"AggregateMultiple({dates} dates, method={self.method!r}, "
            f"negative={self.negative!r}; see .to_frame())"
        )


@overload
def aggregate_multiple(
    value: pd.DataFrame,
    earnings: pd.DataFrame,
    *,
    negative: NegativeEarnings = ...,
    method: MultipleMethod = ...,
    details: Literal[False] = ...,
) -> pd.Series[float]: ...
@overload
def aggregate_multiple(
    value: pd.Series[float] | Array1D | Sequence[float],
    earnings: pd.Series[float] | Array1D | Sequence[float],
    *,
    negative: NegativeEarnings = ...,
    method: MultipleMethod = ...,
    details: Literal[False] = ...,
) -> float: ...
@overload
def aggregate_multiple(
    value: ArrayLike2D,
    earnings: ArrayLike2D,
    *,
    negative: NegativeEarnings = ...,
    method: MultipleMethod = ...,
    details: Literal[False] = ...,
) -> FloatArray: ...
@overload
def aggregate_multiple(
    value: Any,
    earnings: Any,
    *,
    negative: NegativeEarnings = ...,
    method: MultipleMethod = ...,
    details: Literal[True],
) -> AggregateMultiple: ...
@per_date(name="{method}", others=("earnings",), unless="details")
def aggregate_multiple(
    value: Any,
    earnings: Any,
    *,
    negative: NegativeEarnings = "include",
    method: MultipleMethod = "aggregate",
    details: bool = False,
) -> Any:
    r"""Compute an index multiple (P/E, P/B, P/S ...) from its constituents.

    Parameters
    ----------
    value : Series, DataFrame or array-like of float
        Market capitalization (or price x shares) of each constituent:
        one-dimensional for the constituents at one date (a Series indexed by
        constituent), two-dimensional for dates x constituents. Strictly
        positive; NaN marks a missing value.
    earnings : Series, DataFrame or array-like of float
        The matching earnings (or book value, sales ...), same shape. Labelled
        inputs are matched by constituent (and by date for DataFrames).
    negative : {"include", "exclude", "raise"}, default "include"
        Constituents with earnings of zero or less: ``"include"`` keeps them
        (the true aggregate, as index providers publish it), ``"exclude"``
        leaves them out (a multiple of the profitable constituents only),
        ``"raise"`` refuses them with an :class:`~rotationkit.errors.InputError`.
    method : {"aggregate", "harmonic", "median", "mean"}, default "aggregate"
        ``"aggregate"`` divides the summed value by the summed earnings (the
        index-provider method); ``"harmonic"`` is the value-weighted harmonic
        mean of the constituents' multiples (the same number, written
        differently); ``"median"`` and ``"mean"`` summarize the constituents'
        own multiples.
    details : bool, default False
        Return an :class:`AggregateMultiple` with the constituent counts
        instead of the multiple alone.

    Returns
    -------
    float, Series, numpy.ndarray or AggregateMultiple
        One multiple per date: a float for one-dimensional input, a Series
        indexed by the dates of a DataFrame, a 1-D array for a 2-D array. NaN
        where it is undefined (see Notes).

    Raises
    ------
    InputError
        For non-numeric, boolean or infinite data, a value of zero or less,
        or (with ``negative="raise"``) earnings of zero or less.
    AlignmentError
        If the inputs cover different constituents or dates, or one is one-
        and the other two-dimensional.
    ValueError
        If ``negative`` or ``method`` is unknown.

    Warns
    -----
    UndefinedMultipleWarning
        When the multiple is undefined on a date that has data: the used
        earnings add up to zero or less (or the median or mean multiple is not
        positive), or no constituent is left.

    See Also
    --------
    negative_earnings_share : The share of loss-makers, to report beside the
        multiple.
    earnings_yield : The inverse of a multiple.
    valuation_gap : Compare two segments' multiples.

    Notes
    -----
    With value :math:`V_i` and earnings :math:`E_i` of the constituents
    :math:`i` used on a date and their multiples :math:`m_i = V_i / E_i`,

    .. math::

        M_\text{aggregate} = \frac{\sum_i V_i}{\sum_i E_i}, \qquad
        M_\text{harmonic} = \Big(\sum_i w_i \frac{1}{m_i}\Big)^{-1},
        \quad w_i = \frac{V_i}{\sum_j V_j},

    and the two are equal: :math:`\sum_i w_i E_i / V_i = \sum_i E_i / \sum_j
    V_j`. The aggregate multiple is the price of one unit of the index's
    earnings, which is why index providers publish it; the mean of the
    constituents' multiples is pulled up by a few near-zero earners and is
    shown only for comparison.

    A constituent is used when both its value and its earnings are present;
    one missing number leaves it out (counted as ``missing``; a constituent
    with neither is taken as not in the index on that date). With
    ``"include"``, loss-makers lower :math:`\sum E_i`, so the multiple rises
    as profits shrink, and when :math:`\sum E_i \le 0` the multiple is
    undefined: NaN, with an :class:`~rotationkit.errors.UndefinedMultipleWarning`.
    For ``"median"`` and ``"mean"``, constituents with earnings of exactly
    zero have no multiple and are left out, and a result of zero or less is
    undefined as well. Small-cap indices hold many loss-makers, so
    ``"exclude"`` flatters them: report :func:`negative_earnings_share` beside
    it.

    Examples
    --------
    Five companies, one with a loss:

    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> value = pd.Series([500.0, 300.0, 100.0, 60.0, 40.0], index=list("ABCDE"))
    >>> earnings = pd.Series([25.0, 20.0, 5.0, 4.0, -4.0], index=list("ABCDE"))
    >>> rk.aggregate_multiple(value, earnings)
    20.0
    >>> round(rk.aggregate_multiple(value, earnings, negative="exclude"), 4)
    17.7778
    >>> rk.aggregate_multiple(value, earnings, method="harmonic")
    20.0
    """
    negative = check_choice(negative, "negative", _NEGATIVE)
    method = check_choice(method, "method", _METHODS)
    value_panel = as_constituents(value, "value")
    earnings_panel = as_constituents(earnings, "earnings")
    value_panel, earnings_values = align_constituents(value_panel, earnings_panel)
    check_sign(
        value_panel,
        allow_zero=False,
        expected="strictly positive market values (market capitalization)",
    )
    values = value_panel.values
    present = ~np.isnan(values) & ~np.isnan(earnings_values)
    listed = ~np.isnan(values) | ~np.isnan(earnings_values)
    with np.errstate(invalid="ignore"):
        loss = present & (earnings_values <= 0.0)
    if negative == "raise" and loss.any():
        _raise_loss_maker(value_panel, loss, earnings_values)
    used = present & ~loss if negative == "exclude" else present
    multiple = _combine(values, earnings_values, used, method)
    _flag_undefined(multiple, used, present, value_panel, method)
    result = wrap_over_dates(multiple, value_panel, name=method)
    if not details:
        return result
    return AggregateMultiple(
        multiple=result,
        constituents=wrap_over_dates(np.count_nonzero(listed, axis=1), value_panel),
        used=wrap_over_dates(np.count_nonzero(used, axis=1), value_panel),
        missing=wrap_over_dates(
            np.count_nonzero(listed & ~present, axis=1), value_panel
        ),
        loss_makers=wrap_over_dates(np.count_nonzero(loss, axis=1), value_panel),
        method=method,
        negative=negative,
    )


def _raise_loss_maker(
    panel: Panel, loss: np.ndarray[Any, np.dtype[np.bool_]], earnings: FloatArray
) -> None:
    row, column = (int(i[0]) for i in np.nonzero(loss))
    who = f"position {column}" if panel.columns is None else repr(panel.columns[column])
    when = "" if panel.index is None else f" on {panel.index[row]!r}"
    msg = (
        f"`earnings` of constituent {who}{when} is {float(earnings[row, column])!r}, zero "
        "or less, and negative='raise'; pass negative='include' for the true "
        "aggregate or negative='exclude' for the profitable constituents only"
    )
    raise InputError(msg)


def _combine(
    values: FloatArray,
    earnings: FloatArray,
    used: np.ndarray[Any, np.dtype[np.bool_]],
    method: MultipleMethod,
) -> FloatArray:
    """Return one multiple per date (row) from the ``used`` constituents."""
    with np.errstate(invalid="ignore", divide="ignore"):
        if method == "aggregate":
            total_value = np.where(used, values, 0.0).sum(axis=1)
            total_earnings = np.where(used, earnings, 0.0).sum(axis=1)
            aggregate: FloatArray = total_value / total_earnings
            return aggregate
        if method == "harmonic":
            weights = np.where(used, values, 0.0)
            weights /= weights.sum(axis=1, keepdims=True)
            # 1 / m_i = E_i / V_i: the constituents' earnings yields.
            inverse = np.where(used, earnings / values, 0.0)
            harmonic: FloatArray = 1.0 / (weights * inverse).sum(axis=1)
            return harmonic
        with_multiple = used & (earnings != 0.0)
        multiples = np.where(with_multiple, values / earnings, np.nan)
        if method == "median":
            return _kernels.row_nanmedian(multiples)
        count = np.count_nonzero(with_multiple, axis=1)
        mean: FloatArray = np.where(with_multiple, multiples, 0.0).sum(axis=1) / count
        return mean


def _flag_undefined(
    multiple: FloatArray,
    used: np.ndarray[Any, np.dtype[np.bool_]],
    present: np.ndarray[Any, np.dtype[np.bool_]],
    panel: Panel,
    method: MultipleMethod,
) -> None:
    """Set undefined multiples to NaN (in place) and warn where data existed."""
    with np.errstate(invalid="ignore"):
        undefined = ~(np.isfinite(multiple) & (multiple > 0.0))
    multiple[undefined] = np.nan
    dates_with_data = present.any(axis=1)
    flagged = undefined & dates_with_data
    if not flagged.any():
        return
    empty = flagged & ~used.any(axis=1)
    reasons = []
    if (flagged & ~empty).any():
        reasons.append(
            "the constituents' earnings add up to zero or less"
            if method in ("aggregate", "harmonic")
            else "the constituents' multiples do not give a positive figure"
        )
    if empty.any():
        reasons.append("no constituent with positive earnings is left")
    reason = ", or ".join(reasons)
    first = int(np.flatnonzero(flagged)[0])
    where = (
        ""
        if panel.ndim == 1
        else f" on {int(flagged.sum())} of {flagged.size} dates (first: "
        f"{first if panel.index is None else panel.index[first]!r})"
    )
    msg = (
        f"the index multiple is undefined{where}: {reason}; it is reported as "
        "NaN. Report negative_earnings_share() beside it, or the earnings yield "
        "(earnings / value), which stays defined"
    )
    warnings.warn(msg, UndefinedMultipleWarning, stacklevel=outside_stacklevel(3))


@overload
def negative_earnings_share(
    earnings: pd.DataFrame, weights: pd.DataFrame | None = ...
) -> pd.Series[float]: ...
@overload
def negative_earnings_share(
    earnings: pd.Series[float] | Array1D | Sequence[float],
    weights: pd.Series[float] | Array1D | Sequence[float] | None = ...,
) -> float: ...
@overload
def negative_earnings_share(
    earnings: ArrayLike2D, weights: ArrayLike2D | None = ...
) -> FloatArray: ...
@per_date(name="negative_earnings_share", others=("weights",))
def negative_earnings_share(earnings: Any, weights: Any = None) -> Any:
    r"""Compute the share of constituents with earnings of zero or less.

    Small-cap indices hold many loss-makers; this is the number to report
    beside their multiple.

    Parameters
    ----------
    earnings : Series, DataFrame or array-like of float
        Earnings of each constituent: one-dimensional for one date,
        two-dimensional for dates x constituents. NaN marks a missing value.
    weights : Series, DataFrame or array-like of float, optional
        Weights or market values of the same constituents (normalized
        inside). Without them every constituent counts once.

    Returns
    -------
    float, Series or numpy.ndarray
        One share between 0 and 1 per date (a float for one-dimensional
        input, a Series indexed by the dates of a DataFrame). NaN for a date
        without a constituent to count.

    Raises
    ------
    InputError
        For non-numeric, boolean or infinite data, or negative weights.
    AlignmentError
        If ``weights`` covers other constituents or dates.

    See Also
    --------
    aggregate_multiple : The index multiple these loss-makers affect.

    Notes
    -----
    With weights :math:`w_i` (1 without them) over the constituents whose
    earnings (and weight) are present,

    .. math:: s = \frac{\sum_i w_i \, [E_i \le 0]}{\sum_i w_i}

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.negative_earnings_share([25.0, 20.0, 5.0, 4.0, -4.0])
    0.2
    >>> rk.negative_earnings_share([25.0, 20.0, 5.0, 4.0, -4.0],
    ...                            weights=[500.0, 300.0, 100.0, 60.0, 40.0])
    0.04
    """
    earnings_panel = as_constituents(earnings, "earnings")
    values = earnings_panel.values
    if weights is None:
        weight_values = np.ones_like(values)
    else:
        weight_panel = as_constituents(weights, "weights")
        earnings_panel, weight_values = align_constituents(earnings_panel, weight_panel)
        values = earnings_panel.values
        check_sign(
            weight_panel,
            allow_zero=True,
            expected="weights or market values of zero or more",
        )
    present = ~np.isnan(values) & ~np.isnan(weight_values)
    counted = np.where(present, weight_values, 0.0)
    with np.errstate(invalid="ignore", divide="ignore"):
        losing = np.where(present & (values <= 0.0), weight_values, 0.0).sum(axis=1)
        total = counted.sum(axis=1)
        share = np.where(total > 0.0, losing / total, np.nan)
    return wrap_over_dates(share, earnings_panel, name="negative_earnings_share")


# --------------------------------------------------------------------------
# multiples over time: yields and gaps
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Pair:
    """Two inputs matched period by period; ``second`` is broadcast over assets."""

    template: Panel | None  # None when both are single numbers
    first: FloatArray
    second: FloatArray

    def wrap(self, values: FloatArray) -> Any:
        """Return ``values`` in the type of the first input."""
        if self.template is None:
            return float(values[0, 0])
        return wrap_like(values, self.template)


def _pair(
    first: object,
    second: object,
    names: tuple[str, str],
    *,
    positive: str | None = None,
) -> _Pair:
    """Match a series (or number) with a benchmark series (or number).

    With ``positive``, both must hold strictly positive values (described by
    ``positive`` in the error).
    """
    first_name, second_name = names
    first_number = as_number(first, first_name)
    second_number = as_number(second, second_name)
    if first_number is not None:
        if second_number is None:
            msg = (
                f"`{first_name}` is a single number but `{second_name}` is not; "
                f"pass `{first_name}` as a series, or both as numbers"
            )
            raise InputError(msg)
        numbers = ((first_number, first_name), (second_number, second_name))
        if positive is not None:
            for number, name in numbers:
                if number <= 0.0:
                    msg = f"`{name}` must hold {positive}, got {number!r}"
                    raise InputError(msg)
        return _Pair(None, np.array([[first_number]]), np.array([[second_number]]))
    panel = as_panel(first, first_name)
    if positive is not None:
        check_sign(panel, allow_zero=False, expected=positive)
    if second_number is not None:
        if positive is not None and second_number <= 0.0:
            msg = f"`{second_name}` must hold {positive}, got {second_number!r}"
            raise InputError(msg)
        return _Pair(panel, panel.values, np.array([[second_number]]))
    other = as_panel(second, second_name, one_dimensional=True)
    if positive is not None:
        check_sign(other, allow_zero=False, expected=positive)
    panel, other = align(panel, other)
    return _Pair(panel, panel.values, other.values)


@overload
def earnings_yield(multiple: pd.DataFrame) -> pd.DataFrame: ...
@overload
def earnings_yield(multiple: pd.Series[float]) -> pd.Series[float]: ...
@overload
def earnings_yield(multiple: float) -> float: ...
@overload
def earnings_yield(multiple: ArrayLike1D | ArrayLike2D) -> FloatArray: ...
@lazy_over_assets("like")
def earnings_yield(multiple: Any) -> Any:
    r"""Turn a price-earnings multiple into an earnings yield.

    Parameters
    ----------
    multiple : float, Series, DataFrame or array-like of float
        Strictly positive multiples (one number, or one series per segment).

    Returns
    -------
    float, Series, DataFrame or numpy.ndarray
        Earnings yields as fractions (0.05 is 5 %), in the type of
        ``multiple``.

    Raises
    ------
    InputError
        For a multiple of zero or less (a loss-making index has no meaningful
        multiple: divide its earnings by its value instead), for
        non-numeric, boolean or infinite data, or for a multiple so close to
        zero that its inverse overflows.

    See Also
    --------
    yield_gap : Earnings yield minus bond yield.
    aggregate_multiple : Index multiples from constituents.

    Notes
    -----
    .. math:: EY = \frac{1}{M} = \frac{E}{V}

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.earnings_yield(20.0)
    0.05
    """
    number = as_number(multiple, "multiple")
    if number is not None:
        if number <= 0.0:
            msg = f"`multiple` must hold {_POSITIVE_MULTIPLES}, got {number!r}"
            raise InputError(msg)
        inverse = 1.0 / number
        _check_in_range(inverse, "multiple", "the earnings yield")
        return inverse
    panel = as_panel(multiple, "multiple")
    check_sign(panel, allow_zero=False, expected=_POSITIVE_MULTIPLES)
    with np.errstate(over="ignore"):
        yields = 1.0 / panel.values
    _check_in_range(yields, "multiple", "the earnings yield")
    return wrap_like(yields, panel)


def _check_in_range(values: Any, argname: str, what: str) -> None:
    """Raise if a result overflowed the range of floating-point numbers."""
    if np.isinf(values).any():
        msg = (
            f"{what} of `{argname}` overflows the range of floating-point numbers "
            "(about 1.8e308); check the units of the data"
        )
        raise InputError(msg)


@overload
def valuation_gap(
    multiple: pd.DataFrame,
    benchmark_multiple: pd.Series[float] | float,
    *,
    method: GapMethod = ...,
) -> pd.DataFrame: ...
@overload
def valuation_gap(
    multiple: pd.Series[float],
    benchmark_multiple: pd.Series[float] | float,
    *,
    method: GapMethod = ...,
) -> pd.Series[float]: ...
@overload
def valuation_gap(
    multiple: float, benchmark_multiple: float, *, method: GapMethod = ...
) -> float: ...
@overload
def valuation_gap(
    multiple: ArrayLike1D | ArrayLike2D,
    benchmark_multiple: ArrayLike1D | float,
    *,
    method: GapMethod = ...,
) -> FloatArray: ...
@lazy_over_assets("like", others=("benchmark_multiple",))
def valuation_gap(
    multiple: Any, benchmark_multiple: Any, *, method: GapMethod = "ratio"
) -> Any:
    r"""Measure the valuation gap of a segment against a benchmark.

    Parameters
    ----------
    multiple : float, Series, DataFrame or array-like of float
        Multiple of the segment (one number, one series, or one column per
        segment).
    benchmark_multiple : float, Series or array-like of float
        Multiple of the benchmark: one number, or one series broadcast across
        the columns of ``multiple`` (labelled inputs are aligned on dates).
    method : {"ratio", "log", "difference"}, default "ratio"
        ``"ratio"`` gives the premium (positive) or discount (negative) as a
        fraction, ``"log"`` the difference of the logarithms (symmetric, and
        additive over time), ``"difference"`` the spread in multiple points.

    Returns
    -------
    float, Series, DataFrame or numpy.ndarray
        The gap, in the type of ``multiple``.

    Raises
    ------
    InputError
        For multiples of zero or less with ``"ratio"`` or ``"log"``, for
        non-numeric, boolean or infinite data, and for a gap that overflows
        the range of floating-point numbers.
    AlignmentError
        If unlabelled inputs differ in length or labelled ones share no date.
    ValueError
        If ``method`` is unknown.

    See Also
    --------
    zscore : How stretched the gap is against its own history.
    implied_rerating : What closing the gap would be worth.

    Notes
    -----
    With the segment's multiple :math:`a` and the benchmark's :math:`b`,

    .. math::

        g_\text{ratio} = \frac{a}{b} - 1, \qquad
        g_\text{log} = \ln a - \ln b, \qquad
        g_\text{difference} = a - b .

    A 25 % discount (``-0.25``) needs a :math:`1/0.75 - 1 = 33\,\%`
    re-rating to close; the log gap makes discounts and premiums symmetric.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.valuation_gap(15.0, 20.0)
    -0.25
    >>> round(rk.valuation_gap(15.0, 20.0, method="log"), 4)
    -0.2877
    >>> rk.valuation_gap(15.0, 20.0, method="difference")
    -5.0
    """
    method = check_choice(method, "method", _GAPS)
    needs_positive = method in ("ratio", "log")
    pair = _pair(
        multiple,
        benchmark_multiple,
        ("multiple", "benchmark_multiple"),
        positive=_POSITIVE_MULTIPLES if needs_positive else None,
    )
    with np.errstate(over="ignore"):
        if method == "ratio":
            gap = pair.first / pair.second - 1.0
        elif method == "log":
            gap = np.log(pair.first) - np.log(pair.second)
        else:
            gap = pair.first - pair.second
    _check_in_range(gap, "multiple", f"the {method} gap")
    return pair.wrap(gap)


@overload
def yield_gap(
    earnings_yield: pd.DataFrame,
    bond_yield: pd.Series[float] | float,
    *,
    yield_units: YieldUnits = ...,
) -> pd.DataFrame: ...
@overload
def yield_gap(
    earnings_yield: pd.Series[float],
    bond_yield: pd.Series[float] | float,
    *,
    yield_units: YieldUnits = ...,
) -> pd.Series[float]: ...
@overload
def yield_gap(
    earnings_yield: float, bond_yield: float, *, yield_units: YieldUnits = ...
) -> float: ...
@overload
def yield_gap(
    earnings_yield: ArrayLike1D | ArrayLike2D,
    bond_yield: ArrayLike1D | float,
    *,
    yield_units: YieldUnits = ...,
) -> FloatArray: ...
@lazy_over_assets("like", others=("bond_yield",))
def yield_gap(
    earnings_yield: Any, bond_yield: Any, *, yield_units: YieldUnits = "percent"
) -> Any:
    r"""Compute the earnings yield minus the bond yield (the "Fed model" spread).

    Parameters
    ----------
    earnings_yield : float, Series, DataFrame or array-like of float
        Earnings yields as fractions (0.05 for 5 %), as returned by
        :func:`earnings_yield`.
    bond_yield : float, Series or array-like of float
        Bond yields in ``yield_units``: one number, or one series broadcast
        across the columns of ``earnings_yield`` (labelled inputs are aligned
        on dates).
    yield_units : {"percent", "decimal", "bp"}, default "percent"
        How ``bond_yield`` is quoted: 4.26 (percent, as the Federal Reserve's
        H.15 release), 0.0426 (decimal) or 426 (basis points).

    Returns
    -------
    float, Series, DataFrame or numpy.ndarray
        The spread as a fraction (0.012 is 1.2 percentage points), in the type
        of ``earnings_yield``.

    Raises
    ------
    InputError
        If an earnings yield lies outside -1 to 1 (it looks like a percentage:
        divide by 100), or for non-numeric, boolean or infinite data.
    AlignmentError
        If unlabelled inputs differ in length or labelled ones share no date.
    ValueError
        If ``yield_units`` is unknown.

    Warns
    -----
    YieldUnitsWarning
        If the bond yields look as if they were quoted in other units.

    See Also
    --------
    earnings_yield : Earnings yields from multiples.

    Notes
    -----
    With the earnings yield :math:`EY` and the bond yield :math:`y` as
    fractions,

    .. math:: \text{gap} = EY - y .

    A positive gap means equities earn more than bonds yield. The comparison
    is rough: earnings yields are real-like and bond yields nominal, and the
    spread says nothing about growth.

    Examples
    --------
    >>> import rotationkit as rk
    >>> round(rk.yield_gap(0.05, 4.26), 4)
    0.0074
    >>> round(rk.yield_gap(0.05, 426.0, yield_units="bp"), 4)
    0.0074
    """
    units = check_choice(yield_units, "yield_units", ("percent", "decimal", "bp"))
    bond_number = as_number(bond_yield, "bond_yield")
    if bond_number is not None and not np.isnan(bond_number):
        scaled = rescale_yields(
            as_panel(np.array([bond_number]), "bond_yield"), units, to="decimal"
        )
        bond: object = float(scaled.values[0, 0])
    elif bond_number is not None:
        bond = bond_number
    else:
        bond_panel = rescale_yields(
            as_panel(bond_yield, "bond_yield", one_dimensional=True),
            units,
            to="decimal",
        )
        bond = wrap_like(bond_panel.values, bond_panel)
    pair = _pair(earnings_yield, bond, ("earnings_yield", "bond_yield"))
    with np.errstate(invalid="ignore"):
        too_large = np.abs(pair.first) > 1.0
    if too_large.any():
        value = pair.first[too_large][0]
        msg = (
            f"`earnings_yield` must be a fraction (0.05 for 5 %), got {value!r}; "
            "divide percentages by 100"
        )
        raise InputError(msg)
    return pair.wrap(pair.first - pair.second)


# --------------------------------------------------------------------------
# how stretched: causal z-scores and percentile ranks
# --------------------------------------------------------------------------


def _window_and_min_periods(
    window: object, min_periods: object, *, expanding_default: int
) -> tuple[int | None, int]:
    """Validate ``window`` (None for expanding) and ``min_periods`` (None for the default)."""
    size = None if window is None else check_window(window, "window")
    default = expanding_default if size is None else size
    return size, check_min_periods(min_periods, size, default=default)


@overload
def zscore(
    values: pd.DataFrame, *, window: int | None = ..., min_periods: int | None = ...
) -> pd.DataFrame: ...
@overload
def zscore(
    values: pd.Series[float],
    *,
    window: int | None = ...,
    min_periods: int | None = ...,
) -> pd.Series[float]: ...
@overload
def zscore(
    values: ArrayLike1D | ArrayLike2D,
    *,
    window: int | None = ...,
    min_periods: int | None = ...,
) -> FloatArray: ...
@lazy_over_assets("like")
def zscore(
    values: Any, *, window: int | None = None, min_periods: int | None = None
) -> Any:
    r"""Standardize each value against its own history, causally.

    The value at *t* is compared with the mean and standard deviation of the
    values up to and including *t*: all of them (expanding, the default) or
    the last ``window``. Appending data never changes a past z-score.

    Parameters
    ----------
    values : Series, DataFrame or array-like of float
        One series (a valuation gap, a relative multiple) or one column per
        series, oldest first.
    window : int, optional
        Number of periods in a rolling window (``1260`` for five years of
        business days, ``60`` for five years of months). ``None`` (the
        default) uses every period so far.
    min_periods : int, optional
        Fewest valid values a window needs; by default ``window`` for a
        rolling window and 2 for an expanding one (a standard deviation needs
        two values; a larger number avoids noisy early z-scores).

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        The z-scores, with the type, labels and shape of ``values``. NaN where the
        value is NaN, where the window holds fewer than ``max(min_periods,
        2)`` valid values, or where its valid values are all equal.

    Raises
    ------
    InputError
        For empty, non-numeric, boolean or infinite data, or unsorted or
        duplicated time labels.
    ValueError
        If ``window`` or ``min_periods`` is not a positive whole number, or
        ``min_periods`` exceeds ``window``.

    See Also
    --------
    percentile_rank : Where the value ranks in its own history.
    valuation_gap : The gap to standardize.

    Notes
    -----
    With :math:`W_t` the valid values in the window that ends at :math:`t`
    (:math:`n_t` of them),

    .. math::

        z_t = \frac{x_t - \bar x_t}{s_t}, \qquad
        \bar x_t = \frac{1}{n_t}\sum_{x \in W_t} x, \qquad
        s_t = \sqrt{\frac{1}{n_t - 1}\sum_{x \in W_t} (x - \bar x_t)^2},

    the same mean and sample standard deviation (``ddof=1``) as pandas
    ``rolling(window)`` / ``expanding()``. The window includes :math:`x_t`, so
    the score is bounded by :math:`(n_t - 1)/\sqrt{n_t}` in absolute value.

    The moments come from running sums of the values minus their first
    valid value, restarted every ``window`` rows or so (rolling) and checked
    against the window's values where the variance is tiny. Values near 1e6
    with a spread of 1e-3 keep their precision, which naive running sums lose
    (and pandas partly loses); windows with no variation give NaN, not the
    rounding noise. Time and memory are O(T) per column.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> gap = pd.Series([-0.10, -0.12, -0.11, -0.20], name="gap")
    >>> rk.zscore(gap).round(4)
    0       NaN
    1   -0.7071
    2    0.0000
    3   -1.4759
    Name: gap, dtype: float64
    >>> rk.zscore(gap, window=2).round(4)
    0       NaN
    1   -0.7071
    2    0.7071
    3   -0.7071
    Name: gap, dtype: float64
    """
    size, least = _window_and_min_periods(window, min_periods, expanding_default=2)
    # The values are checked for infinite ones in the pass that forms the sums.
    panel = as_panel(values, "values", check_values=False)
    scores, clean = _kernels.checked_causal_zscore(panel.values, size, least)
    if not clean:
        check_value_range(panel, positive=False)
    return wrap_like(scores, panel)


@overload
def percentile_rank(
    values: pd.DataFrame, *, window: int | None = ..., min_periods: int | None = ...
) -> pd.DataFrame: ...
@overload
def percentile_rank(
    values: pd.Series[float],
    *,
    window: int | None = ...,
    min_periods: int | None = ...,
) -> pd.Series[float]: ...
@overload
def percentile_rank(
    values: ArrayLike1D | ArrayLike2D,
    *,
    window: int | None = ...,
    min_periods: int | None = ...,
) -> FloatArray: ...
@lazy_over_assets("like")
def percentile_rank(
    values: Any, *, window: int | None = None, min_periods: int | None = None
) -> Any:
    r"""Rank each value within its own history, causally.

    The value at *t* is ranked among the values up to and including *t*: all
    of them (expanding, the default) or the last ``window``. 1.0 means the
    highest so far, a value near 0 the lowest.

    Parameters
    ----------
    values : Series, DataFrame or array-like of float
        One series or one column per series, oldest first.
    window : int, optional
        Number of periods in a rolling window; ``None`` (the default) uses
        every period so far.
    min_periods : int, optional
        Fewest valid values a window needs; by default ``window`` for a
        rolling window and 1 for an expanding one.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        Ranks in :math:`(0, 1]` with the type, labels and shape of
        ``values``. NaN where the value is NaN or the window holds fewer than
        ``min_periods`` valid values.

    Raises
    ------
    InputError
        For empty, non-numeric, boolean or infinite data, or unsorted or
        duplicated time labels.
    ValueError
        If ``window`` or ``min_periods`` is not a positive whole number, or
        ``min_periods`` exceeds ``window``.

    See Also
    --------
    zscore : Distance from the mean in standard deviations.

    Notes
    -----
    With :math:`W_t` the :math:`n_t` valid values of the window ending at
    :math:`t`, ties taking their average rank,

    .. math::

        p_t = \frac{1}{n_t}\Big(\#\{x \in W_t : x < x_t\}
              + \frac{\#\{x \in W_t : x = x_t\} + 1}{2}\Big),

    the same as pandas ``rolling(window).rank(pct=True)`` (or
    ``expanding()``). Ranks come from a wavelet matrix over the values' order:
    O(T log T) time and O(T) memory per column, whatever the window.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> gap = pd.Series([-0.10, -0.12, -0.11, -0.20], name="gap")
    >>> rk.percentile_rank(gap)
    0    1.000000
    1    0.500000
    2    0.666667
    3    0.250000
    Name: gap, dtype: float64
    """
    size, least = _window_and_min_periods(window, min_periods, expanding_default=1)
    panel = as_panel(values, "values")
    return wrap_like(_kernels.causal_percentile_rank(panel.values, size, least), panel)


# --------------------------------------------------------------------------
# how fast gaps close: AR(1) half-life
# --------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class HalfLife:
    r"""Mean reversion of a series measured by an AR(1) fit.

    Returned by :func:`half_life`; see there for the definitions.

    Parameters
    ----------
    phi : float
        The AR(1) coefficient :math:`\phi`.
    phi_stderr : float
        Its classical OLS standard error.
    intercept : float
        The intercept :math:`c`.
    long_run_mean : float
        The level the series reverts to, :math:`c / (1 - \phi)` (NaN when
        :math:`\phi = 1`).
    half_life : float
        Periods for a deviation from the long-run mean to halve: finite for
        :math:`0 < \phi < 1`, ``inf`` for :math:`\phi \ge 1`, NaN for
        :math:`\phi \le 0`.
    half_life_years : float or None
        The half-life in years, for a series indexed by dates (``None``
        otherwise).
    half_life_timedelta : Timedelta or None
        The half-life as a calendar duration (``None`` without dates, or when
        it is not finite or too long for a Timedelta).
    period : Timedelta or None
        The average calendar length of one period of the data.
    nobs : int
        Number of consecutive pairs in the fit.
    reason : str or None
        Why the half-life is not finite, ``None`` when it is.

    See Also
    --------
    half_life : Build this object.

    Examples
    --------
    >>> import rotationkit as rk
    >>> fit = rk.half_life([1.0, 0.5, 0.3, 0.1, 0.2, 0.05, 0.1, 0.0])
    >>> round(fit.phi, 4), round(fit.half_life, 2)
    (0.4611, 0.9)
    """

    phi: float
    phi_stderr: float
    intercept: float
    long_run_mean: float
    half_life: float
    half_life_years: float | None
    half_life_timedelta: pd.Timedelta | None
    period: pd.Timedelta | None
    nobs: int
    reason: str | None

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            One entry per field, in the order of the class.

        Examples
        --------
        >>> import rotationkit as rk
        >>> fit = rk.half_life([1.0, 0.5, 0.3, 0.1, 0.2, 0.05, 0.1, 0.0])
        >>> sorted(fit.to_dict())[:3]
        ['half_life', 'half_life_timedelta', 'half_life_years']
        """
        return {
            "phi": self.phi,
            "phi_stderr": self.phi_stderr,
            "intercept": self.intercept,
            "long_run_mean": self.long_run_mean,
            "half_life": self.half_life,
            "half_life_years": self.half_life_years,
            "half_life_timedelta": self.half_life_timedelta,
            "period": self.period,
            "nobs": self.nobs,
            "reason": self.reason,
        }

    def __repr__(self) -> str:
        years = (
            ""
            if self.half_life_years is None or not math.isfinite(self.half_life_years)
            else f" ({self.half_life_years:.2f} years)"
        )
        why = "" if self.reason is None else f", reason={self.reason!r}"
        return (
            f"HalfLife(phi={self.phi:.4f} ± {self.phi_stderr:.4f}, "
            f"half_life={self.half_life:.4g} periods{years}, nobs={self.nobs}{why})"
        )


def half_life(values: Any) -> HalfLife:
    r"""Estimate how fast a series reverts to its mean (AR(1) half-life).

    Parameters
    ----------
    values : Series or array-like of float
        One series, oldest first (a valuation gap, a relative multiple). A
        DatetimeIndex adds the half-life in calendar terms. Missing values
        drop the pairs they belong to.

    Returns
    -------
    HalfLife
        ``phi``, its standard error, the intercept, the long-run mean, the
        half-life in periods (and in years and as a Timedelta with dates),
        the number of pairs, and the reason when the half-life is not finite.

    Raises
    ------
    InputError
        For fewer than three consecutive pairs, a series that does not vary,
        more than one column, or non-numeric, boolean or infinite data.

    See Also
    --------
    implied_rerating : Spread a re-rating over the half-life.
    zscore : How far the series is from its mean now.

    Notes
    -----
    Ordinary least squares on consecutive pairs,

    .. math::

        x_t = c + \phi\, x_{t-1} + \varepsilon_t, \qquad
        h = \frac{\ln 0.5}{\ln \phi} \quad (0 < \phi < 1),

    so that a deviation from the long-run mean :math:`c/(1-\phi)` shrinks by
    the factor :math:`\phi` each period and halves in :math:`h` periods. For
    :math:`\phi \ge 1` the series does not revert (a random walk or worse):
    :math:`h = \infty`. For :math:`\phi \le 0` it overshoots its mean every
    period, so a half-life is not defined (NaN); both cases say so in
    ``reason``. The standard error is the classical OLS one
    (:math:`\hat\sigma^2 / \sum (x_{t-1} - \bar x)^2` with :math:`n - 2`
    degrees of freedom); ``phi`` equals the lag coefficient of
    ``statsmodels`` ``AutoReg(values, lags=1)``. In small samples the OLS
    :math:`\phi` is biased towards zero (the half-life towards short), and a
    unit-root test, not this standard error, says whether reversion is real.
    (``AutoReg`` divides the residual variance by :math:`n` instead, so its
    standard error is smaller by :math:`\sqrt{(n-2)/n}`; ``statsmodels``
    ``OLS`` matches this one.)

    In calendar terms, one period is the average spacing of the dates,
    :math:`(d_\text{last} - d_\text{first})/(T - 1)`, so business-daily data
    count weekends and holidays.

    References
    ----------
    .. [1] Hamilton, J. D. (1994). *Time Series Analysis*, ch. 3. Princeton
       University Press.

    Examples
    --------
    >>> import rotationkit as rk
    >>> fit = rk.half_life([1.0, 0.5, 0.3, 0.1, 0.2, 0.05, 0.1, 0.0])
    >>> round(fit.phi, 4), round(fit.half_life, 2), fit.nobs
    (0.4611, 0.9, 7)
    """
    panel = as_panel(values, "values", one_dimensional=True)
    phis, intercepts, stderrs, pairs = _kernels.lag_one_regression(panel.values)
    phi, nobs = float(phis[0]), int(pairs[0])
    if nobs < 3:
        msg = (
            f"`values` has {nobs} pairs of consecutive valid values; an AR(1) fit "
            "needs at least 3"
        )
        raise InputError(msg)
    if math.isnan(phi):
        msg = "`values` does not vary over the fit; an AR(1) coefficient is undefined"
        raise InputError(msg)
    intercept = float(intercepts[0])
    periods, reason = _half_life_periods(phi)
    period = _period_length(panel)
    years: float | None = None
    duration: pd.Timedelta | None = None
    if period is not None:
        years = periods * (period / pd.Timedelta(days=_DAYS_PER_YEAR))
        if math.isfinite(periods):
            try:
                duration = pd.Timedelta(period * periods)
            except (OverflowError, ValueError):
                duration = None
    return HalfLife(
        phi=phi,
        phi_stderr=float(stderrs[0]),
        intercept=intercept,
        long_run_mean=intercept / (1.0 - phi) if phi != 1.0 else math.nan,
        half_life=periods,
        half_life_years=years,
        half_life_timedelta=duration,
        period=period,
        nobs=nobs,
        reason=reason,
    )


def _half_life_periods(phi: float) -> tuple[float, str | None]:
    """Return the half-life in periods for ``phi`` and why it is not finite."""
    if phi >= 1.0:
        return math.inf, (
            "phi >= 1: the series does not revert to a mean (a random walk or an "
            "explosive series)"
        )
    if phi <= 0.0:
        return math.nan, (
            "phi <= 0: the series overshoots its mean every period, so a "
            "half-life is not defined"
        )
    return math.log(0.5) / math.log(phi), None


def _period_length(panel: Panel) -> pd.Timedelta | None:
    """Return the average spacing of the dates of ``panel`` (``None`` without dates)."""
    if not isinstance(panel.index, pd.DatetimeIndex) or len(panel.index) < 2:
        return None
    span: pd.Timedelta = panel.index[-1] - panel.index[0]
    period: pd.Timedelta = span / (len(panel.index) - 1)
    return period


# --------------------------------------------------------------------------
# what closing the gap would be worth
# --------------------------------------------------------------------------


@overload
def implied_rerating(
    multiple: pd.DataFrame,
    benchmark_multiple: pd.Series[float],
    *,
    target: RerateTarget | float = ...,
    window: int | None = ...,
    min_periods: int | None = ...,
    half_life: HalfLife | float | None = ...,
    periods_per_year: float | None = ...,
) -> pd.DataFrame: ...
@overload
def implied_rerating(
    multiple: pd.Series[float],
    benchmark_multiple: pd.Series[float],
    *,
    target: RerateTarget | float = ...,
    window: int | None = ...,
    min_periods: int | None = ...,
    half_life: HalfLife | float | None = ...,
    periods_per_year: float | None = ...,
) -> pd.Series[float]: ...
@overload
def implied_rerating(
    multiple: ArrayLike1D | ArrayLike2D,
    benchmark_multiple: ArrayLike1D,
    *,
    target: RerateTarget | float = ...,
    window: int | None = ...,
    min_periods: int | None = ...,
    half_life: HalfLife | float | None = ...,
    periods_per_year: float | None = ...,
) -> FloatArray: ...
@lazy_over_assets("like", others=("benchmark_multiple",))
def implied_rerating(
    multiple: Any,
    benchmark_multiple: Any,
    *,
    target: RerateTarget | float = "mean",
    window: int | None = None,
    min_periods: int | None = None,
    half_life: HalfLife | float | None = None,
    periods_per_year: float | None = None,
) -> Any:
    r"""Compute the relative price move implied if a valuation gap closed.

    The relative multiple (segment over benchmark) is compared with its
    causal mean or median, or with a target you give: the move is what the
    segment would gain against the benchmark if the relative multiple went
    back there while earnings stayed put.

    Parameters
    ----------
    multiple : Series, DataFrame or array-like of float
        Strictly positive multiples of the segment, one column per segment.
    benchmark_multiple : Series or array-like of float
        Strictly positive multiples of the benchmark, broadcast across the
        columns of ``multiple`` (labelled inputs are aligned on dates).
    target : {"mean", "median"} or float, default "mean"
        Where the relative multiple reverts to: its mean or median up to and
        including each date (expanding, or over ``window``), or a given
        relative multiple (0.85 for "small caps at 85 % of the large-cap
        multiple").
    window : int, optional
        Rolling window for the mean or median; ``None`` (the default) uses
        every period so far.
    min_periods : int, optional
        Fewest valid values the mean or median needs; by default ``window``
        (rolling) or 1 (expanding).
    half_life : HalfLife or float, optional
        Spread the move over the reversion: with a half-life (a
        :class:`HalfLife`, or a number of periods of ``multiple``) the result
        is the annualized move over one half-life instead of the total. A
        fitted :class:`HalfLife` with dates is used in calendar time
        (``half_life_years``), so it may come from data of another frequency.
    periods_per_year : float, optional
        Periods in a year of ``multiple``, to turn a half-life given as a
        number of periods into years; inferred from a DatetimeIndex when not
        given.

    Returns
    -------
    Series, DataFrame or numpy.ndarray
        The implied relative move as a fraction (0.30 is +30 % against the
        benchmark), in the type of ``multiple``. NaN where the target is not
        available yet.

    Raises
    ------
    InputError
        For multiples (or a target) of zero or less, or non-numeric, boolean
        or infinite data.
    FrequencyError
        If ``half_life`` is given without ``periods_per_year`` and the
        frequency cannot be inferred.
    AlignmentError
        If unlabelled inputs differ in length or labelled ones share no date.
    ValueError
        If ``target`` is unknown, or ``window``, ``min_periods`` or
        ``half_life`` are not positive.

    See Also
    --------
    valuation_gap : The gap itself.
    half_life : How fast such gaps have closed.

    Notes
    -----
    With the relative multiple :math:`R_t = a_t / b_t` and the target
    :math:`R^*_t` (for example the mean of :math:`R` up to :math:`t`),

    .. math:: \rho_t = \frac{R^*_t}{R_t} - 1 .

    With a half-life of :math:`y` years (:math:`y = h / P` for :math:`h`
    periods and :math:`P` periods per year), half of the log move happens in
    the first :math:`y` years, and the annualized move over that half-life is

    .. math:: \rho^\text{ann}_t = (1 + \rho_t)^{1 / (2y)} - 1 ,

    zero for an infinite half-life (NaN stays NaN). Both assume earnings grow alike in the
    two segments: the move is a re-rating, not a forecast.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> small = pd.Series([16.0, 15.0, 14.0, 12.0])
    >>> large = pd.Series([20.0, 20.0, 20.0, 20.0])
    >>> rk.implied_rerating(small, large).round(4)
    0    0.0000
    1    0.0333
    2    0.0714
    3    0.1875
    dtype: float64
    >>> rk.implied_rerating(small, large, target=0.8).round(4).tolist()
    [0.0, 0.0667, 0.1429, 0.3333]
    """
    pair = _pair(
        multiple,
        benchmark_multiple,
        ("multiple", "benchmark_multiple"),
        positive=_POSITIVE_MULTIPLES,
    )
    if pair.template is None:
        msg = "`multiple` must be a series of multiples over time, got a single number"
        raise InputError(msg)
    relative = pair.first / pair.second
    fixed = as_number(target, "target")
    if fixed is not None:
        if not fixed > 0.0:
            msg = f"`target` must be a positive relative multiple, got {fixed!r}"
            raise InputError(msg)
        goal = np.full_like(relative, fixed)
    else:
        statistic = check_choice(target, "target", _TARGETS)
        size, least = _window_and_min_periods(window, min_periods, expanding_default=1)
        if statistic == "mean":
            goal = _kernels.rolling_mean(
                relative, relative.shape[0] if size is None else size, least
            )
        else:
            goal = _kernels.causal_median(relative, size, least)
    rerating = goal / relative - 1.0
    if half_life is not None:
        rerating = _annualize_over_half_life(
            rerating, half_life, periods_per_year, pair.template
        )
    return pair.wrap(rerating)


def _annualize_over_half_life(
    rerating: FloatArray,
    half_life: HalfLife | float,
    periods_per_year: float | None,
    template: Panel,
) -> FloatArray:
    """Return the annualized move over the first half-life: ``(1 + r)^(1 / 2y) - 1``.

    ``y`` is the half-life in years: a fitted :class:`HalfLife` carries it in
    calendar terms (``half_life_years``), so a half-life fitted on monthly data
    stays right when applied to daily multiples; a plain number is a count of
    periods of ``multiple`` and is converted with ``periods_per_year``. A
    missing re-rating stays missing, whatever the half-life.
    """
    periods = half_life.half_life if isinstance(half_life, HalfLife) else half_life
    if isinstance(periods, (bool, np.bool_)) or not isinstance(
        periods, (int, float, np.integer, np.floating)
    ):
        msg = (
            f"`half_life` must be a HalfLife or a number of periods, got {half_life!r}"
        )
        raise TypeError(msg)
    number = float(periods)
    if not number > 0.0:  # also refuses NaN, e.g. a fit that overshoots its mean
        reason = half_life.reason if isinstance(half_life, HalfLife) else None
        why = f" ({reason})" if reason else ""
        msg = f"`half_life` must be a positive number of periods, got {number!r}{why}"
        raise ValueError(msg)
    if isinstance(half_life, HalfLife) and half_life.half_life_years is not None:
        years = half_life.half_life_years
    else:
        years = number / resolve_periods_per_year(periods_per_year, template)
    exponent = 0.0 if math.isinf(years) else 1.0 / (2.0 * years)
    annualized: FloatArray = np.where(
        np.isnan(rerating), np.nan, np.power(1.0 + rerating, exponent) - 1.0
    )
    return annualized
