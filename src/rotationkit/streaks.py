r"""Consecutive-outperformance streaks and how unusual they are.

"Small caps beat the Nasdaq for ten sessions in a row, the longest run in over
30 years": this module produces every part of such a statement from your own
returns, for one asset or for thousands at once.

* :func:`outperformance` marks the periods in which an asset beat its
  benchmark; :func:`run_lengths` lists the runs of any boolean condition.
* :func:`streaks`, :func:`current_streak` and :func:`longest_streak` describe
  the runs of outperformance.
* :func:`streak_context` puts the run in progress in context: its rank, the
  last earlier run at least as long ("the longest since ..."), the record,
  and the probability of a run that long by chance.
* :func:`longest_run_probability`, :func:`expected_longest_run` and
  :func:`runs_test` are the probability tools behind it.

Conventions
-----------
* An asset outperforms in a period when ``returns - benchmark > threshold``
  (strictly). A missing value in either input is not outperformance: it ends
  a streak.
* A run (or streak) is a maximal block of consecutive periods that satisfy
  the condition. Its start and end are the labels of its first and last
  period (row positions for unlabelled arrays), its length the number of
  periods.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, overload

import numpy as np
import pandas as pd

from rotationkit import _kernels
from rotationkit._frequency import infer_periods_per_year
from rotationkit._inputs import (
    Panel,
    as_bool_panel,
    check_window,
    label_at,
    lazy_over_assets,
    panel_and_benchmark,
    row_on_or_before,
    table_result,
    wrap_asset_runs,
    wrap_counts,
    wrap_like,
    wrap_runs,
)
from rotationkit.errors import FrequencyError, InputError

if TYPE_CHECKING:
    from collections.abc import Hashable, Sequence

    import numpy.typing as npt

    from rotationkit._typing import Array1D, ArrayLike1D, ArrayLike2D

    BoolArray = npt.NDArray[np.bool_]
    CountArray = npt.NDArray[np.intp]
    Condition = pd.Series[bool] | pd.DataFrame | npt.NDArray[np.bool_] | Sequence[bool]

__all__ = [
    "Run",
    "RunsTest",
    "StreakContext",
    "current_streak",
    "expected_longest_run",
    "longest_run_probability",
    "longest_streak",
    "outperformance",
    "run_lengths",
    "runs_test",
    "streak_context",
    "streaks",
]

# Words for one period, by the number of periods per year of the data.
_UNITS = {
    252: "session",
    365: "day",
    52: "week",
    12: "month",
    4: "quarter",
    1: "year",
}


# --------------------------------------------------------------------------
# result objects
# --------------------------------------------------------------------------


def _format_label(label: Hashable) -> str:
    """Show a date as ``YYYY-MM-DD`` (with the time if it is not midnight)."""
    if isinstance(label, pd.Timestamp):
        if label == label.normalize():
            return label.strftime("%Y-%m-%d")
        return label.isoformat()
    return str(label)


def _periods(count: int, unit: str) -> str:
    return f"{count:,} {unit}" + ("" if count == 1 else "s")


def _article(count: int) -> str:
    """Return "an" before numbers read with a leading vowel (8, 11, 18, 80...)."""
    digits = str(count)
    eleven_or_eighteen = digits[:2] in ("11", "18") and len(digits) % 3 == 2
    return "an" if digits.startswith("8") or eleven_or_eighteen else "a"


def _format_chance(probability: float) -> str:
    if probability >= 0.995:
        return "over 99 %"
    if probability >= 0.01:
        return f"{probability:.0%}".replace("%", " %")
    if probability <= 0.0:
        return "0"
    return f"about 1 in {round(1.0 / probability):,}"


@dataclass(frozen=True, slots=True, repr=False)
class Run:
    """One run of consecutive outperformance.

    Parameters
    ----------
    start, end : hashable
        Labels of the first and last period of the run (row positions for
        unlabelled arrays).
    length : int
        Number of periods in the run.
    relative_return : float
        Compounded return of the asset over the run divided by that of the
        benchmark, minus 1.

    See Also
    --------
    longest_streak : The longest run of an asset.
    streak_context : Where these runs come from.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.Run(start=3, end=5, length=3, relative_return=0.021)
    Run(start=3, end=5, length=3, relative_return=0.021)
    """

    start: Hashable
    end: Hashable
    length: int
    relative_return: float

    def __repr__(self) -> str:
        return (
            f"Run(start={_format_label(self.start)}, end={_format_label(self.end)}, "
            f"length={self.length}, relative_return={self.relative_return:.4g})"
        )

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            ``start``, ``end``, ``length`` and ``relative_return``.

        Examples
        --------
        >>> import rotationkit as rk
        >>> rk.Run(start=3, end=5, length=3, relative_return=0.021).to_dict()
        {'start': 3, 'end': 5, 'length': 3, 'relative_return': 0.021}
        """
        return {
            "start": self.start,
            "end": self.end,
            "length": self.length,
            "relative_return": self.relative_return,
        }


@dataclass(frozen=True, slots=True, repr=False)
class StreakContext:
    """The run of outperformance in progress at a date, in context.

    Returned by :func:`streak_context`; see there for the definitions.

    Parameters
    ----------
    length : int
        Periods in the run in progress at ``asof`` (0 if the asset did not
        outperform in the ``asof`` period).
    start : hashable or None
        Label of the first period of that run (``None`` when ``length`` is 0).
    asof : hashable
        Label of the period the context is for: the last one on or before the
        requested date.
    relative_return : float
        Compounded relative return over the run (NaN when ``length`` is 0).
    rank : int or None
        Rank of the run among all runs up to ``asof`` by length (1 is the
        longest; ties share the best rank). ``None`` when ``length`` is 0.
    n_runs : int
        Number of runs up to ``asof``, the one in progress included.
    earlier_at_least_as_long : int
        Number of earlier runs at least ``length`` periods long.
    longest_since : Run or None
        The last earlier run at least as long, or ``None`` if there is none
        (the run is a record) or no run is in progress.
    record : Run or None
        The longest run that ended before this one started (the earliest of
        equally long ones), or ``None`` if there is none.
    probability : float
        Probability of a run at least ``length`` long somewhere in
        ``n_periods`` independent periods that each outperform with
        probability ``hit_rate``.
    n_periods : int
        Periods up to ``asof`` with both returns present.
    hit_rate : float
        Share of those periods in which the asset outperformed.
    unit : str
        What one period is called ("session", "week", "month", ...).
    data_start : hashable
        Label of the first period where both returns and benchmark have a
        value.

    See Also
    --------
    streak_context : Build this object.

    Examples
    --------
    >>> import rotationkit as rk
    >>> context = rk.streak_context([0.01, 0.02, -0.01, 0.01, 0.02],
    ...                             [0.00, 0.00, 0.00, 0.00, 0.00])
    >>> context.length, context.rank, context.longest_since
    (2, 1, Run(start=0, end=1, length=2, relative_return=0.0302))
    """

    length: int
    start: Hashable | None
    asof: Hashable
    relative_return: float
    rank: int | None
    n_runs: int
    earlier_at_least_as_long: int
    longest_since: Run | None
    record: Run | None
    probability: float
    n_periods: int
    hit_rate: float
    unit: str
    data_start: Hashable

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary (runs as nested dictionaries).

        Returns
        -------
        dict
            One entry per field, in the order of the class.

        Examples
        --------
        >>> import rotationkit as rk
        >>> context = rk.streak_context([0.01, -0.01, 0.02], [0.0, 0.0, 0.0])
        >>> context.to_dict()["length"]
        1
        """
        return {
            "length": self.length,
            "start": self.start,
            "asof": self.asof,
            "relative_return": self.relative_return,
            "rank": self.rank,
            "n_runs": self.n_runs,
            "earlier_at_least_as_long": self.earlier_at_least_as_long,
            "longest_since": _run_dict(self.longest_since),
            "record": _run_dict(self.record),
            "probability": self.probability,
            "n_periods": self.n_periods,
            "hit_rate": self.hit_rate,
            "unit": self.unit,
            "data_start": self.data_start,
        }

    def to_frame(self) -> pd.DataFrame:
        """Return the fields as a one-row DataFrame, runs spread over columns.

        Returns
        -------
        DataFrame
            Columns such as ``length``, ``start``, ``longest_since_end`` and
            ``record_length``.

        Examples
        --------
        >>> import rotationkit as rk
        >>> context = rk.streak_context([0.01, -0.01, 0.02], [0.0, 0.0, 0.0])
        >>> context.to_frame()[["length", "rank", "n_runs"]]
           length  rank  n_runs
        0       1     1       2
        """
        flat: dict[str, Any] = {}
        for key, value in self.to_dict().items():
            if key in ("longest_since", "record"):
                run = value or dict.fromkeys(
                    ("start", "end", "length", "relative_return")
                )
                flat.update({f"{key}_{field}": item for field, item in run.items()})
            else:
                flat[key] = value
        frame: pd.DataFrame = pd.DataFrame([flat])
        return frame

    def summary(self) -> str:
        """Say in one sentence how long the run is and how unusual.

        Returns
        -------
        str
            For example "8 sessions (2026-01-12 → 2026-01-22); longest since a
            9-session run ending 2022-12-27; ...".

        Examples
        --------
        >>> import rotationkit as rk
        >>> context = rk.streak_context([0.01, 0.02, -0.01, 0.01, 0.02],
        ...                             [0.00, 0.00, 0.00, 0.00, 0.00])
        >>> context.summary()  # doctest: +ELLIPSIS
        '2 periods (3 → 4); longest since a 2-period run ending 1; chance ...'
        """
        if self.length == 0:
            return self._summary_without_run()
        span = f"({_format_label(self.start)} → {_format_label(self.asof)})"
        head = f"{_periods(self.length, self.unit)} {span}"
        return f"{head}; {self._standing()}; {self._chance()}"

    def _summary_without_run(self) -> str:
        text = f"no run in progress on {_format_label(self.asof)}"
        if self.record is not None:
            text += f"; the record is {self._describe(self.record)}"
        return text[0].upper() + text[1:]

    def _describe(self, run: Run) -> str:
        return (
            f"{_article(run.length)} {run.length}-{self.unit} run ending "
            f"{_format_label(run.end)}"
        )

    def _standing(self) -> str:
        if self.longest_since is not None:
            return f"longest since {self._describe(self.longest_since)}"
        since = f"since {_format_label(self.data_start)}"
        if self.record is None:
            return f"the first run in the data ({since})"
        return (
            f"the longest in the data ({since}), beating {self._describe(self.record)}"
        )

    def _chance(self) -> str:
        return (
            f"chance of a run at least this long in "
            f"{_periods(self.n_periods, self.unit)} at the observed "
            f"{self.hit_rate:.1%} hit rate: {_format_chance(self.probability)}"
        ).replace("%", " %", 1)

    def __repr__(self) -> str:
        rank = "n/a" if self.rank is None else f"{self.rank} of {self.n_runs}"
        start = None if self.start is None else _format_label(self.start)
        return (
            "StreakContext(\n"
            f"  length={self.length} {self.unit}(s), start={start}, "
            f"asof={_format_label(self.asof)}, "
            f"relative_return={self.relative_return:.4g},\n"
            f"  rank={rank}, earlier_at_least_as_long="
            f"{self.earlier_at_least_as_long},\n"
            f"  longest_since={self.longest_since!r},\n"
            f"  record={self.record!r},\n"
            f"  probability={self.probability:.4g} (n_periods={self.n_periods}, "
            f"hit_rate={self.hit_rate:.4g})\n"
            ")"
        )


def _run_dict(run: Run | None) -> dict[str, Any] | None:
    return None if run is None else run.to_dict()


@dataclass(frozen=True, slots=True, repr=False)
class RunsTest:
    """Result of the Wald-Wolfowitz runs test (:func:`runs_test`).

    Parameters
    ----------
    statistic : float
        Standardized number of runs :math:`z` (negative: fewer runs, that is
        longer streaks, than under independence).
    pvalue : float
        Two-sided p-value from the normal approximation.
    n_runs : int
        Number of runs of True and of False.
    expected_runs : float
        Expected number of runs given the counts of True and False.
    n_true, n_false : int
        Counts of True and False values.

    See Also
    --------
    runs_test : Run the test.

    Examples
    --------
    >>> import rotationkit as rk
    >>> result = rk.runs_test([True, True, False, True, False, False])
    >>> result.n_runs, result.expected_runs
    (4, 4.0)
    """

    statistic: float
    pvalue: float
    n_runs: int
    expected_runs: float
    n_true: int
    n_false: int

    def to_dict(self) -> dict[str, Any]:
        """Return the fields as a dictionary.

        Returns
        -------
        dict
            ``statistic``, ``pvalue``, ``n_runs``, ``expected_runs``,
            ``n_true`` and ``n_false``.

        Examples
        --------
        >>> import rotationkit as rk
        >>> rk.runs_test([True, False, True, False]).to_dict()["n_runs"]
        4
        """
        return {
            "statistic": self.statistic,
            "pvalue": self.pvalue,
            "n_runs": self.n_runs,
            "expected_runs": self.expected_runs,
            "n_true": self.n_true,
            "n_false": self.n_false,
        }

    def __repr__(self) -> str:
        return (
            f"RunsTest(statistic={self.statistic:.4g}, pvalue={self.pvalue:.4g}, "
            f"n_runs={self.n_runs}, expected_runs={self.expected_runs:.4g}, "
            f"n_true={self.n_true}, n_false={self.n_false})"
        )


# --------------------------------------------------------------------------
# argument checks and shared steps
# --------------------------------------------------------------------------


def _check_threshold(threshold: object) -> float:
    if isinstance(threshold, bool) or not isinstance(
        threshold, (int, float, np.integer, np.floating)
    ):
        msg = (
            "`threshold` must be a number (a return difference such as 0.001), "
            f"got {threshold!r}"
        )
        raise TypeError(msg)
    value = float(threshold)
    if not math.isfinite(value):
        msg = f"`threshold` must be a finite number, got {threshold!r}"
        raise ValueError(msg)
    return value


def _check_count(value: object, argname: str) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)):
        msg = f"`{argname}` must be a whole number, got {value!r}"
        raise TypeError(msg)
    if value < 0:
        msg = f"`{argname}` must be zero or more, got {value!r}"
        raise ValueError(msg)
    return int(value)


def _check_probability(value: object) -> float:
    if isinstance(value, bool) or not isinstance(
        value, (int, float, np.integer, np.floating)
    ):
        msg = f"`p` must be a probability (a number from 0 to 1), got {value!r}"
        raise TypeError(msg)
    number = float(value)
    if not 0.0 <= number <= 1.0:  # also rejects NaN
        msg = f"`p` must be a probability from 0 to 1, got {value!r}"
        raise ValueError(msg)
    return number


def _outperformance_runs(
    returns: Panel, benchmark: Panel, threshold: float
) -> tuple[_kernels.RunTable, npt.NDArray[np.float64]]:
    """Return every run of outperformance (by asset, then start) and its relative return."""
    mask = _kernels.outperformance_mask(returns.values, benchmark.values, threshold)
    runs = _kernels.run_length_encode(mask)
    growth = _kernels.run_relative_growth(returns.values, benchmark.values, runs)
    return runs, growth


# --------------------------------------------------------------------------
# conditions and runs
# --------------------------------------------------------------------------


@overload
def outperformance(
    returns: pd.DataFrame,
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> pd.DataFrame: ...
@overload
def outperformance(
    returns: pd.Series[float],
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> pd.Series[bool]: ...
@overload
def outperformance(
    returns: ArrayLike1D | ArrayLike2D,
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> BoolArray: ...
@lazy_over_assets("like", dtype=np.bool_, others=("benchmark",))
def outperformance(returns: Any, benchmark: Any, *, threshold: float = 0.0) -> Any:
    r"""Mark the periods in which an asset beat its benchmark.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Period returns of one asset (1-D) or several assets (periods x
        assets).
    benchmark : Series or array-like of float
        Period returns of the benchmark, broadcast across the columns of
        ``returns``.
    threshold : float, default 0.0
        Margin the return difference must exceed (0.001 is 0.1 percentage
        point a period).

    Returns
    -------
    Series, DataFrame or numpy.ndarray of bool
        True where ``returns - benchmark > threshold``, with the type and
        names of ``returns`` and the periods the two inputs share.

    Raises
    ------
    InputError
        For empty, non-numeric or infinite input, or a ``benchmark`` with
        several columns.
    AlignmentError
        If unlabelled inputs differ in length, or labelled ones share no
        period.
    TypeError
        If ``threshold`` is not a number.
    ValueError
        If ``threshold`` is not finite.

    See Also
    --------
    run_lengths : The runs of any boolean condition.
    streaks : The runs of outperformance with their relative returns.

    Notes
    -----
    .. math:: o_t = \mathbb{1}\left[\, r_t - b_t > \tau \,\right]

    with threshold :math:`\tau`. The comparison is strict, so a tie is not
    outperformance. A missing value in either input gives False: a period
    that cannot be compared ends a streak. Labelled inputs are aligned on
    their common labels.

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.date_range("2026-01-05", periods=4, freq="B")
    >>> small = pd.Series([0.010, 0.002, 0.004, None], index=idx, name="small")
    >>> large = pd.Series([0.005, 0.002, -0.001, 0.003], index=idx)
    >>> rk.outperformance(small, large)
    2026-01-05     True
    2026-01-06    False
    2026-01-07     True
    2026-01-08    False
    Freq: B, Name: small, dtype: bool
    """
    level = _check_threshold(threshold)
    returns_panel, benchmark_panel = panel_and_benchmark(returns, benchmark)
    mask = _kernels.outperformance_mask(
        returns_panel.values, benchmark_panel.values, level
    )
    return wrap_like(mask, returns_panel)


@table_result()
def run_lengths(condition: Condition) -> pd.DataFrame:
    r"""List the runs of True in a boolean series or panel.

    Use it with any condition, for example "closed above its 50-day average"
    (``prices > prices.rolling(50).mean()``).

    Parameters
    ----------
    condition : Series, DataFrame or array-like of bool
        One condition (1-D) or one per asset (periods x assets). A missing
        value of a nullable boolean (``pd.NA``) counts as False.

    Returns
    -------
    DataFrame
        One row per run, sorted by start (then by asset), with columns
        ``start`` and ``end`` (labels of the first and last period; row
        positions for arrays) and ``length`` (periods), and first an
        ``asset`` column for two-dimensional input.

    Raises
    ------
    InputError
        If ``condition`` is empty, not boolean, has more than two dimensions,
        or has unsorted or duplicated labels.

    See Also
    --------
    streaks : Runs of outperformance against a benchmark.
    runs_test : Test whether the runs are longer than chance makes them.

    Notes
    -----
    A run is a maximal block of consecutive True values
    :math:`c_s = c_{s+1} = \dots = c_e = \text{True}` with
    :math:`c_{s-1}` and :math:`c_{e+1}` False or outside the data; its
    length is :math:`e - s + 1`. The lengths add up to the number of True
    values and runs never overlap.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.run_lengths([True, True, False, True, False, True, True, True])
       start  end  length
    0      0    1       2
    1      3    3       1
    2      5    7       3
    """
    panel = as_bool_panel(condition, "condition")
    if panel.ndim == 2:
        runs = _kernels.run_table_by_start(panel.values)
    else:
        runs = _kernels.run_length_encode(panel.values)
    return wrap_runs(panel, runs.starts, runs.lengths, runs.columns)


@table_result()
def streaks(
    returns: pd.Series[float] | pd.DataFrame | ArrayLike1D | ArrayLike2D,
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = 0.0,
    min_length: int = 1,
) -> pd.DataFrame:
    r"""List every run of consecutive outperformance with its relative return.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x
        assets).
    benchmark : Series or array-like of float
        Simple period returns of the benchmark, broadcast across assets.
    threshold : float, default 0.0
        Margin the return difference must exceed (see :func:`outperformance`).
    min_length : int, default 1
        Shortest run to list.

    Returns
    -------
    DataFrame
        One row per run, sorted by start (then by asset), with columns
        ``start``, ``end``, ``length`` and ``relative_return``, and first an
        ``asset`` column for two-dimensional input.

    Raises
    ------
    InputError
        For empty, non-numeric or infinite input, a return below -1, or a
        ``benchmark`` with several columns.
    AlignmentError
        If the inputs cannot be matched period by period.
    TypeError
        If ``threshold`` is not a number or ``min_length`` not a whole number.
    ValueError
        If ``threshold`` is not finite or ``min_length`` is below 1.

    See Also
    --------
    outperformance : The condition the runs are made of.
    current_streak : Length of the run at the last period.
    longest_streak : The longest run of each asset.

    Notes
    -----
    For a run from period :math:`s` to period :math:`e`,

    .. math:: \text{relative return} =
        \frac{\prod_{t=s}^{e} (1 + r_t)}{\prod_{t=s}^{e} (1 + b_t)} - 1 ,

    the return of holding the asset against the benchmark over the run. It is
    positive by construction when ``threshold`` is zero or more. A missing
    value in either input ends a run.

    Examples
    --------
    >>> import rotationkit as rk
    >>> asset = [0.02, 0.01, -0.01, 0.03, 0.00]
    >>> bench = [0.01, 0.00, 0.00, 0.01, 0.01]
    >>> rk.streaks(asset, bench).round(6)
       start  end  length  relative_return
    0      0    1       2         0.020000
    1      3    3       1         0.019802
    """
    level = _check_threshold(threshold)
    shortest = check_window(min_length, "min_length")
    returns_panel, benchmark_panel = panel_and_benchmark(
        returns, benchmark, compounding=True
    )
    runs, growth = _kernels.outperformance_run_table(
        returns_panel.values, benchmark_panel.values, level
    )
    if shortest > 1:
        kept = np.flatnonzero(runs.lengths >= shortest)
        runs, growth = _kernels.take_runs(runs, kept), growth[kept]
    return wrap_runs(
        returns_panel,
        runs.starts,
        runs.lengths,
        runs.columns,
        extra=(("relative_return", growth),),
    )


@overload
def current_streak(
    returns: pd.DataFrame,
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> pd.Series[int]: ...
@overload
def current_streak(
    returns: pd.Series[float] | Array1D | Sequence[float],
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> int: ...
@overload
def current_streak(
    returns: ArrayLike2D,
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> CountArray: ...
@lazy_over_assets(
    "reduced", name="current_streak", dtype=np.intp, others=("benchmark",)
)
def current_streak(returns: Any, benchmark: Any, *, threshold: float = 0.0) -> Any:
    r"""Count the consecutive outperforming periods up to the last one.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Period returns of one asset (1-D) or several (periods x assets).
    benchmark : Series or array-like of float
        Period returns of the benchmark, broadcast across assets.
    threshold : float, default 0.0
        Margin the return difference must exceed (see :func:`outperformance`).

    Returns
    -------
    int, Series or numpy.ndarray
        The length of the run that includes the last period: an ``int`` for
        1-D input, an int64 Series indexed by the columns of a DataFrame, a
        1-D integer array for a 2-D array. 0 where the last period did not
        outperform (or is missing).

    Raises
    ------
    InputError
        For empty, non-numeric or infinite input, or a ``benchmark`` with
        several columns.
    AlignmentError
        If the inputs cannot be matched period by period.
    TypeError
        If ``threshold`` is not a number.
    ValueError
        If ``threshold`` is not finite.

    See Also
    --------
    streak_context : The current streak with its rank and odds.
    streaks : Every run.

    Notes
    -----
    With :math:`o_t` as in :func:`outperformance` and :math:`T` the last
    period,

    .. math:: \text{current} = \max\{\, m \ge 0 : o_{T-m+1} = \dots = o_T = 1 \,\}.

    Only the last periods are read: the scan stops at the most recent period
    that did not outperform.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.current_streak([0.01, -0.02, 0.03, 0.02], [0.0, 0.0, 0.0, 0.0])
    2
    """
    level = _check_threshold(threshold)
    returns_panel, benchmark_panel = panel_and_benchmark(returns, benchmark)
    lengths = _kernels.current_outperformance_runs(
        returns_panel.values, benchmark_panel.values, level
    )
    return wrap_counts(lengths, returns_panel, name="current_streak")


@overload
def longest_streak(
    returns: pd.DataFrame | ArrayLike2D,
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> pd.DataFrame: ...
@overload
def longest_streak(
    returns: pd.Series[float] | Array1D | Sequence[float],
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = ...,
) -> Run | None: ...
@table_result()
def longest_streak(returns: Any, benchmark: Any, *, threshold: float = 0.0) -> Any:
    r"""Find the longest run of consecutive outperformance.

    Parameters
    ----------
    returns : Series, DataFrame or array-like of float
        Simple period returns of one asset (1-D) or several (periods x
        assets).
    benchmark : Series or array-like of float
        Simple period returns of the benchmark, broadcast across assets.
    threshold : float, default 0.0
        Margin the return difference must exceed (see :func:`outperformance`).

    Returns
    -------
    Run, None or DataFrame
        For one asset, the longest :class:`Run` (``None`` if the asset never
        outperformed). For several, a table indexed by asset with columns
        ``start``, ``end``, ``length`` and ``relative_return``; an asset
        that never outperformed has length 0 and missing values.

    Raises
    ------
    InputError
        For empty, non-numeric or infinite input, a return below -1, or a
        ``benchmark`` with several columns.
    AlignmentError
        If the inputs cannot be matched period by period.
    TypeError
        If ``threshold`` is not a number.
    ValueError
        If ``threshold`` is not finite.

    See Also
    --------
    streaks : Every run.
    streak_context : The run in progress against the record.

    Notes
    -----
    .. math:: \text{longest} = \max_j \ell_j

    over the lengths :math:`\ell_j` of the runs of :func:`streaks`. Among
    runs of the same length the earliest is returned: it set the record that
    the later ones only equalled.

    Examples
    --------
    >>> import rotationkit as rk
    >>> rk.longest_streak([0.02, 0.01, -0.01, 0.03, 0.02],
    ...                   [0.01, 0.00, 0.00, 0.01, 0.01])
    Run(start=0, end=1, length=2, relative_return=0.02)
    """
    level = _check_threshold(threshold)
    returns_panel, benchmark_panel = panel_and_benchmark(
        returns, benchmark, compounding=True
    )
    runs, growth = _outperformance_runs(returns_panel, benchmark_panel, level)
    best = _kernels.longest_run_per_column(runs, returns_panel.n_assets)
    if returns_panel.ndim == 1:
        return None if best[0] < 0 else _run_at(returns_panel, runs, growth, best[0])
    return wrap_asset_runs(
        returns_panel,
        _per_asset(runs.starts, best, -1),
        _per_asset(runs.ends, best, -1),
        _per_asset(runs.lengths, best, 0),
        extra=(("relative_return", _per_asset(growth, best, np.nan)),),
    )


@overload
def _per_asset(values: CountArray, best: CountArray, missing: int) -> CountArray: ...
@overload
def _per_asset(
    values: npt.NDArray[np.float64], best: CountArray, missing: float
) -> npt.NDArray[np.float64]: ...
def _per_asset(values: Any, best: CountArray, missing: float) -> Any:
    """Return ``values[best]`` per asset, ``missing`` where ``best`` is -1."""
    if values.size == 0:
        return np.full(best.size, missing, dtype=values.dtype)
    return np.where(best >= 0, values[np.maximum(best, 0)], missing)


def _run_at(
    panel: Panel,
    runs: _kernels.RunTable,
    growth: npt.NDArray[np.float64],
    position: int | np.intp,
) -> Run:
    return Run(
        start=label_at(panel, int(runs.starts[position])),
        end=label_at(panel, int(runs.starts[position] + runs.lengths[position] - 1)),
        length=int(runs.lengths[position]),
        relative_return=float(growth[position]),
    )


# --------------------------------------------------------------------------
# context: rank, "longest since", record and odds
# --------------------------------------------------------------------------


def _period_unit(panel: Panel) -> str:
    """Name one period of the data ("session" for business days, ...)."""
    if not isinstance(panel.index, pd.DatetimeIndex) or len(panel.index) < 2:
        return "period"
    try:
        periods = infer_periods_per_year(panel.index)
    except FrequencyError:
        return "period"
    return _UNITS.get(periods, "period")


def _asof_row(panel: Panel, asof: object) -> int:
    """Return the last row on or before ``asof`` (the last row when ``None``)."""
    if asof is None:
        return panel.n_periods - 1
    row = row_on_or_before(panel, asof, "asof")
    if row < 0:
        first = label_at(panel, 0)
        msg = (
            f"`asof` ({asof!r}) lies before the first period of `returns` "
            f"({_format_label(first)}); pass a date inside the data"
        )
        raise InputError(msg)
    return row


def streak_context(
    returns: pd.Series[float] | ArrayLike1D,
    benchmark: pd.Series[float] | ArrayLike1D,
    *,
    threshold: float = 0.0,
    asof: object = None,
    unit: str | None = None,
) -> StreakContext:
    r"""Put the outperformance run in progress at a date in historical context.

    Answers "how long is the current streak, when was there last one this
    long, is it a record, and how likely is a run this long by chance?".

    Parameters
    ----------
    returns : Series or array-like of float
        Simple period returns of one asset.
    benchmark : Series or array-like of float
        Simple period returns of the benchmark.
    threshold : float, default 0.0
        Margin the return difference must exceed (see :func:`outperformance`).
    asof : date-like or int, optional
        The period to look from: the last period on or before it (a row
        position for unlabelled arrays). Defaults to the last period of the
        data; later data are ignored.
    unit : str, optional
        What one period is called in :meth:`StreakContext.summary`. Inferred
        from a DatetimeIndex ("session" for business days, "week", "month",
        ...), "period" otherwise.

    Returns
    -------
    StreakContext
        The run in progress, its rank, the last earlier run at least as long
        (``longest_since``), the record before it and the probability of a
        run at least as long by chance.

    Raises
    ------
    InputError
        For bad ``returns`` or ``benchmark`` (see :func:`streaks`), several
        columns, or an ``asof`` before the first period.
    AlignmentError
        If the inputs cannot be matched period by period, or a time-zone
        aware ``asof`` is given for naive data.
    TypeError
        If ``threshold`` is not a number.
    ValueError
        If ``threshold`` is not finite.

    See Also
    --------
    current_streak : Just the length, for many assets at once.
    longest_run_probability : The probability used here.
    runs_test : Whether outperformance clusters more than chance allows.

    Notes
    -----
    Only the periods up to ``asof`` are used. Let :math:`L` be the length of
    the run in progress at ``asof`` (0 if the ``asof`` period did not
    outperform) and :math:`\ell_1, \dots, \ell_m` the lengths of all runs up
    to ``asof``, the current one included. Then

    * rank :math:`= 1 + \#\{j : \ell_j > L\}` (ties share the best rank);
    * ``earlier_at_least_as_long`` counts the earlier runs with
      :math:`\ell_j \ge L`, and ``longest_since`` is the last of them;
    * ``record`` is the longest run that ended before the current one
      started (the earliest of equally long ones);
    * with :math:`n` the periods up to ``asof`` in which both returns are
      present and :math:`\hat p` the share of them that outperformed,

      .. math:: \text{probability} = P(L_n \ge L \mid n, \hat p),

      the exact probability (:func:`longest_run_probability`) that
      :math:`n` independent periods, each outperforming with probability
      :math:`\hat p`, contain a run of at least :math:`L`. It is 1 when
      :math:`L = 0`. Real returns are not independent coin flips; read it
      as a yardstick, not a p-value of a pre-registered test (the run was
      picked because it is long).

    Examples
    --------
    >>> import pandas as pd
    >>> import rotationkit as rk
    >>> idx = pd.bdate_range("2026-01-05", periods=9)
    >>> small = pd.Series([1, 2, -1, 1, 1, 1, -1, 2, 2], index=idx) / 100
    >>> large = pd.Series([0, 0, 0, 0, 0, 0, 0, 0, 0], index=idx) / 100
    >>> context = rk.streak_context(small, large)
    >>> context.length, context.rank, context.earlier_at_least_as_long
    (2, 2, 2)
    >>> context.summary()  # doctest: +ELLIPSIS
    '2 sessions (2026-01-14 → 2026-01-15); longest since a 3-session run ending 2026-01-12; ...'
    """
    level = _check_threshold(threshold)
    returns_panel, benchmark_panel = panel_and_benchmark(
        returns, benchmark, one_asset=True, compounding=True
    )
    last = _asof_row(returns_panel, asof)
    rows = np.arange(last + 1)
    returns_panel = returns_panel.take_rows(rows)
    benchmark_panel = benchmark_panel.take_rows(rows)
    runs, growth = _outperformance_runs(returns_panel, benchmark_panel, level)
    valid = ~(np.isnan(returns_panel.values) | np.isnan(benchmark_panel.values))
    n_periods = int(np.count_nonzero(valid))
    hits = int(runs.lengths.sum())
    hit_rate = hits / n_periods if n_periods else math.nan
    in_progress = bool(runs.lengths.size) and int(runs.ends[-1]) == last
    n_earlier = runs.lengths.size - 1 if in_progress else runs.lengths.size
    earlier = runs.lengths[:n_earlier]
    length = int(runs.lengths[-1]) if in_progress else 0
    at_least = np.flatnonzero(earlier >= length)
    record_position = int(np.argmax(earlier)) if n_earlier else -1
    return StreakContext(
        length=length,
        start=label_at(returns_panel, int(runs.starts[-1])) if in_progress else None,
        asof=label_at(returns_panel, last),
        relative_return=float(growth[-1]) if in_progress else math.nan,
        rank=1 + int(np.count_nonzero(runs.lengths > length)) if in_progress else None,
        n_runs=int(runs.lengths.size),
        earlier_at_least_as_long=int(at_least.size),
        longest_since=(
            _run_at(returns_panel, runs, growth, at_least[-1])
            if in_progress and at_least.size
            else None
        ),
        record=(
            _run_at(returns_panel, runs, growth, record_position)
            if record_position >= 0
            else None
        ),
        probability=longest_run_probability(n_periods, length, hit_rate)
        if length
        else 1.0,
        n_periods=n_periods,
        hit_rate=hit_rate,
        unit=_period_unit(returns_panel) if unit is None else str(unit),
        data_start=label_at(returns_panel, _first_valid_row(valid)),
    )


def _first_valid_row(valid: np.ndarray[Any, np.dtype[np.bool_]]) -> int:
    """Return the first row where both series have a value (0 when none does)."""
    rows = np.flatnonzero(valid[:, 0])
    return int(rows[0]) if rows.size else 0


# --------------------------------------------------------------------------
# probability of long runs
# --------------------------------------------------------------------------


def longest_run_probability(n: int, k: int, p: float = 0.5) -> float:
    r"""Compute the exact probability of a run of ``k`` successes in ``n`` trials.

    The chance that ``n`` independent trials, each a success with
    probability ``p``, contain at least ``k`` successes in a row somewhere.

    Parameters
    ----------
    n : int
        Number of trials (periods), zero or more.
    k : int
        Run length, zero or more (a run of 0 is always there).
    p : float, default 0.5
        Probability of success in each trial (the hit rate).

    Returns
    -------
    float
        :math:`P(L_n \ge k)`, between 0 and 1.

    Raises
    ------
    TypeError
        If ``n`` or ``k`` is not a whole number, or ``p`` not a number.
    ValueError
        If ``n`` or ``k`` is negative, or ``p`` is outside [0, 1].

    See Also
    --------
    expected_longest_run : The typical longest run.
    streak_context : Applies this to the run in progress.

    Notes
    -----
    Let :math:`F_t = P(L_t \ge k)` for the longest success run :math:`L_t`
    of the first :math:`t` trials and :math:`q = 1 - p`. The first run of
    :math:`k` ends at trial :math:`t > k` exactly when trial :math:`t - k`
    failed, the :math:`k` trials after it succeeded and the first
    :math:`t - k - 1` trials held no such run, so

    .. math::

        F_t = 0 \;(t < k), \qquad F_k = p^k, \qquad
        F_t = F_{t-1} + q\,p^k\,(1 - F_{t-k-1}) \;(t > k).

    Every step adds a non-negative amount, so the result keeps its relative
    precision even when it is tiny, and it is computed in O(n) for long
    runs. For runs up to 48 the same probability is read from the
    :math:`n`-th power of the :math:`(k+1)`-state Markov chain of the
    current run length (O(k^3 log n), also free of cancellation). Both are
    exact up to rounding and stable for :math:`n` in the hundreds of
    thousands.

    References
    ----------
    .. [1] Feller, W. (1968). *An Introduction to Probability Theory and Its
       Applications*, Vol. 1, 3rd ed., ch. XIII.7. Wiley.
    .. [2] Schilling, M. F. (1990). "The Longest Run of Heads." *The College
       Mathematics Journal*, 21(3), 196-207.

    Examples
    --------
    Three fair coins show two heads in a row with probability 3/8:

    >>> import rotationkit as rk
    >>> rk.longest_run_probability(3, 2)
    0.375
    >>> round(rk.longest_run_probability(252, 10, 0.5), 4)
    0.1129
    """
    trials = _check_count(n, "n")
    run = _check_count(k, "k")
    chance = _check_probability(p)
    return _kernels.longest_run_tail(trials, run, chance)


def expected_longest_run(n: int, p: float = 0.5) -> float:
    r"""Compute the expected length of the longest run of successes in ``n`` trials.

    Parameters
    ----------
    n : int
        Number of independent trials, zero or more.
    p : float, default 0.5
        Probability of success in each trial.

    Returns
    -------
    float
        :math:`E[L_n]`.

    Raises
    ------
    TypeError
        If ``n`` is not a whole number or ``p`` not a number.
    ValueError
        If ``n`` is negative or ``p`` is outside [0, 1].

    See Also
    --------
    longest_run_probability : The tail probabilities summed here.

    Notes
    -----
    .. math:: E[L_n] = \sum_{k=1}^{n} P(L_n \ge k)

    with the exact tail probabilities of :func:`longest_run_probability`.
    Terms that are 1 or 0 to within :math:`10^{-18}` are not computed: a run
    of :math:`k` is certain to that precision once
    :math:`(1 - p^k)^{\lfloor n/k \rfloor}` is below it (disjoint blocks of
    :math:`k` trials are independent), and the remaining tail is below
    :math:`n p^k / q`. From 10,000 trials on, the tail of a long run comes
    from the inclusion-exclusion sum of [2]_ when its few terms can be added
    without losing digits (exactly, with ``math.fsum``): 100,000 trials at
    :math:`p = 0.999` take about two seconds. For large :math:`n`,
    :math:`E[L_n] \approx \log_{1/p}(nq) + \gamma / \ln(1/p) - 1/2` [1]_.

    References
    ----------
    .. [1] Schilling, M. F. (1990). "The Longest Run of Heads." *The College
       Mathematics Journal*, 21(3), 196-207.
    .. [2] Philippou, A. N. and Makri, F. S. (1986). "Successes, runs and
       longest runs." *Statistics & Probability Letters*, 4(4), 211-215.

    Examples
    --------
    The longest run of heads in 200 tosses of a fair coin is about 7:

    >>> import rotationkit as rk
    >>> round(rk.expected_longest_run(200), 3)
    6.984
    """
    trials = _check_count(n, "n")
    chance = _check_probability(p)
    return _kernels.expected_longest_run_length(trials, chance)


# --------------------------------------------------------------------------
# runs test
# --------------------------------------------------------------------------


def runs_test(
    condition: pd.Series[bool] | npt.NDArray[np.bool_] | Sequence[bool],
    *,
    correction: bool = True,
) -> RunsTest:
    r"""Test whether True and False values cluster more than chance allows.

    The Wald-Wolfowitz runs test: too few runs (long streaks of wins and of
    losses) give a negative statistic, too many (alternation) a positive one.

    Parameters
    ----------
    condition : Series or array-like of bool
        One boolean sequence, for example :func:`outperformance` of one asset.
        A missing value of a nullable boolean counts as False.
    correction : bool, default True
        For fewer than 50 values, move the number of runs 0.5 towards its
        expected value (a continuity correction, as SAS and statsmodels do).

    Returns
    -------
    RunsTest
        ``statistic``, two-sided ``pvalue``, ``n_runs``, ``expected_runs``,
        ``n_true`` and ``n_false``. The statistic and p-value are NaN when all
        values are equal (or the variance is zero): the test is undefined.

    Raises
    ------
    InputError
        If ``condition`` is empty, not boolean or has several columns.

    See Also
    --------
    run_lengths : The runs themselves.
    streak_context : How unusual the latest run is.

    Notes
    -----
    With :math:`n_1` True values, :math:`n_2` False values,
    :math:`n = n_1 + n_2` and :math:`R` runs,

    .. math::

        E[R] = \frac{2 n_1 n_2}{n} + 1, \qquad
        \operatorname{Var}[R] = \frac{2 n_1 n_2 (2 n_1 n_2 - n)}{n^2 (n - 1)},
        \qquad z = \frac{R - E[R]}{\sqrt{\operatorname{Var}[R]}},

    and the p-value is :math:`2\,(1 - \Phi(|z|))`. With the correction and
    :math:`n < 50`, the numerator is :math:`R - E[R] \mp 0.5` when
    :math:`|R - E[R]| > 0.5` and 0 otherwise. This equals
    ``statsmodels.sandbox.stats.runs.runstest_1samp(x, cutoff=0.5)`` on
    ``x = condition.astype(float)``, except in two cases: with the
    correction, statsmodels adds 0.5 to a difference strictly between -0.5
    and 0.5 where this function uses 0; and when all values are equal,
    statsmodels reports a binomial heuristic where this function gives NaN.

    References
    ----------
    .. [1] Wald, A. and Wolfowitz, J. (1940). "On a Test Whether Two Samples
       are from the Same Population." *The Annals of Mathematical
       Statistics*, 11(2), 147-162.

    Examples
    --------
    >>> import rotationkit as rk
    >>> result = rk.runs_test([True] * 5 + [False] * 5 + [True] * 5 + [False] * 5)
    >>> result.n_runs, result.expected_runs
    (4, 11.0)
    >>> round(result.statistic, 3), round(result.pvalue, 4)
    (-2.987, 0.0028)
    """
    panel = as_bool_panel(condition, "condition")
    if panel.n_assets != 1:
        msg = (
            f"`condition` must be a single series, got {panel.n_assets} columns; "
            "test one column at a time"
        )
        raise InputError(msg)
    values = panel.values[:, 0]
    n = int(values.size)
    n_true = int(np.count_nonzero(values))
    n_false = n - n_true
    n_runs = 1 + int(np.count_nonzero(values[1:] != values[:-1]))
    pairs = 2.0 * n_true * n_false
    expected = pairs / n + 1.0
    variance = pairs * (pairs - n) / (n**2 * (n - 1.0)) if n > 1 else 0.0
    statistic, pvalue = math.nan, math.nan
    if variance > 0.0:
        difference = n_runs - expected
        if correction and n < 50:
            shift = min(abs(difference), 0.5)
            difference -= math.copysign(shift, difference)
        statistic = difference / math.sqrt(variance)
        pvalue = math.erfc(abs(statistic) / math.sqrt(2.0))
    return RunsTest(
        statistic=statistic,
        pvalue=pvalue,
        n_runs=n_runs,
        expected_runs=expected,
        n_true=n_true,
        n_false=n_false,
    )
