"""Numerical kernels on plain numpy arrays (private).

Every kernel takes two-dimensional float64 arrays laid out as
``(periods, assets)``, works along axis 0 for all assets at once, and never
writes into its inputs. No pandas here: labels are the business of
:mod:`rotationkit._inputs`.
"""

from __future__ import annotations

import math
from typing import TYPE_CHECKING, Any, NamedTuple, TypeAlias, TypeVar, cast

import numpy as np

# Kernels marked @compiled_twin run their twin in rotationkit._kernels_numba
# when the numba engine is active; the numpy code here stays the reference.
from rotationkit._engine import compiled_twin

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rotationkit._typing import FloatArray

__all__ = [
    "PolicyCycles",
    "RunTable",
    "SlopeFit",
    "causal_median",
    "causal_percentile_rank",
    "causal_zscore",
    "checked_causal_zscore",
    "checked_rolling_slope_or_correlation",
    "checked_simple_returns",
    "column_sums_if_finite",
    "compound_levels",
    "constant_up_to_round_off",
    "current_outperformance_runs",
    "drawdown_from_peak",
    "event_path_statistics",
    "event_paths",
    "expected_longest_run_length",
    "first_valid_values",
    "has_infinite",
    "lag_one_regression",
    "largest_sums",
    "last_valid_positions",
    "leading_nan_mask",
    "log_growth_where_benchmark",
    "log_returns",
    "longest_run_per_column",
    "longest_run_tail",
    "nan_count",
    "nan_mean_std",
    "newey_west_lags",
    "ols_slope_hac",
    "outperformance_mask",
    "outperformance_run_table",
    "paired_regression",
    "policy_cycles",
    "quadrant_codes",
    "ratio_to_lag",
    "rolling_mean",
    "rolling_slope_or_correlation",
    "row_nanmedian",
    "run_length_encode",
    "run_relative_growth",
    "run_table_by_start",
    "share_above",
    "simple_returns",
    "smallest_value",
    "sort_column_runs_by_start",
    "take_runs",
    "total_log_growth",
    "trailing_run_lengths",
    "value_range",
]


def simple_returns(prices: FloatArray) -> FloatArray:
    """Return ``prices[t] / prices[t-1] - 1`` for ``t >= 1`` (one row fewer)."""
    returns: FloatArray = np.divide(prices[1:], prices[:-1])
    returns -= 1.0  # in place: one panel allocated, not two
    return returns


_T = TypeVar("_T")


def _flagged(compute: Callable[[], _T], clean: bool) -> tuple[_T, bool]:
    """Return ``compute()`` and ``clean``, computed without floating-point warnings if not clean.

    The kernels that check their input in passing (``checked_*``) return a
    result for a bad panel too; it is meaningless (the caller raises an
    error instead), so its warnings would only come before that error.
    """
    if clean:
        return compute(), True
    with np.errstate(all="ignore"):
        return compute(), False


@compiled_twin
def checked_simple_returns(prices: FloatArray) -> tuple[FloatArray, bool]:
    """Return :func:`simple_returns` and whether every price is finite and positive.

    Missing prices (NaN) do not count. The returns of a panel with a bad
    price are meaningless, and formed without floating-point warnings (the
    caller raises an error instead). The compiled twin looks at the prices
    in the same pass that forms the returns.
    """
    lowest = np.fmin.reduce(prices, axis=None)
    highest = np.fmax.reduce(prices, axis=None)
    # NaN extremes (no price at all) compare False: nothing is wrong.
    clean = not (lowest <= 0.0 or highest == np.inf)
    return _flagged(lambda: simple_returns(prices), clean)


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
    data", which always gives ``-1``). Meant for a handful of rows (the dates
    of a performance table): it reads only as far back as it must.
    """
    result = np.full((rows.shape[0], values.shape[1]), -1, dtype=np.intp)
    for position, row in enumerate(rows.tolist()):
        result[position] = _last_valid_at_or_before(values, row)
    return result


def _last_valid_at_or_before(
    values: FloatArray, row: int
) -> np.ndarray[tuple[int], np.dtype[np.intp]]:
    """Search backwards from ``row`` in blocks that double in size.

    Most columns have a value at ``row`` itself, so the first block of one row
    settles them; a column with a long gap costs O(log T) blocks, never a
    copy of the whole panel.
    """
    found = np.full(values.shape[1], -1, dtype=np.intp)
    pending = np.arange(values.shape[1])
    stop, depth = row + 1, 1
    while pending.size and stop > 0:
        start = max(stop - depth, 0)
        valid = ~np.isnan(values[start:stop][:, pending])
        has_value = valid.any(axis=0)
        last = stop - 1 - np.argmax(valid[::-1], axis=0)
        found[pending[has_value]] = last[has_value]
        pending = pending[~has_value]
        stop, depth = start, 2 * depth
    return found


# --- run lengths (streaks) ---
# A run is a maximal block of consecutive True values in one column of a
# boolean (periods, assets) panel. The kernels below find every run of every
# column in one pass over the panel: the panel is laid out column by column
# with a False row before and after each column, so that the positions where
# consecutive values differ alternate between run starts and run stops.

_BoolPanel = np.ndarray[tuple[int, int], np.dtype[np.bool_]]
_Positions = np.ndarray[tuple[int], np.dtype[np.intp]]
# A value per run: a length, or a relative return and a length as one complex number.
_Entries = np.ndarray[tuple[int], np.dtype[np.complex128]]
_EntriesT = TypeVar("_EntriesT", _Positions, _Entries)

# Longest-run probabilities use the Markov-chain matrix power up to this run
# length (cost ~ k^3 log n) and the blocked recursion above it (cost ~ n / k
# numpy steps); both only add and multiply non-negative numbers.
_MATRIX_MAX_RUN = 48
# The natural log of 1e-18: a chance of missing a run below it is nil in float64.
_CERTAIN_LOG = math.log(1e-18)
# Expected longest runs of this many trials or more take the tail of a long
# run from its inclusion-exclusion sum when that has few, tame terms.
_ALTERNATING_MIN_TRIALS = 10_000
_ALTERNATING_MAX_TERMS = 32
_ALTERNATING_MAX_GROWTH = 10.0
# Relative returns form the period ratios of this many values at a time
# (2 MiB, a core's cache).
_RATIO_BLOCK_VALUES = 1 << 18
# Runs of three periods or more have their products formed in steps (one
# Python step per period of the longest) when they are this long on average
# or shorter, up to this many periods; otherwise by multiply.reduceat.
_STEPPED_MEAN_MAX = 8
_STEPPED_RUN_MAX = 32  # at most 255: the steps sort 8-bit lengths


class RunTable(NamedTuple):
    """Runs of True of a boolean panel: first row, length and column of each."""

    starts: _Positions
    lengths: _Positions
    columns: _Positions

    @property
    def ends(self) -> _Positions:
        """Last row of each run (inclusive)."""
        ends: _Positions = np.add(self.starts, self.lengths)
        ends -= 1  # in place: one allocation for tables of millions of runs
        return ends


def outperformance_mask(
    returns: FloatArray, benchmark: FloatArray, threshold: float
) -> _BoolPanel:
    """Mark where ``returns - benchmark > threshold``; NaN on either side gives False.

    ``benchmark`` has one column and is broadcast across the columns of
    ``returns``. NaN compares as False, so a missing value ends a run.
    """
    if threshold == 0.0:
        # For finite floats r - b > 0 exactly when r > b (a difference of
        # unequal floats never rounds to zero), so skip the temporary panel.
        return np.greater(returns, benchmark)
    return np.greater(np.subtract(returns, benchmark), threshold)


@compiled_twin
def run_length_encode(condition: _BoolPanel) -> RunTable:
    """Find every run of True in each column of ``condition``, column by column.

    One vectorized pass: the columns are laid end to end, each padded with a
    False before and after, so that the changes between neighbours come in
    (start, stop) pairs that never cross from one column into the next.
    """
    n_periods, n_assets = condition.shape
    width = n_periods + 2
    padded = np.zeros((n_assets, width), dtype=np.bool_)
    padded[:, 1:-1] = condition.T
    flat = padded.ravel()
    # Row t of column c sits at flat[c * width + 1 + t]; flat[i] != flat[i + 1]
    # marks, alternately, a run starting at i + 1 and a run ending at i.
    changes = np.flatnonzero(flat[1:] != flat[:-1])
    begins = changes[0::2]
    lengths = changes[1::2] - begins
    # The runs of column c begin inside [c * width, (c + 1) * width); the
    # begins are sorted, so a search per column replaces a division per run.
    per_column = np.diff(np.searchsorted(begins, np.arange(n_assets + 1) * width))
    columns = np.repeat(np.arange(n_assets, dtype=np.intp), per_column)
    starts = begins - np.repeat(np.arange(n_assets, dtype=np.intp) * width, per_column)
    return RunTable(starts, lengths, columns)


def sort_column_runs_by_start(
    starts: _Positions,
    column_ends: _Positions,
    entries: _EntriesT,
    n_periods: int,
    n_columns: int,
) -> tuple[_Positions, _Positions, _EntriesT]:
    """Put runs listed column by column into order by start row, then column.

    ``starts`` holds each run's start row and ``entries`` a value per run,
    both listed column by column (in any order within a column); the runs of
    column ``c`` are those from ``column_ends[c]`` up to ``column_ends[c + 1]``.
    Returns the sorted start rows, the column of each run and the entries in
    the same order.

    A counting sort in one linear pass: the runs form a sparse matrix with a
    row per start row and a column per asset, stored column by column, and
    scipy's conversion to storage row by row lists each row's entries by
    column. On 9.4 million runs this takes half the time of a stable sort by
    start followed by gathers, whose random reads miss the cache.
    """
    if n_columns == 1:
        # A single column's runs are in order already (one pair of series).
        return starts, np.zeros(starts.size, dtype=np.intp), entries
    from scipy import sparse  # noqa: PLC0415  (only tables of runs need it)

    by_column = sparse.csc_array(
        (entries, starts, column_ends), shape=(n_periods, n_columns), copy=False
    )
    by_row = by_column.tocsr()
    # A safeguard that only checks a flag: the conversion fills each row in
    # the order of the columns, and says so.
    by_row.sort_indices()
    per_start = np.diff(by_row.indptr)
    sorted_starts = np.repeat(np.arange(n_periods, dtype=np.intp), per_start)
    columns: _Positions = by_row.indices.astype(np.intp, copy=False)
    return sorted_starts, columns, cast("_EntriesT", by_row.data)


@compiled_twin
def run_table_by_start(condition: _BoolPanel) -> RunTable:
    """Return every run of True in ``condition``, sorted by start row, then column.

    :func:`run_length_encode` followed by :func:`sort_column_runs_by_start`;
    the compiled twin finds the runs already in this order.
    """
    runs = run_length_encode(condition)
    n_periods, n_columns = condition.shape
    column_ends = np.searchsorted(runs.columns, np.arange(n_columns + 1))
    starts, columns, lengths = sort_column_runs_by_start(
        runs.starts, column_ends, runs.lengths, n_periods, n_columns
    )
    return RunTable(starts, lengths.astype(np.intp, copy=False), columns)


def take_runs(runs: RunTable, positions: _Positions) -> RunTable:
    """Return the runs at ``positions`` (a selection or a new order)."""
    return RunTable(*(field[positions] for field in runs))


# Row labels as 64-bit integers: dates as counts of their unit since 1970.
_Stamps = np.ndarray[tuple[int], np.dtype[np.int64]]
# The last rows of runs are formed this many at a time (512 KiB) on their way
# to their labels.
_END_ROWS_CHUNK = 1 << 16


@compiled_twin
def run_bound_labels(
    labels: _Stamps, starts: _Positions, lengths: _Positions
) -> tuple[_Stamps, _Stamps]:
    """Return the labels of each run's first and last rows.

    That is ``labels[start]`` and ``labels[start + length - 1]``, for runs
    of at least one row that end within ``labels``. The last rows are formed
    a chunk at a time, in cache, and taken straight into their labels: a
    table of millions of runs then needs no table-long array of rows.
    """
    firsts: _Stamps = np.take(labels, starts)
    lasts: _Stamps = np.empty(starts.size, dtype=labels.dtype)
    rows = np.empty(min(starts.size, _END_ROWS_CHUNK), dtype=np.intp)
    for first in range(0, starts.size, _END_ROWS_CHUNK):
        part = slice(first, first + _END_ROWS_CHUNK)
        chunk = rows[: lasts[part].size]
        np.add(starts[part], lengths[part], out=chunk)
        chunk -= 1
        # The rows are valid; "clip" writes straight into ``out`` where the
        # default mode, which checks them, would buffer it.
        np.take(labels, chunk, out=lasts[part], mode="clip")
    return firsts, lasts


@compiled_twin
def longest_run_per_column(runs: RunTable, n_columns: int) -> _Positions:
    """Return, per column, the position in ``runs`` of its longest run (-1 if none).

    Among runs of the same length the earliest wins: it set the record that
    the later ones only equalled.
    """
    best = np.full(n_columns, -1, dtype=np.intp)
    if runs.lengths.size == 0:
        return best
    order = np.lexsort((runs.starts, -runs.lengths, runs.columns))
    columns = runs.columns[order]
    first = np.flatnonzero(np.r_[True, columns[1:] != columns[:-1]])
    best[columns[first]] = order[first]
    return best


@compiled_twin
def run_relative_growth(
    returns: FloatArray, benchmark: FloatArray, runs: RunTable
) -> FloatArray:
    """Return ``prod(1 + r) / prod(1 + b) - 1`` over the rows of each run.

    ``runs`` must come column by column (then by start), as
    :func:`run_length_encode` lists them. The period ratios ``(1 + r) /
    (1 + b)`` are formed for a block of columns at a time, small enough to
    stay in cache, and multiplied first to last within each run by
    :func:`_segment_products`.
    """
    growth = np.empty(runs.starts.size)
    if not growth.size:
        return growth
    n_periods, n_assets = returns.shape
    step = max(1, _RATIO_BLOCK_VALUES // n_periods)
    block_starts = np.arange(0, n_assets, step)
    edges = np.searchsorted(runs.columns, np.append(block_starts, n_assets))
    ratios = np.empty((min(step, n_assets), n_periods))
    one_plus_benchmark = 1.0 + benchmark[:, 0]
    with np.errstate(all="ignore"):
        for first, lo, hi in zip(
            block_starts.tolist(), edges[:-1].tolist(), edges[1:].tolist(), strict=True
        ):
            if lo == hi:
                continue
            block = ratios[: min(step, n_assets - first)]
            np.add(returns[:, first : first + block.shape[0]].T, 1.0, out=block)
            block /= one_plus_benchmark
            begins = runs.columns[lo:hi] - first
            begins *= n_periods
            begins += runs.starts[lo:hi]
            growth[lo:hi] = _segment_products(
                block.ravel(), begins, runs.lengths[lo:hi]
            )
    growth -= 1.0
    return growth


def _segment_products(
    values: FloatArray, begins: _Positions, lengths: _Positions
) -> FloatArray:
    """Return ``values[b] * values[b + 1] * ... * values[b + n - 1]`` for each segment.

    Each product is taken first to last. The segments of one and two values,
    three in four of the runs of a coin, are multiplied out by gathers. The
    longer ones go to ``multiply.reduceat``, which costs about 10 ns per
    segment and per gap between segments, and about 1 ns per value, gaps
    included; where they are short on average, as in runs of a coin, those
    of up to ``_STEPPED_RUN_MAX`` values are multiplied out in steps instead
    (:func:`_multiply_in_steps`, a few ns per value and nothing per gap).
    """
    products = values[begins]
    pairs = np.flatnonzero(lengths == 2)
    products[pairs] *= values[begins[pairs] + 1]
    longer = np.flatnonzero(lengths > 2)
    long_lengths = lengths[longer]
    if int(long_lengths.sum()) > _STEPPED_MEAN_MAX * longer.size:
        products[longer] = _reduceat_products(values, begins[longer], long_lengths)
        return products
    beyond = long_lengths > _STEPPED_RUN_MAX
    if beyond.any():
        far = longer[beyond]
        products[far] = _reduceat_products(values, begins[far], lengths[far])
        longer, long_lengths = longer[~beyond], long_lengths[~beyond]
    if longer.size:
        _multiply_in_steps(values, begins[longer], long_lengths, products, longer)
    return products


def _multiply_in_steps(
    values: FloatArray,
    begins: _Positions,
    lengths: _Positions,
    products: FloatArray,
    places: _Positions,
) -> None:
    """Multiply ``products[places]`` by the values after the first of each segment.

    The segments are put in order of length, so that those longer than ``k``
    (the ones with a ``k``-th value after the first) are the tail of that
    order: step ``k`` multiplies that tail by those values in one gather.
    """
    # The lengths fit 8 bits, which numpy sorts by radix in one pass.
    order = np.argsort(lengths.astype(np.uint8), kind="stable")
    places = places[order]
    sorted_lengths = lengths[order]
    begun = begins[order]
    running = products[places]
    # Segments longer than k begin at first_longer[k - 1] in the order.
    first_longer = np.searchsorted(
        sorted_lengths, np.arange(1, int(sorted_lengths[-1])), side="right"
    )
    for k, first in enumerate(first_longer.tolist(), start=1):
        tail = running[first:]
        tail *= values[begun[first:] + k]
    products[places] = running


def _reduceat_products(
    values: FloatArray, begins: _Positions, lengths: _Positions
) -> FloatArray:
    """Return the products of sorted, disjoint segments by ``multiply.reduceat``."""
    bounds = np.empty(2 * begins.size, dtype=np.intp)
    bounds[0::2] = begins
    bounds[1::2] = bounds[0::2] + lengths
    if bounds[-1] == values.size:
        # reduceat cannot take an index past the end; the last segment then
        # simply runs to the end of the array.
        bounds = bounds[:-1]
    products: FloatArray = np.multiply.reduceat(values, bounds)[0::2]
    return products


@compiled_twin
def outperformance_run_table(
    returns: FloatArray, benchmark: FloatArray, threshold: float
) -> tuple[RunTable, FloatArray]:
    """Return every run of outperformance, sorted by start then column, and its relative return.

    The runs are those of :func:`outperformance_mask`, as
    :func:`run_length_encode` finds them, and the relative return is
    :func:`run_relative_growth`'s, taken first to last; both are formed in
    one pass over blocks of columns (:func:`_column_runs_and_growth`, after
    a count of the runs), then sorted by :func:`sort_column_runs_by_start`.
    A run's relative return and its length travel through the sort as one
    complex number (real and imaginary part; whole numbers are exact as
    floats).
    """
    mask = outperformance_mask(returns, benchmark, threshold)
    starts, column_ends, entries = _column_runs_and_growth(returns, benchmark, mask)
    sorted_starts, columns, entries = sort_column_runs_by_start(
        starts, column_ends, entries, *mask.shape
    )
    lengths: _Positions = entries.imag.astype(np.intp)
    growth: FloatArray = entries.real.copy()
    return RunTable(sorted_starts, lengths, columns), growth


def _column_runs_and_growth(
    returns: FloatArray, benchmark: FloatArray, mask: _BoolPanel
) -> tuple[_Positions, _Positions, _Entries]:
    """Find the runs of True in ``mask`` column by column, with the relative return of each.

    Returns the start row of every run, where each column's runs end in that
    list (those of column ``c`` are ``column_ends[c]`` up to
    ``column_ends[c + 1]``), and per run ``relative return + 1j * length``.

    A block of columns at a time, small enough to stay in cache, is laid end
    to end and padded as in :func:`run_length_encode`; the period ratios
    ``(1 + r) / (1 + b)`` are laid out the same way, so the position of a
    run in the padded mask is also the position of its ratios, which
    :func:`_segment_products` multiplies first to last.
    """
    n_periods, n_assets = mask.shape
    width = n_periods + 2
    # Counted first, so that each block's runs go straight to their place.
    n_runs = int(np.count_nonzero(mask[:1])) + int(
        np.count_nonzero(mask[1:] > mask[:-1])
    )
    starts: _Positions = np.empty(n_runs, dtype=np.intp)
    entries: _Entries = np.empty(n_runs, dtype=np.complex128)
    column_ends: _Positions = np.zeros(n_assets + 1, dtype=np.intp)
    step = max(1, _RATIO_BLOCK_VALUES // width)
    padded = np.zeros((min(step, n_assets), width), dtype=np.bool_)
    ratios = np.empty(padded.shape)
    one_plus_benchmark = 1.0 + benchmark[:, 0]
    listed = 0
    with np.errstate(all="ignore"):
        for first in range(0, n_assets, step):
            count = min(step, n_assets - first)
            block = slice(first, first + count)
            padded[:count, 1:-1] = mask[:, block].T
            flat = padded[:count].ravel()
            # As in run_length_encode: changes come in (last False, last True)
            # pairs, so a run's values sit at flat[before + 1 : before + 1 +
            # length]; the place before a run is in the run's own column (at
            # the earliest its leading pad, c * width).
            changes = np.flatnonzero(flat[1:] != flat[:-1])
            before = changes[0::2]
            lengths = np.subtract(changes[1::2], before)
            per_column = np.diff(np.searchsorted(before, np.arange(count + 1) * width))
            ends_here = column_ends[first + 1 : first + count + 1]
            np.cumsum(per_column, out=ends_here)
            ends_here += listed
            period_ratios = ratios[:count]
            np.add(returns[:, block].T, 1.0, out=period_ratios[:, 1:-1])
            period_ratios[:, 1:-1] /= one_plus_benchmark
            products = _segment_products(period_ratios.ravel()[1:], before, lengths)
            here = slice(listed, listed + before.size)
            column_places = np.arange(count, dtype=np.intp) * width  # before row 0
            np.subtract(before, np.repeat(column_places, per_column), out=starts[here])
            np.subtract(products, 1.0, out=entries[here].real)
            entries[here].imag = lengths
            listed += before.size
    return starts, column_ends, entries


def trailing_run_lengths(condition: _BoolPanel) -> _Positions:
    """Return, per column, the number of True values at the end of ``condition``."""
    n_periods = condition.shape[0]
    misses = ~condition[::-1]
    first_miss = np.argmax(misses, axis=0)
    return np.where(misses.any(axis=0), first_miss, n_periods)


@compiled_twin
def current_outperformance_runs(
    returns: FloatArray, benchmark: FloatArray, threshold: float
) -> _Positions:
    """Return, per column, the length of the outperformance run at the last row.

    Only the tail of the panel is read: the window grows fourfold, and only
    for the columns whose run fills it, until every run has a False (or the
    first row) in front of it. The loop runs O(log periods) times.
    """
    n_periods, n_assets = returns.shape
    result = np.zeros(n_assets, dtype=np.intp)
    pending = np.arange(n_assets, dtype=np.intp)
    window = min(n_periods, 64)
    while pending.size:
        rows = slice(n_periods - window, n_periods)
        tail = returns[rows] if pending.size == n_assets else returns[rows, pending]
        lengths = trailing_run_lengths(
            outperformance_mask(tail, benchmark[rows], threshold)
        )
        result[pending] = lengths
        if window == n_periods:
            break
        pending = pending[lengths == window]
        window = min(n_periods, 4 * window)
    return result


def longest_run_tail(n: int, k: int, p: float) -> float:
    r"""Return the probability that ``n`` Bernoulli(``p``) trials hold a run of ``k`` successes.

    That is :math:`P(L_n \ge k)` for the longest success run :math:`L_n`.
    Short runs use a power of the (k + 1)-state Markov chain of the current
    run length, long runs the blocked recursion of :func:`_tail_recursion`.
    """
    if k <= 0:
        return 1.0
    if k > n or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return 1.0
    # Disjoint blocks of k trials are independent, so P(L < k) is at most
    # (1 - p^k)^(n // k). Below 1e-18 the tail is 1 in float64: saying so
    # exactly keeps it monotone in k, where rounding in the recursions near 1
    # could not.
    if (n // k) * math.log1p(-(p**k)) < _CERTAIN_LOG:
        return 1.0
    if k <= _MATRIX_MAX_RUN:
        return _tail_matrix_power(n, k, p)
    return _tail_recursion(n, k, p)


def _tail_matrix_power(n: int, k: int, p: float) -> float:
    r""":math:`P(L_n \ge k)` as an entry of the n-th power of the run-length chain.

    States 0..k-1 are the length of the current success run, state k absorbs
    ("a run of k has happened"). Every product and sum is of non-negative
    numbers, so small probabilities keep their relative precision; so does
    the complement (the mass left in states 0..k-1), which is used when the
    answer is close to 1.
    """
    step = np.zeros((k + 1, k + 1))
    step[np.arange(k), np.arange(1, k + 1)] = p
    step[:k, 0] = 1.0 - p
    step[k, k] = 1.0
    state = np.zeros(k + 1)
    state[0] = 1.0
    power = n
    with np.errstate(under="ignore"):
        while power:
            if power & 1:
                state = state @ step
            power >>= 1
            if power:
                step = step @ step
    no_run = float(state[:k].sum())
    tail = 1.0 - no_run if no_run < 0.5 else float(state[k])
    return min(max(tail, 0.0), 1.0)


def _tail_recursion(n: int, k: int, p: float) -> float:
    r""":math:`P(L_n \ge k)` by the first-passage recursion, k + 1 trials at a time.

    With :math:`F_t = P(L_t \ge k)`, :math:`F_t = 0` for :math:`t < k`,
    :math:`F_k = p^k` and, for :math:`t > k`,

    .. math:: F_t = F_{t-1} + q p^k (1 - F_{t-k-1}),

    since the first run of k can end at t only after a failure at t - k and
    no run of k in the first t - k - 1 trials. The values of a block of k + 1
    consecutive t depend only on earlier blocks, so each block is one
    cumulative sum; all increments are non-negative.
    """
    q = 1.0 - p
    with np.errstate(under="ignore"):
        run_chance = p**k
    tail = np.zeros(n + 1)
    tail[k] = run_chance
    step = q * run_chance
    t = k + 1
    while t <= n:
        stop = min(t + k + 1, n + 1)
        misses = 1.0 - tail[t - k - 1 : stop - k - 1]
        tail[t:stop] = tail[t - 1] + step * np.cumsum(np.maximum(misses, 0.0))
        t = stop
    return float(min(tail[n], 1.0))


def _tail_alternating(n: int, k: int, p: float) -> float | None:
    r""":math:`P(L_n \ge k)` by inclusion and exclusion over the runs; None if inexact.

    .. math:: P(L_n \ge k) = \sum_{j=1}^{\lfloor (n+1)/(k+1) \rfloor} (-1)^{j+1}
        \Big(p + \frac{n - jk + 1}{j} q\Big) \binom{n - jk}{j - 1} p^{jk} q^{j-1}

    (Philippou and Makri, 1986). Each term is rounded a few times only and
    the terms are added exactly (``math.fsum``), so the sum is exact to about
    eps times its largest term: None, for the recursion to answer, when there
    are more than ``_ALTERNATING_MAX_TERMS`` terms or the largest exceeds the
    sum ``_ALTERNATING_MAX_GROWTH`` times.
    """
    q = 1.0 - p
    count = (n + 1) // (k + 1)
    if count > _ALTERNATING_MAX_TERMS:
        return None
    terms = []
    try:
        for j in range(1, count + 1):
            rest = n - j * k
            size = (p + (rest + 1) / j * q) * float(math.comb(rest, j - 1))
            term = size * p ** (j * k) * q ** (j - 1)
            terms.append(term if j % 2 else -term)
    except OverflowError:  # a binomial coefficient beyond the float range
        return None
    total = math.fsum(terms)
    if not total > 0.0 or max(map(abs, terms)) > _ALTERNATING_MAX_GROWTH * total:
        return None
    return min(total, 1.0)


def expected_longest_run_length(n: int, p: float) -> float:
    r"""Return :math:`E[L_n] = \sum_{k \ge 1} P(L_n \ge k)` for n Bernoulli(p) trials.

    Terms are computed exactly where they matter. Below the band they are 1
    to within 1e-18, because disjoint blocks of k trials are independent:
    :math:`P(L_n < k) \le (1 - p^k)^{\lfloor n/k \rfloor}`; above it the
    union bound :math:`\sum_{j \ge k} n p^j = n p^k / q` is below 1e-16.
    For many trials, the long runs of the band, whose tails the recursion
    would take O(n) steps each for, come from :func:`_tail_alternating`.
    """
    if n <= 0 or p <= 0.0:
        return 0.0
    if p >= 1.0:
        return float(n)
    q = 1.0 - p
    tolerance = 1e-18
    total = 0.0
    with np.errstate(under="ignore"):
        for k in range(1, n + 1):
            run_chance = p**k
            if n * run_chance / q < tolerance:
                break
            blocks = n // k
            miss_bound = np.exp(blocks * np.log1p(-run_chance))
            if miss_bound < tolerance:
                total += 1.0
                continue
            tail = _tail_alternating(n, k, p) if n >= _ALTERNATING_MIN_TRIALS else None
            total += longest_run_tail(n, k, p) if tail is None else tail
    return total


# --- rolling moments (relative performance) ---
#
# Rolling sums come from prefix (cumulative) sums: O(T) per asset, vectorized
# over all assets. Prefix sums lose precision in two ways: the running total
# grows with the length of the data, and a variance formed as
# sum(d^2) - sum(d)^2 / n cancels badly when the values sit far from zero.
# Both are kept small here. Values are shifted by a reference per column (its
# first valid value, which later rows cannot change), and prefix sums restart
# at every block of rows, so that no sum runs over more than two blocks.
# Blocks are processed one after the other; every temporary is a slab of a few
# hundred rows, and the result is allocated once.

_MIN_BLOCK_ROWS = 256  # a multiple of _PREFIX_GROUP
_SLAB_VALUES = 2**17  # values in one block of one slice of assets (1 MiB)
# A windowed sum of squared deviations below this fraction of the (shifted)
# sum of squares is rounding noise: the window is taken to have no variance.
_ZERO_VARIANCE_FRACTION = 64.0 * float(np.finfo(np.float64).eps)
# A standard deviation below this fraction of the values' root mean square is
# left over from rounding upstream (returns from price ratios carry errors of
# about eps relative to 1 + r, not to r; yield changes of about eps relative to
# the yield): the values are taken as constant, so that a slope or a ratio over
# them is NaN rather than a huge number made of noise.
_ROUND_OFF_DEVIATION = 1e-11
_ROUND_OFF_SQUARES = _ROUND_OFF_DEVIATION**2
# So is a standard deviation below 1e-12 in the data's own units (returns, yield
# changes), whatever their level: the returns of a cash account earning 1e-6 a
# period differ by about eps only.
_ROUND_OFF_FLOOR = 1e-12
_ROUND_OFF_FLOOR_SQUARES = _ROUND_OFF_FLOOR**2

_PrefixSums = dict[str, "FloatArray"]


def constant_up_to_round_off(
    std: FloatArray, mean: FloatArray
) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Return where a standard deviation is rounding noise on values near ``mean``."""
    bound = _ROUND_OFF_DEVIATION * np.abs(mean) + _ROUND_OFF_FLOOR
    flat: np.ndarray[Any, np.dtype[np.bool_]] = std <= bound
    return flat


def _round_off_squares(raw_squares: Any, count: Any) -> Any:
    """Return the largest sum of squared deviations that is rounding noise.

    ``raw_squares`` is the sum of the squared values themselves, ``count``
    their number.
    """
    return _ROUND_OFF_SQUARES * raw_squares + _ROUND_OFF_FLOOR_SQUARES * count


def _raw_squares(
    shifted_squares: FloatArray, shifted_sum: FloatArray, count: FloatArray, shift: Any
) -> FloatArray:
    """Return the sum of squares of values from the sums of their shifted values."""
    with np.errstate(invalid="ignore"):
        raw: FloatArray = shifted_squares + shift * (2.0 * shifted_sum + count * shift)
    return raw


def first_valid_values(values: FloatArray) -> FloatArray:
    """Return the first non-NaN value of each column (NaN for an all-NaN column)."""
    valid = ~np.isnan(values)
    first = np.argmax(valid, axis=0)
    picked = values[first, np.arange(values.shape[1])]
    return np.where(valid.any(axis=0), picked, np.nan)


def drawdown_from_peak(values: FloatArray) -> FloatArray:
    """Return ``values / running_max(values) - 1`` for each column.

    The running maximum skips NaN (a missing value neither sets nor resets the
    peak); the result is NaN where ``values`` is NaN.
    """
    peak = np.fmax.accumulate(values, axis=0)
    return values / peak - 1.0


def ratio_to_lag(values: FloatArray, lag: int, out: FloatArray) -> FloatArray:
    """Write ``values[t] / values[t - lag]`` into ``out`` (NaN for the first ``lag`` rows); return it.

    ``out`` may be ``values`` itself: the ratios are formed before the first
    rows are overwritten.
    """
    if lag < values.shape[0]:
        np.divide(values[lag:], values[:-lag], out=out[lag:])
    out[:lag] = np.nan
    return out


#: Small whole numbers per cell, such as the quadrants of :func:`quadrant_codes`.
Codes: TypeAlias = np.ndarray[tuple[int, ...], np.dtype[np.int8]]


@compiled_twin
def quadrant_codes(ratio: FloatArray, momentum: FloatArray, centre: float) -> Codes:
    """Return ``2 * (not strong) + (strong != rising)``, or -1 where ``momentum`` is NaN.

    ``strong`` is ``ratio >= centre`` and ``rising`` is ``momentum >=
    centre``, cell by cell; the codes (int8) are laid out as ``ratio``. The
    -1 is the category code pandas gives a missing value.
    """
    strong = ratio >= centre
    codes: Codes = np.logical_not(strong).view(np.int8)
    codes <<= 1
    codes |= np.not_equal(strong, momentum >= centre).view(np.int8)
    np.copyto(codes, np.int8(-1), where=np.isnan(momentum))
    return codes


# Prefix sums run in groups of 16 rows. Step k adds row k - 1 to row k of every
# group of every column at once (15 vectorized steps in all), instead of
# numpy.cumsum's one long chain of dependent additions per column; the group
# totals are then carried forward with a short cumsum. This is about twice as
# fast as numpy.cumsum down the rows, and the additions happen in the same
# order whatever the number of rows, so appending rows never changes a past
# sum.
_PREFIX_GROUP = 16


def _prefix_sums(scratch: FloatArray) -> FloatArray:
    """Return the cumulative sums of ``scratch`` down axis 0.

    ``scratch`` is overwritten with the result when it is column-major with a
    whole number of groups of rows (a fresh temporary of the callers).
    """
    rows, cols = scratch.shape
    n_groups = -(-rows // _PREFIX_GROUP)
    if scratch.flags.f_contiguous and rows == n_groups * _PREFIX_GROUP:
        work = scratch
    else:
        work = np.zeros((n_groups * _PREFIX_GROUP, cols), order="F")
        work[:rows] = scratch
    # Column-major: each run of 16 values of a column is one row of ``groups``.
    groups = work.T.reshape(cols * n_groups, _PREFIX_GROUP)
    for k in range(1, _PREFIX_GROUP):
        np.add(groups[:, k], groups[:, k - 1], out=groups[:, k])
    carried = np.zeros((cols, n_groups))
    np.cumsum(groups[:, -1].reshape(cols, n_groups)[:, :-1], axis=1, out=carried[:, 1:])
    groups += carried.reshape(cols * n_groups, 1)
    return work[:rows]


def _window_sums(
    prefix: FloatArray, previous: FloatArray | None, window: int
) -> FloatArray:
    """Turn the prefix sums of one block into trailing ``window``-row sums.

    ``previous`` holds the prefix sums of the whole preceding block (at least
    ``window`` rows); the first rows of this block add the tail of that block,
    ``total - prefix`` at the matching row. The result is a new array.
    """
    rows = prefix.shape[0]
    head = min(window, rows)
    sums = np.empty_like(prefix)
    np.subtract(prefix[head:], prefix[: rows - head], out=sums[head:])
    if previous is None:
        sums[:head] = prefix[:head]
    else:
        skip = previous.shape[0] - window
        np.subtract(previous[-1], previous[skip : skip + head], out=sums[:head])
        sums[:head] += prefix[:head]
    return sums


def _blockwise_window_sums(
    blocks: Iterator[_PrefixSums], window: int
) -> Iterator[_PrefixSums]:
    """Yield the trailing ``window``-row sums of each block of prefix sums."""
    previous: _PrefixSums | None = None
    for prefix in blocks:
        yield {
            key: _window_sums(
                value, None if previous is None else previous[key], window
            )
            for key, value in prefix.items()
        }
        previous = prefix


def _fill_missing_shift(shift: FloatArray, block: FloatArray) -> None:
    """Take the first valid value of ``block`` as the shift of columns without one.

    Earlier blocks hold no valid value of such a column, so they contributed
    zeros to its sums whatever the shift: a late choice changes nothing.
    """
    missing = np.isnan(shift)
    if missing.any():
        shift[missing] = first_valid_values(block[:, missing])


def _column_chunks(n_assets: int, window: int) -> Iterator[slice]:
    """Yield slices of assets narrow enough for one block of them to stay in cache.

    A block goes through a dozen steps; slabs of about a mebibyte are read
    from the processor's cache instead of memory at each of them.
    """
    rows = max(window, _MIN_BLOCK_ROWS)
    width = max(_PREFIX_GROUP, _SLAB_VALUES // rows)
    for start in range(0, n_assets, width):
        yield slice(start, min(start + width, n_assets))


def _block_rows(n_periods: int, window: int) -> Iterator[slice]:
    """Yield consecutive row blocks of at least ``window`` rows (the last may be short)."""
    size = -(-max(window, _MIN_BLOCK_ROWS) // _PREFIX_GROUP) * _PREFIX_GROUP
    for start in range(0, n_periods, size):
        yield slice(start, min(start + size, n_periods))


def _paired_prefix_sums(
    x: FloatArray,
    y: FloatArray,
    shift_x: FloatArray,
    shift_y: float,
    *,
    shared_rows: bool,
    squares_of_x: bool,
) -> _PrefixSums:
    """Return the prefix sums of the shifted valid pairs of one block.

    With ``shared_rows`` every asset is valid exactly where the benchmark is,
    so the count and the benchmark sums are kept as a single column.
    """
    y_valid = ~np.isnan(y)
    dy = np.where(y_valid, y - shift_y, 0.0)
    if shared_rows:
        dx = x - shift_x
        dx[~y_valid[:, 0]] = 0.0
        valid = y_valid
    else:
        valid = ~np.isnan(x) & y_valid
        dx = np.where(valid, x - shift_x, 0.0)
        dy = np.where(valid, dy, 0.0)
    # Products first: the prefix sums of dx and dy overwrite them.
    sums = {"count": np.cumsum(valid, axis=0, dtype=np.float64)}
    sums["xy"] = _prefix_sums(dx * dy)
    sums["yy"] = _prefix_sums(dy * dy)
    if squares_of_x:
        sums["xx"] = _prefix_sums(dx * dx)
    sums["x"] = _prefix_sums(dx)
    sums["y"] = _prefix_sums(dy)
    return sums


def _slope_or_correlation(
    sums: _PrefixSums,
    min_periods: int,
    out: FloatArray,
    *,
    correlation: bool,
    shift_x: FloatArray,
    shift_y: float,
) -> None:
    """Write the OLS slope of x on y (or their correlation) computed from window sums.

    The sums are of values shifted by ``shift_x`` and ``shift_y``. The arrays
    of ``sums`` are scratch space: they are overwritten.
    """
    count, sum_x, sum_xy = sums["count"], sums["x"], sums["xy"]
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_y = sums["y"] / count
        squares_y = sums["yy"] - sums["y"] * mean_y
        undefined = (count < max(min_periods, 2)) | (
            squares_y <= _ZERO_VARIANCE_FRACTION * sums["yy"]
        )
        # A benchmark constant up to rounding (cash-like returns) has no variance.
        raw_yy = _raw_squares(sums["yy"], sums["y"], count, shift_y)
        undefined |= squares_y <= _round_off_squares(raw_yy, count)
        flat_x = None
        if correlation:
            raw_xx = _raw_squares(sums["xx"], sum_x, count, shift_x)
            # In place, slab by slab: squares_x = xx - x^2 / n.
            squares_x = np.multiply(sum_x, sum_x)
            squares_x /= count
            np.subtract(sums["xx"], squares_x, out=squares_x)
            raw_squares_x = sums["xx"]
            raw_squares_x *= _ZERO_VARIANCE_FRACTION
            flat_x = squares_x <= raw_squares_x
            flat_x |= squares_x <= _round_off_squares(raw_xx, count)
            squares_x *= squares_y
            scale = np.sqrt(squares_x, out=squares_x)
        else:
            scale = squares_y
        # sum(dx * dy) - sum(dx) * sum(dy) / n: the co-moment of the window.
        sum_x *= mean_y
        sum_xy -= sum_x
        np.divide(sum_xy, scale, out=out)
    np.copyto(out, np.nan, where=undefined)
    if flat_x is not None:
        np.copyto(out, np.nan, where=flat_x)


@compiled_twin
def rolling_slope_or_correlation(
    x: FloatArray,
    y: FloatArray,
    window: int,
    min_periods: int,
    *,
    correlation: bool,
) -> FloatArray:
    """Return the rolling OLS slope (or correlation) of each column of ``x`` on ``y``.

    ``y`` has a single column, shared by all assets. Each trailing window of
    ``window`` rows uses the rows where both values are present. A window with
    fewer than ``min_periods`` such pairs (or fewer than two), or in which a
    side does not vary, gives NaN.
    """
    result = np.empty_like(x)
    for assets in _column_chunks(x.shape[1], window):
        _rolling_slope_into(
            x[:, assets],
            y,
            window,
            min_periods,
            result[:, assets],
            correlation=correlation,
        )
    return result


@compiled_twin
def checked_rolling_slope_or_correlation(
    x: FloatArray,
    y: FloatArray,
    window: int,
    min_periods: int,
    *,
    correlation: bool,
) -> tuple[FloatArray, bool]:
    """Return :func:`rolling_slope_or_correlation` and False if ``x`` may hold an infinite value.

    NaN values do not count. False asks the caller for the full search for
    an infinite value (and its error): the slopes of such a panel are
    meaningless, and formed without floating-point warnings. Here the flag
    is exact; the compiled twin takes it from the sums it forms anyway, and
    also says False for sums that overflow (the search then finds nothing).
    """
    return _flagged(
        lambda: rolling_slope_or_correlation(
            x, y, window, min_periods, correlation=correlation
        ),
        not has_infinite(x),
    )


@compiled_twin
def value_range(values: FloatArray) -> tuple[float, float]:
    """Return the smallest and the largest value, skipping NaN (both NaN if every value is).

    Two reductions, as ``np.fmin.reduce`` and ``np.fmax.reduce`` give them;
    the compiled twin finds both in one pass. Of two zeros either may come
    back, whatever its sign.
    """
    lowest = float(np.fmin.reduce(values, axis=None))
    highest = float(np.fmax.reduce(values, axis=None))
    return lowest, highest


@compiled_twin
def smallest_value(values: FloatArray) -> float:
    """Return the smallest value, skipping NaN (NaN if every value is); see :func:`value_range`."""
    return float(np.fmin.reduce(values, axis=None))


def has_infinite(values: FloatArray) -> bool:
    """Return whether ``values`` holds an infinite value (see :func:`value_range`)."""
    lowest, highest = value_range(values)
    return lowest == -math.inf or highest == math.inf


def _rolling_slope_into(
    x: FloatArray,
    y: FloatArray,
    window: int,
    min_periods: int,
    out: FloatArray,
    *,
    correlation: bool,
) -> None:
    """Write :func:`rolling_slope_or_correlation` of the columns of ``x`` into ``out``."""
    n_periods, n_assets = x.shape
    y_valid = ~np.isnan(y[:, 0])
    shared_rows = not bool((np.isnan(x).any(axis=1) & y_valid).any())
    shift_x = np.full(n_assets, np.nan)
    shift_y = float(y[np.argmax(y_valid), 0]) if y_valid.any() else 0.0
    rows = list(_block_rows(n_periods, window))

    def prefix_sums() -> Iterator[_PrefixSums]:
        for block in rows:
            _fill_missing_shift(shift_x, x[block])
            yield _paired_prefix_sums(
                x[block],
                y[block],
                shift_x,
                shift_y,
                shared_rows=shared_rows,
                squares_of_x=correlation,
            )

    for block, sums in zip(
        rows, _blockwise_window_sums(prefix_sums(), window), strict=True
    ):
        _slope_or_correlation(
            sums,
            min_periods,
            out[block],
            correlation=correlation,
            shift_x=shift_x,
            shift_y=shift_y,
        )


@compiled_twin
def rolling_mean(values: FloatArray, window: int, min_periods: int) -> FloatArray:
    """Return the trailing ``window``-row mean of each column, skipping NaN.

    A window with fewer than ``min_periods`` valid values gives NaN. A past
    result is bit for bit the same when rows are appended. Columns are taken
    in slices narrow enough for a block of rows of them to stay in cache
    (each column's sums are its own, so the slices change no number).
    """
    result = np.empty_like(values)
    for columns in _column_chunks(values.shape[1], window):
        _rolling_mean_into(values[:, columns], window, min_periods, result[:, columns])
    return result


def _rolling_mean_into(
    values: FloatArray, window: int, min_periods: int, result: FloatArray
) -> None:
    """Write :func:`rolling_mean` of ``values`` into ``result``, a block of rows at a time."""
    if values.shape[0] and not np.isnan(values).any():
        _complete_rolling_mean_into(values, window, min_periods, result)
        return
    shift = np.full(values.shape[1], np.nan)
    rows = list(_block_rows(values.shape[0], window))

    def prefix_sums() -> Iterator[_PrefixSums]:
        for block in rows:
            _fill_missing_shift(shift, values[block])
            valid = ~np.isnan(values[block])
            shifted = np.where(valid, values[block] - shift, 0.0)
            yield {
                "count": np.cumsum(valid, axis=0, dtype=np.float64),
                "sum": _prefix_sums(shifted),
            }

    for block, sums in zip(
        rows, _blockwise_window_sums(prefix_sums(), window), strict=True
    ):
        with np.errstate(invalid="ignore", divide="ignore"):
            mean = shift + sums["sum"] / sums["count"]
        result[block] = np.where(sums["count"] >= min_periods, mean, np.nan)


def _complete_rolling_mean_into(
    values: FloatArray, window: int, min_periods: int, result: FloatArray
) -> None:
    """:func:`_rolling_mean_into` for values without NaN.

    The same sums as for values with gaps; the number of values in a window
    is then that of its rows, ``min(t + 1, window)`` at row ``t``, a whole
    number either way: no running counts, and no masks.
    """
    shift = values[0].copy()
    rows = list(_block_rows(values.shape[0], window))
    prefixes = ({"sum": _prefix_sums(values[block] - shift)} for block in rows)
    for block, sums in zip(rows, _blockwise_window_sums(prefixes, window), strict=True):
        count = _row_counts(block, window)
        out = result[block]
        np.divide(sums["sum"], count, out=out)
        out += shift
        out[count[:, 0] < min_periods] = np.nan


def paired_regression(
    dependent: FloatArray, regressor: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """Return the OLS slope and intercept of each column of ``dependent`` on ``regressor``.

    Uses the rows where both values are present, with deviations taken from
    the means. NaN for a column with fewer than two pairs or a regressor
    that does not vary over them. ``regressor`` has one column (shared by
    every column of ``dependent``) or as many as ``dependent``.
    """
    if regressor.shape[1] != 1 or np.isnan(regressor).any():
        return _paired_regression_with_gaps(dependent, regressor)
    # Sums and einsum add in an order set by the memory layout: one layout
    # (a copy only for row-major data) gives every input type the same bits.
    dependent = np.asfortranarray(dependent)
    # The column sums, needed for the means, also tell which columns hold a
    # NaN (the input is finite otherwise).
    sums = dependent.sum(axis=0)
    gappy = np.isnan(sums)
    if not gappy.any():
        return _paired_regression_complete(dependent, regressor[:, 0], sums)
    slope, intercept = np.empty(sums.shape), np.empty(sums.shape)
    slope[~gappy], intercept[~gappy] = _paired_regression_complete(
        dependent[:, ~gappy], regressor[:, 0], sums[~gappy]
    )
    slope[gappy], intercept[gappy] = _paired_regression_with_gaps(
        dependent[:, gappy], regressor
    )
    return slope, intercept


#: Rows of the blocks in which full-sample regressions form their deviations.
_PAIRED_BLOCK_ROWS = 256


def _paired_regression_complete(
    dependent: FloatArray, regressor: FloatArray, sums: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """:func:`paired_regression` for columns without NaN on one complete regressor.

    ``sums`` are the column sums of ``dependent``. Two passes, as for the
    columns with gaps, but a block of rows at a time, so that no panel of
    deviations is allocated: each block holds the deviations of ``dependent``
    from its means and, as a last column, those of the regressor, and one
    product with the regressor's deviations gives ``sum(dx * dy)`` and
    ``sum(dx * dx)`` by the same loop (a column equal to the regressor has a
    slope of exactly 1).
    """
    count, n_assets = dependent.shape
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = regressor.sum() / count
        mean_y = sums / count
    dx = regressor - mean_x
    moments = np.zeros(n_assets + 1)
    block = np.empty((min(_PAIRED_BLOCK_ROWS, count), n_assets + 1), order="F")
    for start in range(0, count, _PAIRED_BLOCK_ROWS):
        rows = slice(start, min(start + _PAIRED_BLOCK_ROWS, count))
        part = block[: rows.stop - start]
        np.subtract(dependent[rows], mean_y, out=part[:, :n_assets])
        part[:, n_assets] = dx[rows]
        # einsum rather than a BLAS product: BLAS threads stall on a busy machine.
        moments += np.einsum("i,ij->j", dx[rows], part)
    co_moment, squares = moments[:n_assets], float(moments[n_assets])
    raw_squares = squares + count * mean_x * mean_x
    if count < 2 or squares <= _ZERO_VARIANCE_FRACTION * raw_squares:
        undefined = np.full(mean_y.shape, np.nan)
        return undefined, undefined.copy()
    slope = co_moment / squares
    return slope, mean_y - slope * mean_x


def _paired_regression_with_gaps(
    dependent: FloatArray, regressor: FloatArray
) -> tuple[FloatArray, FloatArray]:
    """:func:`paired_regression` on the rows where both values are present, two passes."""
    valid = ~np.isnan(dependent) & ~np.isnan(regressor)
    count = np.count_nonzero(valid, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = np.where(valid, regressor, 0.0).sum(axis=0) / count
        mean_y = np.where(valid, dependent, 0.0).sum(axis=0) / count
        dx = np.where(valid, regressor - mean_x, 0.0)
        dy = np.where(valid, dependent - mean_y, 0.0)
        squares = np.einsum("ij,ij->j", dx, dx)
        slope = np.einsum("ij,ij->j", dx, dy) / squares
    # Relative to the raw sum of squares, as for the rolling moments.
    raw_squares = squares + count * mean_x * mean_x
    undefined = (count < 2) | (squares <= _ZERO_VARIANCE_FRACTION * raw_squares)
    slope = np.where(undefined, np.nan, slope)
    return slope, mean_y - slope * mean_x


def share_above(x: FloatArray, y: FloatArray) -> FloatArray:
    """Return the share of rows with ``x > y`` among the rows where both are present."""
    valid = ~np.isnan(x) & ~np.isnan(y)
    count = np.count_nonzero(valid, axis=0)
    above = np.count_nonzero(valid & (x > y), axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        return np.where(count > 0, above / count, np.nan)


def log_growth_where_benchmark(
    x: FloatArray, y: FloatArray, *, rising: bool
) -> tuple[FloatArray, FloatArray, np.ndarray[tuple[int], np.dtype[np.intp]]]:
    """Return ``sum(log(1 + r))`` of ``x`` and ``y`` over the rows where ``y`` rose (fell).

    ``y`` has one column. Only rows where both are present count; ``y == 0``
    is neither rising nor falling. Also returns the number of such rows per
    column. The logarithms of the other rows are multiplied by 0: every
    column, and ``y``, is then summed pairwise over the same rows, so a
    column equal to ``y`` gets the same sum to the last bit. Columns with a
    missing value (0 times NaN is NaN) are summed again over their own rows.
    """
    side = y[:, 0] > 0.0 if rising else y[:, 0] < 0.0
    weight = side.astype(np.float64)
    with np.errstate(divide="ignore", invalid="ignore"):
        # Column-major, so that each column's sum runs along its own rows.
        x_logs = np.log1p(np.asfortranarray(x))
        x_logs *= weight[:, np.newaxis]
        y_logs = np.log1p(y[:, 0]) * weight
    y_logs[np.isnan(y_logs)] = 0.0  # a missing benchmark value is on no side
    x_growth = x_logs.sum(axis=0)
    y_growth = np.full(x_growth.shape, y_logs.sum())
    count = np.full(x_growth.shape, np.count_nonzero(side), dtype=np.intp)
    gappy = np.flatnonzero(np.isnan(x_growth))
    if gappy.size:
        with np.errstate(divide="ignore"):
            logs = np.log1p(x[:, gappy])
        selected = side[:, np.newaxis] & ~np.isnan(logs)
        x_growth[gappy] = np.where(selected, logs, 0.0).sum(axis=0)
        y_growth[gappy] = np.where(selected, y_logs[:, np.newaxis], 0.0).sum(axis=0)
        count[gappy] = np.count_nonzero(selected, axis=0)
    return x_growth, y_growth, count


# --- regression with HAC errors (rates) ---
#
# Every column (asset) is regressed on one regressor with an intercept, by
# ordinary least squares. With a single regressor the Newey-West variance of
# the slope needs only the scalar scores h_t = (x_t - mean(x)) e_t: it is the
# (slope, slope) entry of the sandwich (X'X)^-1 S (X'X)^-1, which reduces to
#
#     var(beta) = [g_0 + 2 sum_{l=1..L} w_l g_l] / Sxx^2,  g_l = sum_t h_t h_{t-l},
#
# with Bartlett weights w_l = 1 - l / (L + 1). The residuals and scores are
# formed a slab of rows at a time and consumed at once (the lagged products
# need the last L rows of the previous slab), so no panel-sized temporary is
# allocated and each slab stays in the CPU cache while the L lags are summed.

_HAC_BLOCK_ROWS = 256
_ArrayT = TypeVar("_ArrayT", bound="np.ndarray[Any, Any]")


class SlopeFit(NamedTuple):
    """OLS slope of each column on one regressor, with its Newey-West error.

    Every field has one entry per column. A column with fewer than three
    observations, or whose regressor does not vary, has NaN statistics.
    """

    beta: FloatArray
    stderr: FloatArray
    r2: FloatArray
    nobs: np.ndarray[tuple[int], np.dtype[np.intp]]
    lags: np.ndarray[tuple[int], np.dtype[np.intp]]


def newey_west_lags(
    nobs: np.ndarray[tuple[int], np.dtype[np.intp]],
) -> np.ndarray[tuple[int], np.dtype[np.intp]]:
    """Return the rule-of-thumb lag truncation ``floor(4 (n / 100) ** (2 / 9))``."""
    with np.errstate(divide="ignore"):
        lags = np.floor(4.0 * (nobs / 100.0) ** (2.0 / 9.0))
    return lags.astype(np.intp)


def _pairs_to_top(
    dependent: FloatArray, regressor: FloatArray, valid: _BoolPanel
) -> tuple[FloatArray, FloatArray]:
    """Move each column's valid rows to the top, in order, with zeros below.

    The result is what a per-column ``dropna`` followed by zero padding gives:
    the observations on either side of a gap become neighbours, as when a
    regression drops its missing rows.
    """
    rows, columns = np.nonzero(valid)
    ranks = np.cumsum(valid, axis=0)[rows, columns] - 1
    packed_y = np.zeros(dependent.shape)
    packed_x = np.zeros(dependent.shape)
    packed_y[ranks, columns] = dependent[rows, columns]
    packed_x[ranks, columns] = regressor[rows]
    return packed_y, packed_x


@compiled_twin
def _hac_sums(
    dependent: FloatArray,
    centred_x: FloatArray,
    mean_y: FloatArray,
    beta: FloatArray,
    valid: _BoolPanel | None,
    max_lag: int,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Return the total and residual sums of squares and the score autocovariances.

    ``centred_x`` is ``(periods, 1)`` (one regressor for every column) or
    ``(periods, assets)`` with zeros where ``valid`` is False. The third array
    holds ``g_l`` for ``l = 0 .. max_lag`` (one row per lag).
    """
    n_periods, n_assets = dependent.shape
    block = _HAC_BLOCK_ROWS
    total = np.zeros(n_assets)
    residual = np.zeros(n_assets)
    gammas = np.zeros((max_lag + 1, n_assets))
    # Rows [0, max_lag) hold the scores of the previous slab's last rows.
    scores = np.zeros((max_lag + block, n_assets), order="F")
    scratch = np.empty((block, n_assets), order="F")
    for start in range(0, n_periods, block):
        stop = min(start + block, n_periods)
        size = stop - start
        current = scores[max_lag : max_lag + size]
        np.subtract(dependent[start:stop], mean_y, out=current)
        if valid is not None:
            current *= valid[start:stop]
        total += np.einsum("ij,ij->j", current, current)
        x_rows = centred_x[start:stop]
        np.multiply(x_rows, beta, out=scratch[:size])
        current -= scratch[:size]
        residual += np.einsum("ij,ij->j", current, current)
        current *= x_rows
        gammas[0] += np.einsum("ij,ij->j", current, current)
        for lag in range(1, max_lag + 1):
            lagged = scores[max_lag - lag : max_lag - lag + size]
            gammas[lag] += np.einsum("ij,ij->j", current, lagged)
        if max_lag:
            # Keep the last max_lag rows of scores (zeros before the data).
            scores[:max_lag] = scores[size : size + max_lag]
    return total, residual, gammas


def ols_slope_hac(
    dependent: FloatArray,
    regressor: FloatArray,
    lags: int | None,
    sums: FloatArray | None = None,
) -> SlopeFit:
    """Regress each column of ``dependent`` on ``regressor`` with Newey-West errors.

    ``regressor`` is one-dimensional without NaN (rows without it are dropped
    by the caller); a NaN in a column of ``dependent`` drops that row for that
    column only, and the rows on either side become neighbours in the HAC sum
    (as ``statsmodels`` does with ``missing="drop"``). ``lags`` is the Bartlett
    truncation lag; ``None`` takes :func:`newey_west_lags` of each column's
    number of observations. Columns without NaN take a faster path.
    ``sums`` are the column sums of ``dependent`` when the caller has them
    (see :func:`column_sums_if_finite`).
    """
    # The column sums, needed for the means, also tell which columns hold a
    # NaN (the input is finite otherwise): no separate pass to look for them.
    if sums is None:
        sums = dependent.sum(axis=0)
    gappy = np.isnan(sums)
    if not gappy.any():
        return _slope_hac_complete(dependent, regressor, lags, sums)
    if gappy.all():
        return _slope_hac_with_gaps(dependent, regressor, ~np.isnan(dependent), lags)
    complete = _slope_hac_complete(dependent[:, ~gappy], regressor, lags, sums[~gappy])
    with_gaps = dependent[:, gappy]
    gaps = _slope_hac_with_gaps(with_gaps, regressor, ~np.isnan(with_gaps), lags)
    return SlopeFit(
        _interleave(complete.beta, gaps.beta, gappy),
        _interleave(complete.stderr, gaps.stderr, gappy),
        _interleave(complete.r2, gaps.r2, gappy),
        _interleave(complete.nobs, gaps.nobs, gappy),
        _interleave(complete.lags, gaps.lags, gappy),
    )


def column_sums_if_finite(dependent: FloatArray) -> tuple[FloatArray, bool]:
    """Return the column sums of ``dependent`` and whether it is free of infinite values.

    A column's sum is infinite or NaN if the column holds an infinite value,
    so finite sums clear the panel without another pass. If a column has
    NaN (a NaN sum), :func:`has_infinite` searches the panel instead. A sum
    that overflows is a false alarm, also next to a column with NaN: the
    caller's full search then finds nothing, and the caller forms the sums
    again, with numpy's warning.
    """
    with np.errstate(invalid="ignore", over="ignore"):  # told by the result
        sums = dependent.sum(axis=0)
    if np.isinf(sums).any():  # an infinite value, or a sum that overflowed
        return sums, False
    if np.isnan(sums).any():
        return sums, not has_infinite(dependent)
    return sums, True


def _interleave(
    unmarked: _ArrayT, marked: _ArrayT, mask: np.ndarray[Any, np.dtype[np.bool_]]
) -> _ArrayT:
    """Return one array holding ``marked`` where ``mask`` is True, ``unmarked`` elsewhere."""
    result = np.empty(mask.shape, dtype=unmarked.dtype)
    result[~mask] = unmarked
    result[mask] = marked
    return cast("_ArrayT", result)


def _slope_hac_complete(
    dependent: FloatArray, regressor: FloatArray, lags: int | None, sums: FloatArray
) -> SlopeFit:
    """:func:`ols_slope_hac` for columns without NaN: one regressor for all.

    ``sums`` are the column sums of ``dependent``.
    """
    n_periods, n_assets = dependent.shape
    nobs = np.full(n_assets, n_periods, dtype=np.intp)
    # No row at all (no yield change) gives NaN means, not a RuntimeWarning:
    # the fit is then marked undefined below (nobs < 3).
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = regressor.sum() / n_periods
        centred = regressor - mean_x
        mean_y = sums / n_periods
    # einsum rather than a BLAS product: BLAS threads stall on a busy machine.
    squares = float(np.einsum("i,i->", centred, centred))
    if squares <= _round_off_squares(squares + n_periods * mean_x**2, n_periods):
        squares = 0.0  # constant up to rounding: no slope (marked undefined)
    squares_x = np.full(n_assets, squares)
    co_moment = np.einsum("i,ij->j", centred, dependent)
    co_moment -= mean_y * centred.sum()
    centred_x = centred[:, np.newaxis]
    return _finish_slope_hac(
        dependent, centred_x, mean_y, squares_x, co_moment, nobs, None, lags
    )


def _slope_hac_with_gaps(
    dependent: FloatArray, regressor: FloatArray, valid: _BoolPanel, lags: int | None
) -> SlopeFit:
    """:func:`ols_slope_hac` for columns with NaN: each column's rows packed first."""
    n_periods = dependent.shape[0]
    packed_y, packed_x = _pairs_to_top(dependent, regressor, valid)
    nobs = np.count_nonzero(valid, axis=0)
    in_sample = np.arange(n_periods)[:, np.newaxis] < nobs
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_x = packed_x.sum(axis=0) / nobs
        mean_y = packed_y.sum(axis=0) / nobs
    centred_x = np.where(in_sample, packed_x - mean_x, 0.0)
    squares_x = np.einsum("ij,ij->j", centred_x, centred_x)
    # Constant up to rounding: no slope (marked undefined).
    raw_squares = squares_x + nobs * mean_x**2
    squares_x = np.where(
        squares_x <= _round_off_squares(raw_squares, nobs), 0.0, squares_x
    )
    # sum(dx * (y - mean y)) over the valid rows: the padding has dx = 0.
    co_moment = np.einsum("ij,ij->j", centred_x, packed_y)
    co_moment -= np.nan_to_num(mean_y) * centred_x.sum(axis=0)
    return _finish_slope_hac(
        packed_y, centred_x, mean_y, squares_x, co_moment, nobs, in_sample, lags
    )


def _finish_slope_hac(
    dependent: FloatArray,
    centred_x: FloatArray,
    mean_y: FloatArray,
    squares_x: FloatArray,
    co_moment: FloatArray,
    nobs: np.ndarray[tuple[int], np.dtype[np.intp]],
    valid: _BoolPanel | None,
    lags: int | None,
) -> SlopeFit:
    """Compute the slope, its Newey-West error and r2 from the first-pass sums."""
    n_periods = dependent.shape[0]
    with np.errstate(invalid="ignore", divide="ignore"):
        beta = co_moment / squares_x
    lag_array = (
        newey_west_lags(nobs)
        if lags is None
        else np.full(nobs.shape, lags, dtype=np.intp)
    )
    max_lag = int(min(lag_array.max(initial=0), max(n_periods - 1, 0)))
    safe_beta = np.where(np.isfinite(beta), beta, 0.0)
    total, residual, gammas = _hac_sums(
        dependent, centred_x, np.nan_to_num(mean_y), safe_beta, valid, max_lag
    )
    steps = np.arange(1, max_lag + 1)[:, np.newaxis]
    weights = np.clip(1.0 - steps / (lag_array + 1.0), 0.0, None)
    long_run = gammas[0] + 2.0 * np.einsum("ij,ij->j", weights, gammas[1:])
    with np.errstate(invalid="ignore", divide="ignore"):
        stderr = np.sqrt(np.maximum(long_run, 0.0)) / squares_x
        r2 = 1.0 - residual / total
    # A dependent constant up to rounding does not move with the regressor:
    # slope and error are exactly zero, and r2 (0 / 0) is undefined.
    raw_total = total + nobs * np.nan_to_num(mean_y) ** 2
    flat_y = total <= _round_off_squares(raw_total, nobs)
    beta = np.where(flat_y, 0.0, beta)
    # Residuals that are rounding noise: an exact fit, whose error is zero.
    exact = residual <= _round_off_squares(raw_total, nobs)
    stderr = np.where(flat_y | exact, 0.0, stderr)
    r2 = np.where(flat_y, np.nan, r2)
    undefined = (nobs < 3) | ~(squares_x > 0.0)
    beta = np.where(undefined, np.nan, beta)
    stderr = np.where(undefined, np.nan, stderr)
    r2 = np.where(undefined, np.nan, r2)
    return SlopeFit(beta, stderr, r2, nobs, lag_array)


# --- event windows and policy cycles (rates) ---


def event_paths(
    returns: FloatArray,
    benchmark: FloatArray | None,
    rows: np.ndarray[tuple[int], np.dtype[np.intp]],
    offsets: np.ndarray[tuple[int], np.dtype[np.intp]],
    *,
    compound: bool,
) -> np.ndarray[tuple[int, int, int], np.dtype[np.float64]]:
    """Return the cumulative return paths around each event row.

    The result has shape ``(events, len(offsets), assets)``: entry ``[e, k]``
    cumulates the returns of rows ``rows[e] + offsets[0] .. rows[e] +
    offsets[k]``. Summed (``compound=False``) or compounded; with a
    ``benchmark`` (one column) its path is subtracted. Every window must lie
    inside the data. A NaN return makes the rest of that path NaN.
    """
    positions = rows[:, np.newaxis] + offsets[np.newaxis, :]
    window = returns[positions]
    if compound:
        paths = np.cumprod(1.0 + window, axis=1) - 1.0
        if benchmark is not None:
            paths -= np.cumprod(1.0 + benchmark[positions], axis=1) - 1.0
    else:
        if benchmark is not None:
            window = window - benchmark[positions]
        paths = np.cumsum(window, axis=1)
    result: np.ndarray[tuple[int, int, int], np.dtype[np.float64]] = paths
    return result


def event_path_statistics(
    paths: np.ndarray[tuple[int, int, int], np.dtype[np.float64]],
) -> tuple[FloatArray, FloatArray, np.ndarray[tuple[int], np.dtype[np.intp]]]:
    """Return the mean path, its t-statistic and the number of events per asset.

    ``paths`` is ``(events, periods, assets)``; an event counts for an asset
    when its whole path is present. The t-statistic is
    ``mean / (std / sqrt(n))`` with the sample standard deviation across the
    counted events (NaN with fewer than two).
    """
    n_events, n_offsets, n_assets = paths.shape
    complete = np.asarray(~np.isnan(paths).any(axis=1), dtype=np.bool_)
    counted = np.where(complete[:, np.newaxis, :], paths, np.nan)
    mean, std = nan_mean_std(counted.reshape(n_events, n_offsets * n_assets))
    mean = mean.reshape(n_offsets, n_assets)
    std = std.reshape(n_offsets, n_assets)
    count = np.count_nonzero(complete, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        tstat = mean / (std / np.sqrt(count))
    return mean, tstat, count


class PolicyCycles(NamedTuple):
    """The policy-cycle state of every row (see :func:`policy_cycles`)."""

    direction: np.ndarray[tuple[int], np.dtype[np.int8]]
    start_row: np.ndarray[tuple[int], np.dtype[np.intp]]
    moves: np.ndarray[tuple[int], np.dtype[np.intp]]
    change: FloatArray
    last_move_row: np.ndarray[tuple[int], np.dtype[np.intp]]


def policy_cycles(
    move_rows: np.ndarray[tuple[int], np.dtype[np.intp]],
    changes: FloatArray,
    hold_rows: np.ndarray[tuple[int], np.dtype[np.intp]],
    n_rows: int,
    first_row: int,
) -> PolicyCycles:
    """Label every row with the policy cycle it belongs to.

    ``move_rows`` (increasing) are the rows where the rate moved by
    ``changes`` (non-zero); ``hold_rows[k]`` is the first row on which a hold
    begins if no move follows move ``k``. A move starts a new cycle when it
    goes the other way than the previous one or comes on or after that
    move's hold row. ``direction`` is -1 (cutting), +1 (hiking) or 0 (hold);
    in a hold, ``start_row`` is the row the hold began (``first_row`` before
    the first move), ``moves`` is 0 and ``change`` 0.
    """
    rows = np.arange(n_rows)
    if move_rows.size == 0:
        return PolicyCycles(
            np.zeros(n_rows, dtype=np.int8),
            np.full(n_rows, first_row, dtype=np.intp),
            np.zeros(n_rows, dtype=np.intp),
            np.zeros(n_rows),
            np.full(n_rows, -1, dtype=np.intp),
        )
    direction = np.sign(changes).astype(np.int8)
    new_cycle = np.ones(move_rows.size, dtype=np.bool_)
    turned = direction[1:] != direction[:-1]
    new_cycle[1:] = turned | (move_rows[1:] >= hold_rows[:-1])
    first_move = np.flatnonzero(new_cycle)[np.cumsum(new_cycle) - 1]
    moves_in_cycle = np.arange(move_rows.size) - first_move + 1
    running = np.cumsum(changes)
    cycle_change = running - running[first_move] + changes[first_move]
    last = np.searchsorted(move_rows, rows, side="right") - 1
    seen = last >= 0
    last = np.maximum(last, 0)
    hold = ~seen | (rows >= hold_rows[last])
    hold_start = np.where(seen, hold_rows[last], first_row)
    return PolicyCycles(
        np.where(hold, 0, direction[last]).astype(np.int8),
        np.where(hold, hold_start, move_rows[first_move[last]]),
        np.where(hold, 0, moves_in_cycle[last]),
        np.where(hold, 0.0, cycle_change[last]),
        np.where(seen, move_rows[last], -1),
    )


# --- causal standardisation (valuation) ---
#
# A causal z-score needs the mean and standard deviation of the window that
# ends at each row (or of every row so far). They come from running sums of the
# values shifted by a reference per column (its first valid value, which later
# rows cannot change), so that a large common level (multiples near 1e6 with a
# tiny spread) costs no precision. Rolling sums restart at every segment of at
# least ``window`` rows, so no sum runs over more than two segments; expanding
# sums carry the totals of earlier rows forward. The rows are processed in
# chunks that stay in the processor's cache, with buffers allocated once per
# call; only the present and the previous segment of running sums are kept.
#
# Running sums cannot tell a window without variation from one whose spread is
# lost in rounding. Windows whose variance is tiny against the running sums it
# was computed from are therefore checked against their values: a window whose
# valid values are all equal has no z-score (NaN, as with pandas), and any
# other is recomputed from its values in two passes.

# Rows are standardised in chunks of about this many values (1 MiB of floats),
# small enough to stay in the processor's cache, of 16 to 256 rows. Wide
# panels are standardised in slices of columns that fill whole chunks of 256
# rows: numpy then works along long stretches of each column, and a column's
# z-scores do not depend on how many columns the panel has.
_STANDARDISE_CHUNK_VALUES = 1 << 17
_STANDARDISE_CHUNK_ROWS = 256
_STANDARDISE_SLICE_COLUMNS = _STANDARDISE_CHUNK_VALUES // _STANDARDISE_CHUNK_ROWS
# Running sums round off by about eps times the largest sum of squares they
# hold; below this fraction of that sum, a window's variance is recomputed
# from its values, which keeps z-scores exact to about 1e-10.
_RECHECK_VARIANCE_FRACTION = 1e-6
# Windows are recomputed in groups of at most this many values.
_GATHER_VALUES = 1 << 22

_ComplexArray = np.ndarray[tuple[int, int], np.dtype[np.complex128]]
_ComplexRow = np.ndarray[tuple[int], np.dtype[np.complex128]]
_CountArray = np.ndarray[tuple[int, int], np.dtype[np.int32]]
_CountRow = np.ndarray[tuple[int], np.dtype[np.int32]]
_Chunked = np.ndarray[tuple[int, int, int], Any]


# Running sums are formed in groups of 16 rows: step k adds row k - 1 to row k
# of every group of every column at once (15 vectorized steps), instead of
# numpy.cumsum's one long chain of dependent additions per column; the group
# totals are then carried forward with a short cumsum. This is about twice as
# fast, and the additions happen in the same order whatever the number of
# rows, so appending rows never changes a past sum.
_RUNNING_GROUP = 16


def _padded_rows(rows: int) -> int:
    """Return ``rows`` rounded up to whole groups of running sums."""
    return -(-rows // _RUNNING_GROUP) * _RUNNING_GROUP


def _running_sums_in_place(work: _ComplexArray) -> None:
    """Replace ``work`` by its cumulative sums down axis 0.

    ``work`` holds whole groups of rows, each column contiguous in memory
    (a block of rows of a column-major array). Within each group the values
    are summed one after the other; each group then adds the total of the
    groups before it in its column.
    """
    rows, cols = work.shape
    n_groups = rows // _RUNNING_GROUP
    groups = work.T.reshape(cols, n_groups, _RUNNING_GROUP)
    if not np.may_share_memory(groups, work):  # pragma: no cover - layout guard
        np.cumsum(work, axis=0, out=work)
        return
    if not work.flags.f_contiguous:
        # Part of a block (the last rows of a panel): columns are apart.
        for k in range(1, _RUNNING_GROUP):
            np.add(groups[:, :, k], groups[:, :, k - 1], out=groups[:, :, k])
        carried = np.cumsum(groups[:, :-1, -1], axis=1)
        groups[:, 1:, :] += carried[:, :, np.newaxis]
        return
    # A whole block: one line per group of each column, so that every
    # addition below is one long strided loop (slices of the groups by
    # column would give numpy inner loops of a few values each).
    lines = groups.reshape(cols * n_groups, _RUNNING_GROUP)
    for k in range(1, _RUNNING_GROUP):
        np.add(lines[:, k], lines[:, k - 1], out=lines[:, k])
    # The first group of a column carries -0.0, which leaves every value as
    # it is (even +0.0).
    carried = np.empty((cols, n_groups), dtype=work.dtype)
    carried[:, 0] = complex(-0.0, -0.0)
    np.cumsum(groups[:, :-1, -1], axis=1, out=carried[:, 1:])
    # Each group adds its total carried in one broadcast pass (the same sums
    # as sixteen strided ones, in two thirds of the time).
    np.add(lines, carried.reshape(-1, 1), out=lines)


def _moment_running_sums(
    x: FloatArray,
    shift: FloatArray,
    deviations: FloatArray,
    out: _ComplexArray,
    counts: _CountArray | None,
    carried: _ComplexRow | None = None,
    carried_counts: _CountRow | None = None,
) -> None:
    """Write ``x - shift`` into ``deviations``, and its running sums and those of its square into ``out``.

    ``deviations`` (as many rows as ``x``) keeps NaN where ``x`` has it; the
    z-scores are then formed in place from it (:func:`_standardise_chunk`),
    without reading ``x`` again. The sums and the sums of squares are the
    real and imaginary parts of one complex array, so that one pass of
    additions forms both. ``out`` holds whole groups of rows (rows past those
    of ``x`` are padding, set to zero) in a column-major block. ``carried``
    (one row) holds the sums of the rows before ``x``: added to the first
    row, the running sums carry it down. With ``counts``, NaN values count as
    absent and ``counts`` (as many rows as ``x``) receives the running number
    of valid values, after ``carried_counts``.
    """
    size = x.shape[0]
    shifted = out.real
    np.subtract(x, shift, out=deviations)
    shifted[:size] = deviations
    out[size:] = 0.0
    if counts is None:
        np.multiply(deviations, deviations, out=out.imag[:size])
    else:
        valid = ~np.isnan(x)
        shifted[:size][~valid] = 0.0
        np.copyto(counts, valid)
        if carried_counts is not None:
            counts[0] += carried_counts
        np.cumsum(counts, axis=0, out=counts)
        np.multiply(shifted[:size], shifted[:size], out=out.imag[:size])
    if carried is not None:
        out[0] += carried
    _running_sums_in_place(out)


class _Scratch(NamedTuple):
    """Buffers for one chunk of rows, allocated once per call and reused."""

    sums: _ComplexArray
    mean: FloatArray
    spread: FloatArray
    recheck: _BoolPanel

    @classmethod
    def allocate(cls, rows: int, columns: int) -> _Scratch:
        """Return column-major buffers of ``rows`` x ``columns``."""
        shape = (rows, columns)
        return cls(
            np.empty(shape, np.complex128, order="F"),
            np.empty(shape, order="F"),
            np.empty(shape, order="F"),
            np.empty(shape, np.bool_, order="F"),
        )

    def head(self, rows: int) -> _Scratch:
        """Return the buffers cut to their first ``rows`` rows."""
        return _Scratch(
            self.sums[:rows],
            self.mean[:rows],
            self.spread[:rows],
            self.recheck[:rows],
        )

    def columns(self, count: int) -> _Scratch:
        """Return the buffers cut to their first ``count`` columns."""
        return _Scratch(
            self.sums[:, :count],
            self.mean[:, :count],
            self.spread[:, :count],
            self.recheck[:, :count],
        )


class _RollingBuffers(NamedTuple):
    """Buffers of :func:`_rolling_zscore`, allocated once for every slice of columns.

    Fresh buffers for each slice would be faulted into memory again, page by
    page: about a tenth of the time on 5,000 assets. ``segments`` holds the
    running sums of the present and of the previous segment, ``counts`` the
    running counts of valid values and the window counts of a chunk (panels
    with NaN only).
    """

    segments: tuple[_Chunked, _Chunked]
    scratch: _Scratch
    counts: tuple[_Chunked, _Chunked, _CountArray] | None

    @classmethod
    def allocate(
        cls, n_periods: int, columns: int, window: int, *, has_nan: bool
    ) -> _RollingBuffers:
        """Return the buffers for ``columns`` columns of ``n_periods`` rows.

        A segment is whole chunks, at least ``window`` rows (but no more than
        the data need).
        """
        chunk = _chunk_rows(columns)
        segment = -(-min(window, n_periods) // chunk) * chunk
        counts = None
        if has_nan:
            counts = (
                _chunked(segment, columns, chunk, np.int32),
                _chunked(segment, columns, chunk, np.int32),
                np.empty((chunk, columns), np.int32, order="F"),
            )
        return cls(
            (
                _chunked(segment, columns, chunk, np.complex128),
                _chunked(segment, columns, chunk, np.complex128),
            ),
            _Scratch.allocate(chunk, columns),
            counts,
        )

    @property
    def chunk(self) -> int:
        """Return the rows of a chunk."""
        return int(self.segments[0].shape[1])

    @property
    def segment(self) -> int:
        """Return the rows of a segment."""
        blocks, chunk = self.segments[0].shape[:2]
        return int(blocks * chunk)

    def columns(self, count: int) -> _RollingBuffers:
        """Return the buffers cut to their first ``count`` columns."""
        now, before = self.segments
        counts = None
        if self.counts is not None:
            now_n, before_n, window_n = self.counts
            counts = (now_n[:, :, :count], before_n[:, :, :count], window_n[:, :count])
        return _RollingBuffers(
            (now[:, :, :count], before[:, :, :count]),
            self.scratch.columns(count),
            counts,
        )


class _RunningSquares(NamedTuple):
    """The running sums of squares behind the window sums of a chunk of rows.

    ``sums`` holds them row by row; ``carried``, when given, is added to the
    first ``carried_rows`` rows (the previous segment, for windows that begin
    in it).
    """

    sums: FloatArray
    carried: FloatArray | None = None
    carried_rows: int = 0

    def largest(self) -> FloatArray:
        """Return, per column, a bound on every row's running sum (the last row's, carry included)."""
        last: FloatArray = self.sums[-1]
        if self.carried is not None and self.carried_rows > 0:
            last = last + self.carried
        return last

    def by_row(self, columns: _Positions) -> FloatArray:
        """Return the running sum behind each row of ``columns`` (a new array)."""
        rows: FloatArray = self.sums[:, columns]
        if self.carried is not None and self.carried_rows > 0:
            rows[: self.carried_rows] += self.carried[columns]
        return rows


def _suspect_columns(
    spread: FloatArray, count: FloatArray, least: int, running: _RunningSquares
) -> _Positions:
    """Return the columns with a window whose variance may be rounding noise.

    Running sums only grow down a chunk, so a column's last row bounds all of
    its rows: most columns have no window near the bound, as one reduction
    proves. The rows before the first window with enough values (the start
    of a rolling or expanding window) are left out; they give NaN anyway.
    """
    if count.shape[1] == 1:
        enough = count[:, 0] >= least
        if not enough.any():
            return np.empty(0, dtype=np.intp)
        spread = spread[int(np.argmax(enough)) :]
    lowest = np.fmin.reduce(spread, axis=0)
    return np.flatnonzero(lowest <= _RECHECK_VARIANCE_FRACTION * running.largest())


def _standardise_chunk(
    x: FloatArray,
    count: FloatArray,
    running: _RunningSquares,
    min_periods: int,
    scratch: _Scratch,
    out: FloatArray,
) -> _BoolPanel | None:
    """Turn ``out``, the chunk's ``x - shift``, into its z-scores; return the windows to recheck.

    ``scratch.sums`` holds the window sums of the shifted values (real part)
    and of their squares (imaginary part); ``count`` the valid values per
    window, one column when it is the same for every asset; ``running`` the
    running sums of squares behind each row's window sums. The returned mask
    is a new array.
    """
    total, squares = scratch.sums.real, scratch.sums.imag
    mean, spread, recheck = scratch.mean, scratch.spread, scratch.recheck
    least = max(min_periods, 2)
    with np.errstate(invalid="ignore", divide="ignore"):
        np.multiply(total, 1.0 / count, out=mean)
        np.multiply(total, mean, out=spread)
        # sum(d^2) - sum(d)^2 / n: the sum of squared deviations of the window.
        np.subtract(squares, spread, out=spread)
        suspects = _suspect_columns(spread, count, least, running)
        suspect = suspects.size > 0
        if suspect:
            # Row by row, so that appending rows never changes a past verdict.
            bound = running.by_row(suspects)
            bound *= _RECHECK_VARIANCE_FRACTION
            recheck[...] = False
            recheck[:, suspects] = spread[:, suspects] <= bound
        spread *= 1.0 / (count - 1.0)
        np.sqrt(spread, out=spread)
        out -= mean
        out /= spread
    too_few = count < least
    if too_few.shape[1] == 1:
        too_few = too_few[:, 0]
    if too_few.any():
        out[too_few] = np.nan
        if suspect:
            recheck[too_few] = False
    if not suspect:
        return None
    if count.shape[1] != 1:  # some values are missing: NaN rows need no recheck
        recheck &= ~np.isnan(x)
    if not recheck.any():
        return None
    out[recheck] = np.nan
    flagged: _BoolPanel = recheck.copy()
    return flagged


def _chunk_rows(n_assets: int) -> int:
    """Return the rows of a chunk: whole groups of running sums, about 1 MiB.

    ``n_assets`` counts the columns of the panel or of its slice: a slice
    has at most ``_STANDARDISE_SLICE_COLUMNS``.
    """
    rows = _STANDARDISE_CHUNK_VALUES // max(
        min(n_assets, _STANDARDISE_SLICE_COLUMNS), 1
    )
    rows -= rows % _RUNNING_GROUP
    return min(max(rows, _RUNNING_GROUP), _STANDARDISE_CHUNK_ROWS)


def _row_counts(rows: slice, window: int | None) -> FloatArray:
    """Return the number of rows in the window ending at each row of ``rows``."""
    counts = np.arange(rows.start + 1, rows.stop + 1, dtype=np.float64)
    if window is not None:
        np.minimum(counts, window, out=counts)
    return counts[:, np.newaxis]


def _row_chunks(start: int, stop: int, size: int) -> Iterator[slice]:
    """Yield consecutive row slices of ``size`` rows from ``start`` to ``stop``."""
    for first in range(start, stop, size):
        yield slice(first, min(first + size, stop))


def _chunked(rows: int, columns: int, chunk: int, dtype: type[Any]) -> _Chunked:
    """Return an empty ``(rows // chunk, chunk, columns)`` buffer of column-major chunks."""
    blocks: _Chunked = np.empty((rows // chunk, columns, chunk), dtype=dtype).transpose(
        0, 2, 1
    )
    return blocks


def _pieces(
    blocks: _Chunked, start: int, stop: int
) -> Iterator[tuple[int, np.ndarray[tuple[int, int], Any]]]:
    """Yield ``(offset, rows)``: the rows ``[start, stop)`` of chunked ``blocks`` in pieces."""
    chunk = blocks.shape[1]
    offset = 0
    while start < stop:
        block, row = divmod(start, chunk)
        size = min(stop - start, chunk - row)
        yield offset, blocks[block, row : row + size]
        offset += size
        start += size


def _window_sums_into(
    out: np.ndarray[tuple[int, int], Any],
    current: _Chunked,
    tail: _Chunked | None,
    local: slice,
    window: int,
) -> None:
    """Write the sums over the ``window`` rows ending at each row of ``local``.

    ``current`` holds the running sums of the present segment (in chunks, up
    to ``local.stop``; ``local`` is one chunk). ``tail`` holds, for each row
    of the whole previous segment (at least ``window`` rows), the sum of the
    rows after it (``None`` for the first segment): a window that begins in
    the previous segment adds that tail.
    """
    chunk = current.shape[1]
    now = current[local.start // chunk, : local.stop - local.start]
    inside = min(max(local.start, window), local.stop)
    split = inside - local.start
    for offset, earlier in _pieces(current, inside - window, local.stop - window):
        rows = slice(split + offset, split + offset + earlier.shape[0])
        np.subtract(now[rows], earlier, out=out[rows])
    if split == 0:
        return
    if tail is None:
        out[:split] = now[:split]
        return
    begin = tail.shape[0] * chunk - window + local.start
    for offset, after in _pieces(tail, begin, begin + split):
        rows = slice(offset, offset + after.shape[0])
        np.add(now[rows], after, out=out[rows])


def _to_tail_sums(running: _Chunked) -> None:
    """Turn the running sums of a whole segment into the sums of the rows after each row."""
    total = running[-1, -1].copy()
    np.subtract(total, running, out=running)


def _rolling_zscore(
    values: FloatArray,
    shift: FloatArray,
    window: int,
    min_periods: int,
    result: FloatArray,
    workspace: _RollingBuffers,
) -> list[tuple[int, _BoolPanel]]:
    """Fill ``result`` with rolling z-scores; return the chunks with windows to recheck.

    Running sums restart at every segment (whole chunks, at least ``window``
    rows); only the present and the previous segment are kept, each as a
    stack of column-major chunks, in ``workspace`` (allocated for as many
    columns as ``values`` has, or more, and as many rows).
    """
    n_periods, n_assets = values.shape
    # The chunks of the first, widest slice for every slice: as the compiled
    # twin forms them for the whole panel.
    chunk, segment = workspace.chunk, workspace.segment
    workspace = workspace.columns(n_assets)
    current, other = workspace.segments
    previous: _Chunked | None = None
    previous_total = np.zeros(n_assets)
    scratch = workspace.scratch
    count_now: _Chunked | None = None
    count_other: _Chunked | None = None
    count_before: _Chunked | None = None
    window_count: _CountArray | None = None
    if workspace.counts is not None:
        count_now, count_other, window_count = workspace.counts
    flagged = []
    for begin in range(0, n_periods, segment):
        for rows in _row_chunks(begin, min(begin + segment, n_periods), chunk):
            local = slice(rows.start - begin, rows.stop - begin)
            size = local.stop - local.start
            block = local.start // chunk
            _moment_running_sums(
                values[rows],
                shift,
                result[rows],
                current[block, : _padded_rows(size)],
                None if count_now is None else count_now[block, :size],
                current[block - 1, -1] if block > 0 else None,
                count_now[block - 1, -1]
                if block > 0 and count_now is not None
                else None,
            )
            buffers = scratch.head(size)
            _window_sums_into(buffers.sums, current, previous, local, window)
            running = _RunningSquares(
                current[block, :size].imag,
                None if previous is None else previous_total,
                max(0, min(size, window - local.start)),
            )
            if count_now is None or window_count is None:
                count = _row_counts(rows, window)
            else:
                _window_sums_into(
                    window_count[:size], count_now, count_before, local, window
                )
                count = window_count[:size].astype(np.float64)
            recheck = _standardise_chunk(
                values[rows], count, running, min_periods, buffers, result[rows]
            )
            if recheck is not None:
                flagged.append((rows.start, recheck))
        if begin + segment >= n_periods:
            break
        # The segment just done becomes the previous one; its buffer's
        # running sums turn into tail sums, the other buffer is reused.
        previous_total = current[-1, -1].imag.copy()
        _to_tail_sums(current)
        current, other = other, current
        previous = other
        if count_now is not None and count_other is not None:
            _to_tail_sums(count_now)
            count_now, count_other = count_other, count_now
            count_before = count_other
    return flagged


def _expanding_zscore(
    values: FloatArray,
    shift: FloatArray,
    min_periods: int,
    result: FloatArray,
    *,
    has_nan: bool,
) -> list[tuple[int, _BoolPanel]]:
    """Fill ``result`` with expanding z-scores; return the chunks with windows to recheck."""
    n_periods, n_assets = values.shape
    chunk = _chunk_rows(n_assets)
    scratch = _Scratch.allocate(chunk, n_assets)
    counts: _CountArray | None = None
    if has_nan:
        counts = np.empty((chunk, n_assets), dtype=np.int32, order="F")
    carried = np.zeros(n_assets, dtype=np.complex128)
    carried_count = np.zeros(n_assets, dtype=np.int32)
    flagged = []
    for rows in _row_chunks(0, n_periods, chunk):
        size = rows.stop - rows.start
        buffers = scratch.head(size)
        block_sums = buffers.sums
        block_counts = None if counts is None else counts[:size]
        _moment_running_sums(
            values[rows],
            shift,
            result[rows],
            scratch.sums[: _padded_rows(size)],
            block_counts,
            carried,
            carried_count,
        )
        carried = block_sums[-1].copy()
        if block_counts is None:
            count = _row_counts(rows, None)
        else:
            carried_count = block_counts[-1].copy()
            count = block_counts.astype(np.float64)
        recheck = _standardise_chunk(
            values[rows],
            count,
            _RunningSquares(block_sums.imag),
            min_periods,
            buffers,
            result[rows],
        )
        if recheck is not None:
            flagged.append((rows.start, recheck))
    return flagged


def _recheck_windows(
    values: FloatArray,
    result: FloatArray,
    rows: _Positions,
    columns: _Positions,
    window: int | None,
) -> None:
    """Recompute the z-scores of the given cells from their windows' values.

    A window whose valid values are all equal keeps NaN; the others get the
    two-pass mean and standard deviation of their valid values.
    """
    if window is None:
        # An expanding window of equal values keeps NaN: found in one pass,
        # instead of rereading every window (quadratic in a long constant
        # series).
        spread = np.fmax.accumulate(values, axis=0)
        spread -= np.fmin.accumulate(values, axis=0)
        varies = spread[rows, columns] > 0.0
        result[rows[~varies], columns[~varies]] = np.nan
        rows, columns = rows[varies], columns[varies]
        if not rows.size:
            return
    span = int(rows.max()) + 1 if window is None else window
    step = max(1, _GATHER_VALUES // span)
    lags = np.arange(span - 1, -1, -1)
    for first in range(0, rows.size, step):
        row = rows[first : first + step, np.newaxis]
        column = columns[first : first + step, np.newaxis]
        if window is None:
            taken = np.broadcast_to(np.arange(span), (row.shape[0], span))
            inside = taken <= row
        else:
            taken = row - lags
            inside = taken >= 0
        window_values = np.where(
            inside, values[np.where(inside, taken, 0), column], np.nan
        )
        valid = ~np.isnan(window_values)
        count = valid.sum(axis=1)
        low = np.fmin.reduce(window_values, axis=1)
        spread = np.fmax.reduce(window_values, axis=1) - low
        varies = spread > 0.0
        # Values in units of the spread above the window's low, from 0 to 1:
        # their mean and squares neither underflow (values near 1e-300 or
        # subnormal) nor overflow (near 1e300). A z-score does not change.
        unit = np.where(varies, spread, 1.0)
        scaled = (window_values - low[:, np.newaxis]) / unit[:, np.newaxis]
        mean = np.where(valid, scaled, 0.0).sum(axis=1) / count
        deviations = np.where(valid, scaled - mean[:, np.newaxis], 0.0)
        std = np.sqrt(np.einsum("ij,ij->i", deviations, deviations) / (count - 1))
        current = (values[row[:, 0], column[:, 0]] - low) / unit
        result[row[:, 0], column[:, 0]] = np.where(
            varies, (current - mean) / np.where(varies, std, 1.0), np.nan
        )


@compiled_twin
def checked_causal_zscore(
    values: FloatArray, window: int | None, min_periods: int
) -> tuple[FloatArray, bool]:
    """Return :func:`causal_zscore` and False if ``values`` may hold an infinite value.

    As :func:`checked_rolling_slope_or_correlation`: False asks the caller
    for the full search; the compiled twin also says False for sums that
    overflow.
    """
    # A finite total clears the panel of infinite values and of NaN in one
    # pass (either would leave it infinite or NaN); a total that overflows,
    # or a panel with gaps, takes the searches.
    with np.errstate(over="ignore", invalid="ignore"):
        total = float(np.sum(values))
    if values.size and math.isfinite(total):
        return _causal_zscore(values, window, min_periods, has_nan=False), True
    return _flagged(
        lambda: _causal_zscore(
            values, window, min_periods, has_nan=bool(np.isnan(values).any())
        ),
        not has_infinite(values),
    )


@compiled_twin
def causal_zscore(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Return ``(x_t - mean_t) / std_t`` over the trailing window (expanding if ``None``).

    ``mean_t`` and ``std_t`` (``ddof=1``) use the valid values of the window
    that ends at row ``t``, the row included. NaN where ``x_t`` is NaN, where
    the window holds fewer than ``max(min_periods, 2)`` valid values, or where
    its valid values are all equal. A past row does not change when rows are
    appended.
    """
    return _causal_zscore(
        values, window, min_periods, has_nan=bool(np.isnan(values).any())
    )


def _causal_zscore(
    values: FloatArray, window: int | None, min_periods: int, *, has_nan: bool
) -> FloatArray:
    """Return :func:`causal_zscore`, told whether ``values`` holds a NaN."""
    shift = first_valid_values(values) if has_nan else values[0].copy()
    shift[np.isnan(shift)] = 0.0
    result = np.empty_like(values)
    rows: list[_Positions] = []
    columns: list[_Positions] = []
    n_periods, n_assets = values.shape
    workspace: _RollingBuffers | None = None
    for first in range(0, n_assets, _STANDARDISE_SLICE_COLUMNS):
        part = slice(first, first + _STANDARDISE_SLICE_COLUMNS)
        if window is None:
            flagged = _expanding_zscore(
                values[:, part],
                shift[part],
                min_periods,
                result[:, part],
                has_nan=has_nan,
            )
        else:
            if workspace is None:  # for the first slice, the widest
                workspace = _RollingBuffers.allocate(
                    n_periods,
                    min(n_assets, _STANDARDISE_SLICE_COLUMNS),
                    window,
                    has_nan=has_nan,
                )
            flagged = _rolling_zscore(
                values[:, part],
                shift[part],
                window,
                min_periods,
                result[:, part],
                workspace,
            )
        for start, recheck in flagged:
            row, column = np.nonzero(recheck)
            rows.append(row + start)
            columns.append(column + first)
    if rows:
        _recheck_windows(
            values, result, np.concatenate(rows), np.concatenate(columns), window
        )
    return result


# --- order statistics over trailing windows (valuation) ---
#
# Percentile ranks and medians of trailing windows come from a wavelet matrix
# built over the ranks of each series' values: one level per bit of the rank,
# each level a stable partition of the previous one by that bit, with running
# counts of zero bits. A "how many values below r in rows [lo, hi)" or "k-th
# smallest value in rows [lo, hi)" query then walks the levels with two
# look-ups each. Every level is a handful of vectorized passes over all
# series, so the whole costs O(T log T) time and O(T) memory per series for T
# rows, whatever the window.

_IntArray = np.ndarray[tuple[int, int], np.dtype[np.intp]]


class _Level(NamedTuple):
    """One level of a wavelet matrix over ``(series, rows)``, in flat positions.

    ``zeros_before[p]`` is the flat position, in the next level, of the row
    at flat position ``p`` (``p`` from ``j * (rows + 1)``, one slot past each
    series' end) if it had a zero bit: the series' offset plus the zero bits
    before it. ``zeros`` is, per series, the offset plus all its zero bits:
    where the rows with a one bit start.
    """

    bit: int
    zeros_before: np.ndarray[tuple[int], np.dtype[np.int64]]
    zeros: np.ndarray[tuple[int, int], np.dtype[np.int64]]


def _wavelet_levels(ranks: _IntArray) -> Iterator[_Level]:
    """Yield the levels of the wavelet matrix of ``ranks``, most significant bit first.

    ``ranks`` holds distinct whole numbers in ``[0, rows)`` per series. Each
    level is built from the previous one, so only one is held at a time.
    """
    n_series, n_rows = ranks.shape
    offsets = (np.arange(n_series, dtype=np.int64) * (n_rows + 1))[:, np.newaxis]
    sequence = ranks
    # Enough bits for every rank and for ``rows`` itself, the bound above them.
    for bit in range(max(1, n_rows.bit_length()) - 1, -1, -1):
        ones = np.bitwise_and(sequence, 1 << bit) != 0
        table = np.empty((n_series, n_rows + 1), dtype=np.int64)
        table[:, 0] = 0
        np.cumsum(~ones, axis=1, out=table[:, 1:])
        zeros = table[:, -1:] + offsets
        table += offsets
        yield _Level(bit, table.ravel(), zeros)
        # Stable partition, the zero bits first: a row with a one bit goes
        # after all zero bits, behind the ones before it.
        target = table[:, :-1] - offsets
        moved = zeros - offsets + np.arange(n_rows) - target
        np.copyto(target, moved, where=ones)
        target += offsets - np.arange(n_series)[:, np.newaxis]
        partitioned = np.empty_like(sequence)
        partitioned.ravel()[target.ravel()] = sequence.ravel()
        sequence = partitioned


def _descend(
    level: _Level,
    first: np.ndarray[tuple[int, int], np.dtype[np.int64]],
    stop: np.ndarray[tuple[int, int], np.dtype[np.int64]],
    to_ones: _BoolPanel,
    zeros_first: np.ndarray[tuple[int, int], np.dtype[np.int64]],
    zeros_stop: np.ndarray[tuple[int, int], np.dtype[np.int64]],
) -> None:
    """Move the ranges ``[first, stop)`` to the next level, in place."""
    to_zeros = ~to_ones
    for position, zeros_before in ((first, zeros_first), (stop, zeros_stop)):
        # With a one bit: after the level's zeros, behind the ones before it.
        np.subtract(position, zeros_before, out=position)
        np.add(position, level.zeros, out=position)
        np.copyto(position, zeros_before, where=to_zeros)


def _count_below(
    ranks: _IntArray,
    first: np.ndarray[tuple[int, int], np.dtype[np.int64]],
    stop: np.ndarray[tuple[int, int], np.dtype[np.int64]],
    bound: _IntArray,
) -> _IntArray:
    """Count, per query, the rows in ``[first, stop)`` whose rank is below ``bound``.

    ``first`` and ``stop`` are flat positions (series ``j`` starts at
    ``j * (rows + 1)``); they are overwritten.
    """
    count = np.zeros(bound.shape, dtype=np.intp)
    for level in _wavelet_levels(ranks):
        zeros_first = np.take(level.zeros_before, first)
        zeros_stop = np.take(level.zeros_before, stop)
        one = np.bitwise_and(bound, 1 << level.bit) != 0
        # A one bit in the bound: every row in range with a zero bit is below.
        np.add(count, zeros_stop - zeros_first, out=count, where=one)
        _descend(level, first, stop, one, zeros_first, zeros_stop)
    return count


def _smallest(
    ranks: _IntArray,
    first: np.ndarray[tuple[int, int], np.dtype[np.int64]],
    stop: np.ndarray[tuple[int, int], np.dtype[np.int64]],
    k: _IntArray,
) -> _IntArray:
    """Return, per query, the ``k``-th smallest rank (from 0) in rows ``[first, stop)``.

    ``first`` and ``stop`` are flat positions as for :func:`_count_below`;
    they and ``k`` are overwritten.
    """
    rank = np.zeros(k.shape, dtype=np.intp)
    for level in _wavelet_levels(ranks):
        zeros_first = np.take(level.zeros_before, first)
        zeros_stop = np.take(level.zeros_before, stop)
        in_zeros = zeros_stop - zeros_first
        one = k >= in_zeros
        rank |= one.astype(np.intp) << level.bit
        np.subtract(k, in_zeros, out=k, where=one)
        _descend(level, first, stop, one, zeros_first, zeros_stop)
    return rank


def _flat_window_bounds(
    n_series: int, n_rows: int, window: int | None, copies: int
) -> tuple[
    np.ndarray[tuple[int, int], np.dtype[np.int64]],
    np.ndarray[tuple[int, int], np.dtype[np.int64]],
]:
    """Return flat ``[first, stop)`` of the window ending at each row, ``copies`` times over."""
    stop = np.arange(1, n_rows + 1, dtype=np.int64)
    first = (
        np.zeros(n_rows, dtype=np.int64)
        if window is None
        else np.maximum(stop - window, 0)
    )
    offsets = (np.arange(n_series, dtype=np.int64) * (n_rows + 1))[:, np.newaxis]
    return (
        np.tile(first, copies)[np.newaxis, :] + offsets,
        np.tile(stop, copies)[np.newaxis, :] + offsets,
    )


def _look_up(table: _IntArray, positions: _IntArray) -> _IntArray:
    """Return ``table[j, positions[j, i]]`` for every series ``j``."""
    offsets = (np.arange(table.shape[0]) * table.shape[1])[:, np.newaxis]
    found: _IntArray = np.take(table.ravel(), positions + offsets)
    return found


def _sorted_ranks(values: FloatArray) -> tuple[_IntArray, _IntArray]:
    """Return the rank of every value in its series (NaN last) and the sorting order.

    ``values`` is laid out ``(series, rows)``; ties get consecutive ranks in
    row order.
    """
    order = np.argsort(values, axis=1, kind="stable")
    ranks = np.empty_like(order)
    np.put_along_axis(ranks, order, np.arange(values.shape[1])[np.newaxis, :], axis=1)
    return ranks, order


def _window_counts(valid: _BoolPanel, window: int | None) -> _IntArray:
    """Return the number of valid values in the window ending at each row (axis 0)."""
    counts = np.cumsum(valid, axis=0, dtype=np.intp)
    if window is not None and window < counts.shape[0]:
        counts[window:] -= counts[:-window].copy()
    return counts


# A query holds a dozen integer arrays the size of its columns at once: the
# columns are taken in blocks of about this many values, which bounds the
# memory and keeps the arrays in the processor's cache.
_ORDER_BLOCK_VALUES = 1 << 16


def _column_blocks(n_rows: int, n_columns: int) -> Iterator[slice]:
    """Yield slices of columns of about ``_ORDER_BLOCK_VALUES`` values each."""
    width = max(1, _ORDER_BLOCK_VALUES // max(n_rows, 1))
    for start in range(0, n_columns, width):
        yield slice(start, min(start + width, n_columns))


@compiled_twin
def causal_percentile_rank(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Return the percentile rank of each value within its trailing window.

    The rank is the average rank of ties (as pandas ``rank(pct=True)``)
    divided by the number of valid values in the window, the row included:
    ``(less + (equal + 1) / 2) / n``. NaN where the value is NaN or the window
    holds fewer than ``min_periods`` valid values. O(T log T) time per column
    for T rows; the memory is bounded by blocks of columns.
    """
    result = np.empty_like(values)
    for columns in _column_blocks(*values.shape):
        result[:, columns] = _percentile_rank_block(
            values[:, columns], window, min_periods
        )
    return result


def _percentile_rank_block(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Return :func:`causal_percentile_rank` of a block of columns."""
    by_series = values.T
    n_series, n_rows = by_series.shape
    ranks, order = _sorted_ranks(by_series)
    ordered = np.take_along_axis(by_series, order, axis=1)
    # The ranks of a group of equal values run from its first to its last.
    positions = np.broadcast_to(np.arange(n_rows), by_series.shape)
    new_group = np.ones(by_series.shape, dtype=np.bool_)
    new_group[:, 1:] = ordered[:, 1:] != ordered[:, :-1]
    group_first = np.maximum.accumulate(np.where(new_group, positions, 0), axis=1)
    ends_group = np.ones(by_series.shape, dtype=np.bool_)
    ends_group[:, :-1] = new_group[:, 1:]
    group_stop = np.minimum.accumulate(
        np.where(ends_group, positions + 1, n_rows)[:, ::-1], axis=1
    )[:, ::-1]
    first_of_value = _look_up(group_first, ranks)
    stop_of_value = _look_up(group_stop, ranks)
    first, stop = _flat_window_bounds(n_series, n_rows, window, 2)
    bounds = np.concatenate((first_of_value, stop_of_value), axis=1)
    counted = _count_below(ranks, first, stop, bounds)
    less, at_most = counted[:, :n_rows].T, counted[:, n_rows:].T
    valid = ~np.isnan(values)
    count = _window_counts(valid, window)
    with np.errstate(invalid="ignore", divide="ignore"):
        rank = (less + at_most + 1.0) / (2.0 * count)
    return np.where(valid & (count >= min_periods), rank, np.nan)


@compiled_twin
def causal_median(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Return the median of the valid values of the trailing window (expanding if ``None``).

    NaN where the window holds fewer than ``max(min_periods, 1)`` valid
    values. O(T log T) time per column for T rows; the memory is bounded by
    blocks of columns.
    """
    result = np.empty_like(values)
    for columns in _column_blocks(*values.shape):
        result[:, columns] = _median_block(values[:, columns], window, min_periods)
    return result


def _median_block(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Return :func:`causal_median` of a block of columns."""
    by_series = values.T
    n_series, n_rows = by_series.shape
    ranks, order = _sorted_ranks(by_series)
    ordered = np.take_along_axis(by_series, order, axis=1)
    count = _window_counts(~np.isnan(values), window)
    first, stop = _flat_window_bounds(n_series, n_rows, window, 2)
    valid_in_window = count.T
    lower = np.maximum(valid_in_window - 1, 0) // 2
    upper = np.minimum(valid_in_window // 2, np.maximum(valid_in_window - 1, 0))
    found = _smallest(ranks, first, stop, np.concatenate((lower, upper), axis=1))
    middle = 0.5 * (
        _look_up_values(ordered, found[:, :n_rows])
        + _look_up_values(ordered, found[:, n_rows:])
    )
    return np.where(count >= max(min_periods, 1), middle.T, np.nan)


def _look_up_values(table: FloatArray, positions: _IntArray) -> FloatArray:
    offsets = (np.arange(table.shape[0]) * table.shape[1])[:, np.newaxis]
    found: FloatArray = np.take(
        np.ascontiguousarray(table).ravel(), positions + offsets
    )
    return found


def lag_one_regression(
    values: FloatArray,
) -> tuple[FloatArray, FloatArray, FloatArray, _Positions]:
    """Fit ``x_t = c + phi * x_{t-1} + e`` by OLS for each column.

    Uses the consecutive pairs where both values are present. Returns
    ``phi``, the intercept ``c``, the classical standard error of ``phi``
    (residual variance with ``n - 2`` degrees of freedom) and the number of
    pairs ``n``. NaN where there are fewer than three pairs or the lagged
    values do not vary.
    """
    current, lagged = values[1:], values[:-1]
    phi, intercept = paired_regression(current, lagged)
    valid = ~np.isnan(current) & ~np.isnan(lagged)
    n_pairs: _Positions = np.count_nonzero(valid, axis=0)
    with np.errstate(invalid="ignore", divide="ignore"):
        mean_lagged = np.where(valid, lagged, 0.0).sum(axis=0) / n_pairs
        deviations = np.where(valid, lagged - mean_lagged, 0.0)
        squares = np.einsum("ij,ij->j", deviations, deviations)
        residuals = np.where(valid, current - intercept - phi * lagged, 0.0)
        variance = np.einsum("ij,ij->j", residuals, residuals) / (n_pairs - 2)
        stderr = np.sqrt(variance / squares)
    stderr = np.where((n_pairs > 2) & ~np.isnan(phi), stderr, np.nan)
    phi = np.where(n_pairs > 2, phi, np.nan)
    intercept = np.where(n_pairs > 2, intercept, np.nan)
    return phi, intercept, stderr, n_pairs


# --- cross-sections of constituents (valuation, concentration) ---
#
# Constituent data are laid out (dates, constituents): these kernels reduce
# along axis 1, one value per date.


def largest_sums(values: FloatArray, n: int) -> FloatArray:
    """Return, per row, the sum of the ``n`` largest values (NaN counted as zero).

    A partial sort per row: O(constituents) work per date.
    """
    filled = np.where(np.isnan(values), 0.0, values)
    width = filled.shape[1]
    if n >= width:
        total: FloatArray = filled.sum(axis=1)
        return total
    largest = np.partition(filled, width - n, axis=1)[:, width - n :]
    summed: FloatArray = largest.sum(axis=1)
    return summed


def row_nanmedian(values: FloatArray) -> FloatArray:
    """Return the median of the valid values of each row (NaN for a row without one).

    Unlike ``numpy.nanmedian``, a row without valid values gives NaN silently.
    """
    ordered = np.sort(values, axis=1)  # NaN sorts last
    count = np.count_nonzero(~np.isnan(values), axis=1)
    rows = np.arange(values.shape[0])
    lower = ordered[rows, np.maximum(count - 1, 0) // 2]
    upper = ordered[rows, np.minimum(count // 2, values.shape[1] - 1)]
    median: FloatArray = np.where(count > 0, 0.5 * (lower + upper), np.nan)
    return median
