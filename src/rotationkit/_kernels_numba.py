"""Compiled twins of the hot numpy kernels (private; needs numba).

Each public function here has the name, arguments and result of a kernel of
:mod:`rotationkit._kernels` and is used in its place by the numba engine (see
:mod:`rotationkit._engine`). A twin returns ``None`` for a case it leaves to
the numpy kernel.

The twins give the same numbers as the numpy kernels, not merely close ones:
they perform the same floating-point operations in the same order (the same
shifts, the same blocks of prefix sums restarted at the same rows, the same
groups of 16 rows), only in one pass over each column instead of a dozen
passes over the panel. Where numpy's own summation order is not specified
(``einsum``), the twin sums in row order, which agrees to round-off.

Columns are independent, so a panel is cut into ranges of columns (for the
run tables, whose runs are written in order of their start, and for the
returns of a row-major panel, ranges of rows) that run on several threads at
once: the compiled loops release the GIL. Threads of
the Python standard library are used rather than numba's ``prange``, which
compiles several times slower and whose default threading layer aborts the
process when two threads call a parallel kernel at the same time (as dask's
threaded scheduler does).

Every kernel is compiled on its first call and cached on disk
(``cache=True``): later processes load the machine code instead of compiling
it again.
"""

from __future__ import annotations

import math
import threading
from concurrent.futures import ThreadPoolExecutor
from itertools import count
from typing import TYPE_CHECKING, Any, TypeVar, cast

import numba
import numpy as np

from rotationkit import _kernels

if TYPE_CHECKING:
    from collections.abc import Callable

    from rotationkit._typing import FloatArray

__all__ = [
    "THREADS",
    "causal_median",
    "causal_percentile_rank",
    "causal_zscore",
    "checked_causal_zscore",
    "checked_rolling_slope_or_correlation",
    "checked_simple_returns",
    "current_outperformance_runs",
    "longest_run_per_column",
    "outperformance_run_table",
    "quadrant_codes",
    "rolling_mean",
    "rolling_slope_or_correlation",
    "run_bound_labels",
    "run_length_encode",
    "run_relative_growth",
    "run_table_by_start",
    "smallest_value",
    "value_range",
]

_F = TypeVar("_F", bound="Callable[..., Any]")


def _jit(func: _F) -> _F:
    """Compile ``func`` with numba on its first call, for the argument types it gets.

    IEEE arithmetic throughout: division by zero gives inf or NaN instead of
    an exception (``error_model="numpy"``) and no reassociation or fused
    multiply-add (no ``fastmath``), so each operation rounds as numpy's does.
    The machine code is cached on disk, one version per memory layout of the
    panels met (C, Fortran or strided).
    """
    return cast("_F", numba.njit(cache=True, nogil=True, error_model="numpy")(func))


# --------------------------------------------------------------------------
# threads over ranges of columns (or rows)
# --------------------------------------------------------------------------

#: Number of threads the compiled kernels spread a panel over.
THREADS = max(1, int(getattr(numba.config, "NUMBA_NUM_THREADS", 1)))
# Below this many cells a single thread finishes before others would start.
_PARALLEL_CELLS = 1 << 17
# Ranges per thread: more, smaller ranges balance the load when a core is busy.
_RANGES_PER_THREAD = 4

_pool: ThreadPoolExecutor | None = None
_pool_lock = threading.Lock()


_A = TypeVar("_A", bound="np.ndarray[Any, Any]")


def _read_only(array: _A) -> _A:
    """Return a read-only view of ``array``.

    numba compiles a kernel again for every new type of argument, and a
    read-only array (pandas hands them out) is another type than a writable
    one: passing every input read-only halves the versions to compile.
    """
    view = array.view()
    view.flags.writeable = False
    return cast("_A", view)


def _read_only_contiguous(array: _A) -> _A:
    """Return ``array`` as :func:`_read_only` does, copied first if it is strided.

    For the small arguments (a benchmark column, the labels of the rows): a
    strided one (a Series cut with a step, a column of a row-major frame)
    would be yet another type to compile for.
    """
    return _read_only(cast("_A", np.ascontiguousarray(array)))


def _thread_pool() -> ThreadPoolExecutor:
    global _pool  # noqa: PLW0603 - one pool per process, created on first use
    with _pool_lock:
        if _pool is None:
            _pool = ThreadPoolExecutor(
                max_workers=THREADS - 1, thread_name_prefix="rotationkit"
            )
        return _pool


def _over_ranges(
    kernel: Callable[..., None], n_items: int, item_cells: int, *args: object
) -> None:
    """Call ``kernel(*args, lo, hi)`` over ranges covering ``[0, n_items)``.

    The items are the columns of a panel (``item_cells`` rows each) or its
    rows. Large panels are cut into ranges that the calling thread and the
    pool's threads take one by one until none is left.
    """
    if THREADS == 1 or n_items < 2 or n_items * item_cells < _PARALLEL_CELLS:
        kernel(*args, 0, n_items)
        return
    parts = min(n_items, THREADS * _RANGES_PER_THREAD)
    bounds = [n_items * part // parts for part in range(parts + 1)]
    tickets = count()

    def drain() -> None:
        # next() on itertools.count is atomic: each range runs exactly once.
        for part in iter(tickets.__next__, None):
            if part >= parts:
                return
            kernel(*args, bounds[part], bounds[part + 1])

    helpers = [_thread_pool().submit(drain) for _ in range(THREADS - 1)]
    drain()
    for helper in helpers:
        helper.result()


# --------------------------------------------------------------------------
# column-major copies
# --------------------------------------------------------------------------
#
# The rolling kernels walk a panel down its columns. On a row-major panel
# (which pandas gives, for instance, for the cumulative product of a frame)
# each step jumps a whole row ahead: the loads and stores are scattered and
# the loops that form the results run one value at a time instead of on
# vector registers, two to three times slower. Such a panel is first copied
# to column-major order by tiles, which costs little more than reading it
# (numpy's own copy across the layouts is several times slower). Their
# results then come column-major too.

#: A tile of the copy: 16 values (two or three cache lines) of each of 128
#: rows, read while they stay in the cache. Taller tiles lose their lines
#: when a row is a multiple of 4 KiB long (512 or 1,024 columns): the rows
#: of a tile then compete for the same few places in the cache.
_COPY_COLUMNS = 16
_COPY_ROWS = 128


@_jit
def _copy_columns(panel: Any, out: Any, lo: int, hi: int) -> None:
    """Copy columns ``lo .. hi - 1`` of ``panel`` into the column-major ``out``, tile by tile."""
    n_rows = panel.shape[0]
    for left in range(lo, hi, _COPY_COLUMNS):
        right = min(left + _COPY_COLUMNS, hi)
        for top in range(0, n_rows, _COPY_ROWS):
            bottom = min(top + _COPY_ROWS, n_rows)
            for j in range(left, right):
                for t in range(top, bottom):
                    out[_U(t), j] = panel[_U(t), j]


def _column_major_copy(panel: FloatArray) -> FloatArray:
    """Return a column-major copy of ``panel``.

    A row-major panel is copied by :func:`_copy_columns` on the threads,
    other layouts by numpy.
    """
    out = np.empty(panel.shape, dtype=panel.dtype, order="F")
    if panel.flags.c_contiguous:
        n_rows, n_columns = panel.shape
        _over_ranges(_copy_columns, n_columns, n_rows, _read_only(panel), out)
    else:
        out[...] = panel
    return out


def _has_contiguous_columns(panel: np.ndarray[Any, Any]) -> bool:
    """Return whether each column's values are adjacent in memory.

    So they are in a column-major panel, in a slice of its rows (a frame cut
    by date) and in a single row.
    """
    return panel.size == 0 or panel.shape[0] == 1 or panel.strides[0] == panel.itemsize


def _contiguous_columns(panel: FloatArray) -> FloatArray:
    """Return ``panel`` if each column's values are adjacent, else a column-major copy.

    A slice of the rows of a column-major panel (a frame cut by date) is
    read in place: its columns are contiguous already.
    """
    if _has_contiguous_columns(panel):
        return panel
    return _column_major_copy(panel)


# --------------------------------------------------------------------------
# the range of a panel's values (the input checks)
# --------------------------------------------------------------------------

#: Values per block of :func:`value_range`: each block's smallest and largest
#: value are found apart, the blocks spread over the threads.
_RANGE_BLOCK = 1 << 16


@_jit
def _lower(bound: float, value: float) -> float:
    """Return ``value`` if it is below ``bound``, else ``bound``: NaN never comes back."""
    return value if value < bound else bound  # noqa: FURB136 - min() may keep NaN


@_jit
def _higher(bound: float, value: float) -> float:
    """Return ``value`` if it is above ``bound``, else ``bound``: NaN never comes back."""
    return value if value > bound else bound  # noqa: FURB136 - max() may keep NaN


@_jit
def _block_ranges(
    flat: Any, block_size: int, lows: Any, highs: Any, lo: int, hi: int
) -> None:
    """Write the smallest and largest value of blocks ``lo .. hi - 1`` of ``flat``, NaN skipped.

    A block without a number gets ``(inf, -inf)``. Four pairs of bounds, one
    per value of each group of four, let the comparisons overlap. (The block
    size is an argument: a module constant would be frozen into the cached
    machine code.)
    """
    for block in range(lo, hi):
        begin = block * block_size
        end = min(begin + block_size, flat.size)
        low0 = low1 = low2 = low3 = math.inf
        high0 = high1 = high2 = high3 = -math.inf
        i = begin
        while i + 4 <= end:
            a, b = flat[_U(i)], flat[_U(i + 1)]
            c, d = flat[_U(i + 2)], flat[_U(i + 3)]
            low0, high0 = _lower(low0, a), _higher(high0, a)
            low1, high1 = _lower(low1, b), _higher(high1, b)
            low2, high2 = _lower(low2, c), _higher(high2, c)
            low3, high3 = _lower(low3, d), _higher(high3, d)
            i += 4
        for k in range(i, end):
            low0, high0 = _lower(low0, flat[_U(k)]), _higher(high0, flat[_U(k)])
        lows[block] = _lower(_lower(low0, low1), _lower(low2, low3))
        highs[block] = _higher(_higher(high0, high1), _higher(high2, high3))


def value_range(values: FloatArray) -> tuple[float, float] | None:
    """Compiled :func:`rotationkit._kernels.value_range`.

    One pass over the values in memory order, in blocks spread over the
    threads. A panel that is not one block of memory, or too small to share
    out, is left to numpy (``None``).
    """
    contiguous = values.flags.c_contiguous or values.flags.f_contiguous
    if not contiguous or values.size < _PARALLEL_CELLS:
        return None
    flat = _read_only(values).ravel(order="K")
    n_blocks = -(-flat.size // _RANGE_BLOCK)
    lows = np.empty(n_blocks)
    highs = np.empty(n_blocks)
    _over_ranges(_block_ranges, n_blocks, _RANGE_BLOCK, flat, _RANGE_BLOCK, lows, highs)
    lowest, highest = float(lows.min()), float(highs.max())
    if lowest > highest:  # not one number: every value is NaN
        return math.nan, math.nan
    return lowest, highest


def smallest_value(values: FloatArray) -> float | None:
    """Compiled :func:`rotationkit._kernels.smallest_value`: the first value of :func:`value_range`."""
    found = value_range(values)
    return None if found is None else found[0]


# --------------------------------------------------------------------------
# simple returns (checking the prices on the way)
# --------------------------------------------------------------------------


@_jit
def _is_bad_price(price: float) -> bool:
    """Return whether a price is zero, negative or infinite (NaN is not bad)."""
    bad: bool = (price <= 0.0) | (price == math.inf)
    return bad


@_jit
def _returns_of_columns(prices: Any, out: Any, bad: Any, lo: int, hi: int) -> None:
    """Write the returns of columns ``lo .. hi - 1`` and count their bad prices."""
    n_rows = prices.shape[0]
    for j in range(lo, hi):
        count = np.intp(_is_bad_price(prices[0, j]))
        for t in range(1, n_rows):
            price = prices[_U(t), j]
            out[_U(t - 1), j] = price / prices[_U(t - 1), j] - 1.0
            count += _is_bad_price(price)
        bad[j] = count


@_jit
def _returns_of_rows(prices: Any, out: Any, bad: Any, lo: int, hi: int) -> None:
    """Write the returns that end on rows ``lo .. hi - 1`` and count those rows' bad prices."""
    for t in range(lo, hi):
        count = np.intp(0)
        for j in range(prices.shape[1]):
            count += _is_bad_price(prices[t, j])
        bad[t] = count
        if t > 0:
            for j in range(prices.shape[1]):
                out[t - 1, j] = prices[t, j] / prices[t - 1, j] - 1.0


def checked_simple_returns(prices: FloatArray) -> tuple[FloatArray, bool] | None:
    """Compiled :func:`rotationkit._kernels.checked_simple_returns`.

    One pass over the prices, spread over the threads by column (or by row
    for a row-major panel); the returns come in the prices' layout, as
    numpy gives them. Other layouts are left to numpy (``None``).
    """
    n_rows, n_columns = prices.shape
    if n_rows == 0:
        return None
    by_column = bool(prices.flags.f_contiguous)
    if not (by_column or prices.flags.c_contiguous):
        return None
    kernel = _returns_of_columns if by_column else _returns_of_rows
    n_items, item_cells = (n_columns, n_rows) if by_column else (n_rows, n_columns)
    out = np.empty((n_rows - 1, n_columns), order="F" if by_column else "C")
    bad = np.empty(n_items, dtype=np.intp)
    _over_ranges(kernel, n_items, item_cells, _read_only(prices), out, bad)
    return out, not bool(bad.any())


# --------------------------------------------------------------------------
# rolling moments (relative performance)
# --------------------------------------------------------------------------
#
# As in the numpy kernels: values are shifted by the first valid value of
# their column; prefix sums restart at every block of rows (at least the
# window, a whole number of groups of 16); within a block a running sum
# restarts at every group of 16 rows and the group totals are carried
# forward, so that prefix = (group sum so far) + (sum of earlier group
# totals), each addition in numpy's order. A window that starts in the
# previous block adds (that block's total - prefix before the window). The
# prefix sums of the present and the previous block are kept in a ring of
# two blocks per column.

_GROUP = _kernels._PREFIX_GROUP
_ZERO_VARIANCE = _kernels._ZERO_VARIANCE_FRACTION
_ROUND_OFF_SQUARES = _kernels._ROUND_OFF_SQUARES
_ROUND_OFF_FLOOR_SQUARES = _kernels._ROUND_OFF_FLOOR_SQUARES


def _block_size(window: int) -> int:
    """Rows of a block of prefix sums, as :func:`rotationkit._kernels._block_rows`."""
    return -(-max(window, _kernels._MIN_BLOCK_ROWS) // _GROUP) * _GROUP


# Unsigned row indices: numba then skips its check for negative indices, which
# would otherwise turn the loads of a vectorized loop into gathers.
_U = np.uint64
_GROUP_MASK = _GROUP - 1
if _GROUP & _GROUP_MASK:  # pragma: no cover - the group is a power of two
    msg = "the prefix-sum group must be a power of two"
    raise ImportError(msg)


@_jit
def _benchmark_moments(
    y: Any,
    window: int,
    block: int,
    min_periods: int,
    dy: Any,
    count: Any,
    mean_y: Any,
    squares_y: Any,
    undefined: Any,
) -> None:
    """Write the benchmark's window statistics, shared by the columns without gaps.

    ``dy`` is the shifted benchmark (0 where missing), ``count`` the valid
    rows of each window, ``mean_y`` and ``squares_y`` its mean and sum of
    squared deviations, ``undefined`` the windows without a slope.
    """
    n_rows = y.shape[0]
    shift = 0.0
    for t in range(n_rows):
        if not math.isnan(y[t]):
            shift = y[t]
            break
    ring = np.empty((3, 2 * block))
    least = max(min_periods, 2)
    total_n = total_y = total_yy = 0.0
    for start in range(0, n_rows, block):
        rows = min(block, n_rows - start)
        here = ((start // block) % 2) * block
        there = block - here
        w_n = w_y = w_yy = 0.0
        c_y = c_yy = 0.0
        for i in range(rows):
            t = start + i
            value = y[t]
            valid = not math.isnan(value)
            d = value - shift if valid else 0.0
            dy[t] = d
            squared = d * d
            if i & _GROUP_MASK == 0:
                if i == _GROUP:
                    c_y, c_yy = w_y, w_yy
                elif i > _GROUP:
                    c_y += w_y
                    c_yy += w_yy
                w_y, w_yy = d, squared
            else:
                w_y += d
                w_yy += squared
            w_n += 1.0 if valid else 0.0
            p_y = w_y + c_y
            p_yy = w_yy + c_yy
            ring[0, here + i] = w_n
            ring[1, here + i] = p_y
            ring[2, here + i] = p_yy
            if i >= window:
                s_n = w_n - ring[0, here + i - window]
                s_y = p_y - ring[1, here + i - window]
                s_yy = p_yy - ring[2, here + i - window]
            elif start == 0:
                s_n, s_y, s_yy = w_n, p_y, p_yy
            else:
                back = there + i - window + block
                s_n = (total_n - ring[0, back]) + w_n
                s_y = (total_y - ring[1, back]) + p_y
                s_yy = (total_yy - ring[2, back]) + p_yy
            mean = s_y / s_n
            spread = s_yy - s_y * mean
            count[t] = s_n
            mean_y[t] = mean
            squares_y[t] = spread
            undefined[t] = (
                s_n < least
                or spread <= _ZERO_VARIANCE * s_yy
                or spread <= _round_off(_raw_squares(s_yy, s_y, s_n, shift), s_n)
            )
        total_n = ring[0, here + rows - 1]
        total_y = ring[1, here + rows - 1]
        total_yy = ring[2, here + rows - 1]


@_jit
def _raw_squares(
    shifted_squares: float, shifted_sum: float, n: float, shift: float
) -> float:
    """Return the sum of squares of values from the sums of their shifted values."""
    return shifted_squares + shift * (2.0 * shifted_sum + n * shift)


@_jit
def _round_off(raw_squares: float, n: float) -> float:
    """Return the largest sum of squared deviations that is rounding noise."""
    return _ROUND_OFF_SQUARES * raw_squares + _ROUND_OFF_FLOOR_SQUARES * n


@_jit
def _first_valid(x: Any, j: int) -> float:
    """Return the first non-NaN value of column ``j`` (NaN if none)."""
    for t in range(x.shape[0]):
        if not math.isnan(x[t, j]):
            return float(x[t, j])
    return math.nan


@_jit
def _slope(
    s_x: float,
    s_xy: float,
    s_xx: float,
    n: float,
    mean_y: float,
    squares_y: float,
    undefined: bool,
    correlation: bool,
    shift_x: float,
) -> float:
    """Return the window's slope (or correlation) from its sums, as numpy forms it.

    ``shift_x`` is the shift of the column's values, for the test of an x
    that is constant up to rounding (correlation only).
    """
    if correlation:
        squares_x = s_xx - (s_x * s_x) / n
        undefined = (
            undefined
            or squares_x <= s_xx * _ZERO_VARIANCE
            or squares_x <= _round_off(_raw_squares(s_xx, s_x, n, shift_x), n)
        )
        scale = np.sqrt(squares_x * squares_y)
    else:
        scale = squares_y
    slope = (s_xy - s_x * mean_y) / scale
    return math.nan if undefined else slope


@_jit
def _shared_prefix(
    x: Any,
    j: int,
    k: int,
    start: int,
    rows: int,
    shift_j: float,
    shift_k: float,
    dy: Any,
    y_valid: Any,
    y_complete: bool,
    correlation: bool,
    ring: Any,
    here: int,
) -> tuple[bool, bool]:
    """Write a block's prefix sums of dx, dx*dy and dx*dx of columns ``j`` and ``k``.

    Column ``j`` goes to rows 0-2 of ``ring``, column ``k`` to rows 3-5 (``k``
    may be ``j``). Two columns at once, because each running sum waits for
    the one before it: the sums of a second column fill that wait. Returns,
    for each column, whether it lacks a value where y has one.
    """
    gap_j = gap_k = False
    wj_x = wj_xy = wj_xx = cj_x = cj_xy = cj_xx = 0.0
    wk_x = wk_xy = wk_xx = ck_x = ck_xy = ck_xx = 0.0
    for i in range(rows):
        t = _U(start + i)
        value_j, value_k = x[t, j], x[t, k]
        if y_complete:
            gap_j |= math.isnan(value_j)
            gap_k |= math.isnan(value_k)
            dj, dk = value_j - shift_j, value_k - shift_k
        else:
            present = y_valid[t]
            gap_j |= present & math.isnan(value_j)
            gap_k |= present & math.isnan(value_k)
            dj = value_j - shift_j if present else 0.0
            dk = value_k - shift_k if present else 0.0
        product_j, product_k = dj * dy[t], dk * dy[t]
        if i & _GROUP_MASK == 0:
            if i == _GROUP:
                cj_x, cj_xy, cj_xx = wj_x, wj_xy, wj_xx
                ck_x, ck_xy, ck_xx = wk_x, wk_xy, wk_xx
            elif i > _GROUP:
                cj_x += wj_x
                cj_xy += wj_xy
                cj_xx += wj_xx
                ck_x += wk_x
                ck_xy += wk_xy
                ck_xx += wk_xx
            wj_x, wj_xy, wk_x, wk_xy = dj, product_j, dk, product_k
            if correlation:
                wj_xx, wk_xx = dj * dj, dk * dk
        else:
            wj_x += dj
            wj_xy += product_j
            wk_x += dk
            wk_xy += product_k
            if correlation:
                wj_xx += dj * dj
                wk_xx += dk * dk
        h = _U(here + i)
        ring[0, h] = wj_x + cj_x
        ring[1, h] = wj_xy + cj_xy
        ring[3, h] = wk_x + ck_x
        ring[4, h] = wk_xy + ck_xy
        if correlation:
            ring[2, h] = wj_xx + cj_xx
            ring[5, h] = wk_xx + ck_xx
    return gap_j, gap_k


@_jit
def _shared_slopes(
    j: int,
    start: int,
    rows: int,
    here: int,
    back: int,
    carried: tuple[float, float, float],
    p_x: Any,
    p_xy: Any,
    p_xx: Any,
    count: Any,
    mean_y: Any,
    squares_y: Any,
    undefined_y: Any,
    window: int,
    correlation: bool,
    shift: float,
    out: Any,
) -> None:
    """Write a block's slopes of column ``j`` from its prefix sums.

    ``carried`` are the previous block's last prefix sums. Three loops
    without branches, so that each is vectorized: windows inside the first
    block, windows reaching into the previous block, windows inside this
    block.
    """
    total_x, total_xy, total_xx = carried
    head = min(window, rows)
    if start == 0:
        for i in range(head):
            h, t = _U(here + i), _U(i)
            out[t, j] = _slope(
                p_x[h],
                p_xy[h],
                p_xx[h] if correlation else 0.0,
                count[t],
                mean_y[t],
                squares_y[t],
                undefined_y[t],
                correlation,
                shift,
            )
    else:
        for i in range(head):
            h, b, t = _U(here + i), _U(back + i), _U(start + i)
            out[t, j] = _slope(
                (total_x - p_x[b]) + p_x[h],
                (total_xy - p_xy[b]) + p_xy[h],
                (total_xx - p_xx[b]) + p_xx[h] if correlation else 0.0,
                count[t],
                mean_y[t],
                squares_y[t],
                undefined_y[t],
                correlation,
                shift,
            )
    for i in range(head, rows):
        h, b, t = _U(here + i), _U(here + i - window), _U(start + i)
        out[t, j] = _slope(
            p_x[h] - p_x[b],
            p_xy[h] - p_xy[b],
            p_xx[h] - p_xx[b] if correlation else 0.0,
            count[t],
            mean_y[t],
            squares_y[t],
            undefined_y[t],
            correlation,
            shift,
        )


@_jit
def _slope_columns_shared(
    x: Any,
    j: int,
    k: int,
    dy: Any,
    y_valid: Any,
    y_complete: bool,
    count: Any,
    mean_y: Any,
    squares_y: Any,
    undefined_y: Any,
    window: int,
    block: int,
    correlation: bool,
    out: Any,
    totals: Any,
    ring: Any,
) -> tuple[bool, bool]:
    """Write columns ``j`` and ``k`` of the rolling slope where they have a value wherever ``y`` has.

    The benchmark's window statistics are then the same for every such
    column and come precomputed. ``k`` may be ``j``. A column that lacks a
    value where the benchmark has one is dropped at the block where that
    shows, having written part of its slopes; the other column goes on
    alone. Returns whether each column was written in full; ``totals``
    receives the sum of their shifted values (block by block, as the prefix
    sums restart at every block).
    """
    n_rows = x.shape[0]
    shift_j, shift_k = _first_valid(x, j), _first_valid(x, k)
    last_j = last_k = (0.0, 0.0, 0.0)
    sum_j = sum_k = 0.0
    on_j = on_k = True
    for start in range(0, n_rows, block):
        rows = min(block, n_rows - start)
        here = ((start // block) % 2) * block
        back = block - here + block - window
        # A column left alone takes both places (its rows 0-2 or 3-5 stay
        # its own): the dropped column, with its NaN, is not formed again.
        gap_j, gap_k = _shared_prefix(
            x,
            j if on_j else k,
            k if on_k else j,
            start,
            rows,
            shift_j if on_j else shift_k,
            shift_k if on_k else shift_j,
            dy,
            y_valid,
            y_complete,
            correlation,
            ring,
            here,
        )
        on_j &= not gap_j
        on_k &= not gap_k
        if not (on_j or on_k):
            return False, False
        if on_j:
            _shared_slopes(
                j,
                start,
                rows,
                here,
                back,
                last_j,
                ring[0],
                ring[1],
                ring[2],
                count,
                mean_y,
                squares_y,
                undefined_y,
                window,
                correlation,
                shift_j,
                out,
            )
        if on_k and k != j:
            _shared_slopes(
                k,
                start,
                rows,
                here,
                back,
                last_k,
                ring[3],
                ring[4],
                ring[5],
                count,
                mean_y,
                squares_y,
                undefined_y,
                window,
                correlation,
                shift_k,
                out,
            )
        h = _U(here + rows - 1)
        last_j = (ring[0, h], ring[1, h], ring[2, h] if correlation else 0.0)
        last_k = (ring[3, h], ring[4, h], ring[5, h] if correlation else 0.0)
        sum_j += last_j[0]
        sum_k += last_k[0]
    if on_j:
        totals[j] = sum_j
    if on_k:
        totals[k] = sum_k
    return on_j, on_k


@_jit
def _window_sum(
    prefix: Any, total: float, i: int, here: int, back: int, first: bool, window: int
) -> float:
    """Return the window sum ending at row ``i`` of a block from its prefix sums."""
    if i >= window:
        return float(prefix[_U(here + i)] - prefix[_U(here + i - window)])
    if first:
        return float(prefix[_U(here + i)])
    return float((total - prefix[_U(back + i)]) + prefix[_U(here + i)])


@_jit
def _slope_column_general(
    x: Any,
    j: int,
    dy: Any,
    y_valid: Any,
    shift_y: float,
    window: int,
    block: int,
    min_periods: int,
    correlation: bool,
    out: Any,
    totals: Any,
    ring: Any,
) -> None:
    """Write column ``j`` of the rolling slope, using the rows where both values exist.

    ``totals[j]`` receives the sum of the column's shifted values (block by
    block, as the prefix sums restart at every block).
    """
    n_rows = x.shape[0]
    least = max(min_periods, 2)
    shift = _first_valid(x, j)
    p_n, p_x, p_y, p_xy, p_yy, p_xx = (
        ring[0],
        ring[1],
        ring[2],
        ring[3],
        ring[4],
        ring[5],
    )
    total_n = total_x = total_y = total_xy = total_yy = total_xx = 0.0
    column_sum = 0.0
    for start in range(0, n_rows, block):
        rows = min(block, n_rows - start)
        here = ((start // block) % 2) * block
        back = block - here + block - window
        w_n = w_x = w_y = w_xy = w_yy = w_xx = 0.0
        c_x = c_y = c_xy = c_yy = c_xx = 0.0
        for i in range(rows):
            t = _U(start + i)
            value = x[t, j]
            valid = y_valid[t] and not math.isnan(value)
            d_x = value - shift if valid else 0.0
            d_y = dy[t] if valid else 0.0
            if i & _GROUP_MASK == 0:
                if i == _GROUP:
                    c_x, c_y, c_xy, c_yy, c_xx = w_x, w_y, w_xy, w_yy, w_xx
                elif i > _GROUP:
                    c_x += w_x
                    c_y += w_y
                    c_xy += w_xy
                    c_yy += w_yy
                    c_xx += w_xx
                w_x, w_y, w_xy, w_yy, w_xx = d_x, d_y, d_x * d_y, d_y * d_y, d_x * d_x
            else:
                w_x += d_x
                w_y += d_y
                w_xy += d_x * d_y
                w_yy += d_y * d_y
                w_xx += d_x * d_x
            w_n += 1.0 if valid else 0.0
            h = _U(here + i)
            p_n[h] = w_n
            p_x[h] = w_x + c_x
            p_y[h] = w_y + c_y
            p_xy[h] = w_xy + c_xy
            p_yy[h] = w_yy + c_yy
            p_xx[h] = w_xx + c_xx
        first = start == 0
        for i in range(rows):
            n = _window_sum(p_n, total_n, i, here, back, first, window)
            s_y = _window_sum(p_y, total_y, i, here, back, first, window)
            s_yy = _window_sum(p_yy, total_yy, i, here, back, first, window)
            mean_y = s_y / n
            squares_y = s_yy - s_y * mean_y
            undefined = (
                n < least
                or squares_y <= _ZERO_VARIANCE * s_yy
                or squares_y <= _round_off(_raw_squares(s_yy, s_y, n, shift_y), n)
            )
            out[_U(start + i), j] = _slope(
                _window_sum(p_x, total_x, i, here, back, first, window),
                _window_sum(p_xy, total_xy, i, here, back, first, window),
                _window_sum(p_xx, total_xx, i, here, back, first, window),
                n,
                mean_y,
                squares_y,
                undefined,
                correlation,
                shift,
            )
        last = _U(here + rows - 1)
        total_n, total_x, total_y = p_n[last], p_x[last], p_y[last]
        column_sum += total_x
        total_xy, total_yy, total_xx = p_xy[last], p_yy[last], p_xx[last]
    totals[j] = column_sum


@_jit
def _slope_columns(
    x: Any,
    dy: Any,
    y_valid: Any,
    y_complete: bool,
    shift_y: float,
    count: Any,
    mean_y: Any,
    squares_y: Any,
    undefined_y: Any,
    window: int,
    block: int,
    min_periods: int,
    correlation: bool,
    out: Any,
    totals: Any,
    lo: int,
    hi: int,
) -> None:
    """Write columns ``lo .. hi - 1`` of the rolling slope (or correlation).

    Two columns at a time (see :func:`_shared_prefix`). ``totals`` receives
    the sum of each column's shifted values over the rows where the
    benchmark has a value: not finite if one of them is infinite.
    """
    # Zeroed: for a rolling slope, _slope_columns_shared never fills rows 2
    # and 5, but its vectorized loops read them and subtract their values
    # before discarding them. Arithmetic on NaN is slow on some processors,
    # and memory handed back by the allocator often holds NaN (leading
    # windows, gaps): a thread's share then took up to eight times as long,
    # by chance of allocation.
    ring = np.zeros((6, 2 * block))
    for j in range(lo, hi, 2):
        k = min(j + 1, hi - 1)
        wrote_j, wrote_k = _slope_columns_shared(
            x,
            j,
            k,
            dy,
            y_valid,
            y_complete,
            count,
            mean_y,
            squares_y,
            undefined_y,
            window,
            block,
            correlation,
            out,
            totals,
            ring,
        )
        # A column with gaps where the benchmark has values: its own windows.
        for column, wrote in ((j, wrote_j), (k, wrote_k or k == j)):
            if not wrote:
                _slope_column_general(
                    x,
                    column,
                    dy,
                    y_valid,
                    shift_y,
                    window,
                    block,
                    min_periods,
                    correlation,
                    out,
                    totals,
                    ring,
                )


def _slopes_and_totals(
    x: FloatArray, y: FloatArray, window: int, min_periods: int, *, correlation: bool
) -> tuple[FloatArray, FloatArray, bool]:
    """Return the rolling slopes, each column's sum of shifted values, and whether ``y`` is complete."""
    x = _contiguous_columns(x)
    n_rows, n_columns = x.shape
    block = _block_size(window)
    benchmark = _read_only_contiguous(y[:, 0])
    y_valid = ~np.isnan(benchmark)
    y_complete = bool(y_valid.all())
    dy = np.empty(n_rows)
    count = np.empty(n_rows)
    mean_y = np.empty(n_rows)
    squares_y = np.empty(n_rows)
    undefined = np.empty(n_rows, dtype=np.bool_)
    _benchmark_moments(
        benchmark, window, block, min_periods, dy, count, mean_y, squares_y, undefined
    )
    out = np.empty_like(x)
    totals = np.empty(n_columns)
    _over_ranges(
        _slope_columns,
        n_columns,
        n_rows,
        _read_only(x),
        dy,
        y_valid,
        y_complete,
        float(benchmark[np.argmax(y_valid)]) if y_valid.any() else 0.0,
        count,
        mean_y,
        squares_y,
        undefined,
        window,
        block,
        min_periods,
        correlation,
        out,
        totals,
    )
    return out, totals, y_complete


def checked_rolling_slope_or_correlation(
    x: FloatArray,
    y: FloatArray,
    window: int,
    min_periods: int,
    *,
    correlation: bool,
) -> tuple[FloatArray, bool]:
    """Compiled :func:`rotationkit._kernels.checked_rolling_slope_or_correlation`.

    Every value of a column enters the sum of its shifted values, except on
    the rows where the benchmark has none, and an infinite value leaves that
    sum infinite or NaN: so a finite sum clears the column without another
    pass. With gaps in the benchmark, :func:`rotationkit._kernels.has_infinite`
    checks the panel instead. A sum that overflows only asks the caller for
    the full search, which then finds nothing.
    """
    out, totals, y_complete = _slopes_and_totals(
        x, y, window, min_periods, correlation=correlation
    )
    if y_complete:
        return out, bool(np.isfinite(totals).all())
    return out, not _kernels.has_infinite(x)


def rolling_slope_or_correlation(
    x: FloatArray,
    y: FloatArray,
    window: int,
    min_periods: int,
    *,
    correlation: bool,
) -> FloatArray:
    """Compiled :func:`rotationkit._kernels.rolling_slope_or_correlation`."""
    return _slopes_and_totals(x, y, window, min_periods, correlation=correlation)[0]


@_jit
def _mean_columns(
    values: Any,
    window: int,
    block: int,
    min_periods: int,
    out: Any,
    lo: int,
    hi: int,
) -> None:
    """Write columns ``lo .. hi - 1`` of the trailing mean."""
    n_rows = values.shape[0]
    p_n = np.empty(2 * block)
    p_x = np.empty(2 * block)
    for j in range(lo, hi):
        shift = _first_valid(values, j)
        total_n = total_x = 0.0
        for start in range(0, n_rows, block):
            rows = min(block, n_rows - start)
            here = ((start // block) % 2) * block
            back = block - here + block - window
            w_n = w_x = c_x = 0.0
            for i in range(rows):
                value = values[_U(start + i), j]
                valid = not math.isnan(value)
                d = value - shift if valid else 0.0
                if i & _GROUP_MASK == 0:
                    if i == _GROUP:
                        c_x = w_x
                    elif i > _GROUP:
                        c_x += w_x
                    w_x = d
                else:
                    w_x += d
                w_n += 1.0 if valid else 0.0
                h = _U(here + i)
                p_n[h] = w_n
                p_x[h] = w_x + c_x
            head = min(window, rows)
            if start == 0:
                for i in range(head):
                    h = _U(here + i)
                    mean = shift + p_x[h] / p_n[h]
                    out[_U(i), j] = mean if p_n[h] >= min_periods else math.nan
            else:
                for i in range(head):
                    h, b = _U(here + i), _U(back + i)
                    n = (total_n - p_n[b]) + p_n[h]
                    mean = shift + ((total_x - p_x[b]) + p_x[h]) / n
                    out[_U(start + i), j] = mean if n >= min_periods else math.nan
            for i in range(head, rows):
                h, b = _U(here + i), _U(here + i - window)
                n = p_n[h] - p_n[b]
                mean = shift + (p_x[h] - p_x[b]) / n
                out[_U(start + i), j] = mean if n >= min_periods else math.nan
            last = _U(here + rows - 1)
            total_n, total_x = p_n[last], p_x[last]


def rolling_mean(values: FloatArray, window: int, min_periods: int) -> FloatArray:
    """Compiled :func:`rotationkit._kernels.rolling_mean`."""
    values = _contiguous_columns(values)
    n_rows, n_columns = values.shape
    out = np.empty_like(values)
    _over_ranges(
        _mean_columns,
        n_columns,
        n_rows,
        _read_only(values),
        window,
        _block_size(window),
        min_periods,
        out,
    )
    return out


@_jit
def _quadrant_columns(
    ratio: Any, momentum: Any, centre: float, out: Any, lo: int, hi: int
) -> None:
    """Write the quadrant codes of columns ``lo .. hi - 1`` (see :func:`quadrant_codes`)."""
    for j in range(lo, hi):
        for t in range(ratio.shape[0]):
            rising = momentum[_U(t), j] >= centre
            strong = ratio[_U(t), j] >= centre
            code = np.int8(2 * (not strong) + (strong != rising))
            out[_U(t), j] = np.int8(-1) if math.isnan(momentum[_U(t), j]) else code


def quadrant_codes(
    ratio: FloatArray, momentum: FloatArray, centre: float
) -> _kernels.Codes | None:
    """Compiled :func:`rotationkit._kernels.quadrant_codes`, in one pass split between the threads.

    Column-major panels only (as :func:`rotationkit.rrg` lays them out);
    others are left to the numpy kernel.
    """
    if ratio.ndim != 2 or ratio.shape != momentum.shape:
        return None
    if not (ratio.flags.f_contiguous and momentum.flags.f_contiguous):
        return None
    n_rows, n_columns = ratio.shape
    out = np.empty(ratio.shape, dtype=np.int8, order="F")
    _over_ranges(
        _quadrant_columns,
        n_columns,
        n_rows,
        _read_only(ratio),
        _read_only(momentum),
        float(centre),
        out,
    )
    return out


# --------------------------------------------------------------------------
# causal standardisation (valuation)
# --------------------------------------------------------------------------
#
# As in the numpy kernels: values are shifted by the first valid value of
# their column; running sums of the shifted values and of their squares
# restart at every segment (whole chunks, at least the window) and carry the
# last row of one chunk into the first row of the next; within a chunk they
# restart at every group of 16 rows and the group totals are carried forward.
# The chunk has the same number of rows as the numpy kernel chooses for the
# panel, so every sum is formed by the same additions in the same order. The
# windows whose variance is lost in rounding are flagged here by the same test
# and recomputed by the numpy kernel's own two-pass routine.

_RECHECK = _kernels._RECHECK_VARIANCE_FRACTION
#: Chunks whose expanding z-scores are formed together (rolling ones are
#: formed a segment at a time).
_EXPANDING_SPAN_CHUNKS = 8


@_jit
def _zscore_cell(
    s_re: float,
    s_im: float,
    running: float,
    n: float,
    inv: float,
    inv1: float,
    value: float,
    shift: float,
    least: int,
) -> tuple[float, bool]:
    """Return the z-score of one cell from its window sums, and whether to recheck it.

    ``s_re`` and ``s_im`` are the window's sums of shifted values and of their
    squares, ``running`` the running sum of squares they were formed from,
    ``n`` the valid values, ``inv`` and ``inv1`` ``1 / n`` and
    ``1 / (n - 1)``. A cell to recheck, or with too few values, gets NaN.
    Without branches, so that the loops calling it run on vector registers.
    """
    mean = s_re * inv
    spread = s_im - s_re * mean
    z = ((value - shift) - mean) / np.sqrt(spread * inv1)
    enough = n >= least
    recheck = (spread <= running * _RECHECK) & (not math.isnan(value)) & enough
    return (z if enough & (not recheck) else math.nan), recheck


# Where the windows of a run of rows begin (see _zscore_rows). Constants and
# literal flags are passed as np.int64(...) and bool(...): numba compiles a
# function once more for every literal value it is called with.
_WITHIN = 0
_BEFORE = 1
_FROM_FIRST = 2


def _jit_inline(func: _F) -> _F:
    """Compile ``func`` as :func:`_jit` does, into each function calling it.

    For the body of a loop that two loops share: numba would otherwise call
    it as a function per cell, which keeps those loops off vector registers.
    """
    return cast(
        "_F",
        numba.njit(cache=True, nogil=True, error_model="numpy", inline="always")(func),
    )


@_jit_inline
def _complete_window_zscore(
    r: int, rows: tuple[Any, int, int, int, int, int], sums: tuple[Any, ...]
) -> tuple[float, bool]:
    """Return the z-score of row ``r`` of :func:`_zscore_rows`' complete rows, and whether to recheck it.

    ``rows`` and ``sums`` hold that function's arguments ``(values, j,
    seg_start, here, back, reach)`` and ``(totals, shift, least, per_row,
    p_re, p_im)``.
    """
    values, j, seg_start, here, back, reach = rows
    totals, shift, least, per_row, p_re, p_im = sums
    total_re, total_im, _ = totals
    counts, inv_rows, inv1_rows = per_row
    t, h, b = _U(seg_start + r), _U(here + r), _U(back + r)
    before = reach == _BEFORE
    reached = before or reach == _WITHIN
    ahead_re = total_re - p_re[b] if before else -p_re[b]
    ahead_im = total_im - p_im[b] if before else -p_im[b]
    return _zscore_cell(
        p_re[h] + (ahead_re if reached else -0.0),
        p_im[h] + (ahead_im if reached else -0.0),
        p_im[h] + (total_im if before else -0.0),
        counts[t],
        inv_rows[t],
        inv1_rows[t],
        values[t, j],
        shift,
        least,
    )


@_jit
def _zscore_rows(
    values: Any,
    j: int,
    seg_start: int,
    lo: int,
    hi: int,
    here: int,
    back: int,
    reach: int,
    totals: tuple[float, float, float],
    complete: bool,
    shift: float,
    least: int,
    per_row: tuple[Any, Any, Any],
    p_re: Any,
    p_im: Any,
    p_n: Any,
    out: Any,
    flags: Any,
) -> int:
    """Write the z-scores of rows ``lo .. hi - 1`` of a segment whose windows reach alike.

    ``reach`` says where every window of these rows begins: ``_WITHIN`` the
    segment (prefix sums from ``here``, less those ``window`` rows back, at
    ``back`` = ``here - window``); ``_BEFORE`` it, in the previous segment
    (its tail sums, from ``back``, plus ``totals``); or ``_FROM_FIRST`` row
    (no subtraction; ``back`` = ``here``). While the column is ``complete``
    (no running counts kept: no NaN so far) the number of values in each
    window, and ``1 / n`` and ``1 / (n - 1)``, come from ``per_row`` (per row
    of the panel), else from the running counts ``p_n``. Returns how many
    cells to recheck; when there are any, ``flags[r - lo]`` marks them.

    Each window sum is ``prefix + earlier``, where ``earlier`` is
    ``total - prefix back`` before the segment, ``-(prefix back)`` within it
    (``a + (-b)`` is ``a - b`` exactly) and ``-0.0`` from the first row
    (which leaves any number as it is): one loop without branches for the
    three reaches, on vector registers.
    """
    flagged = 0
    if complete:
        rows = (values, j, seg_start, here, back, reach)
        sums = (totals, shift, least, per_row, p_re, p_im)
        for r in range(lo, hi):
            z, recheck = _complete_window_zscore(r, rows, sums)
            out[_U(seg_start + r), j] = z
            flagged += recheck
        if flagged:
            # Cells to recheck are rare: their flags come from a second pass,
            # which spares the first a store of booleans per cell (a tenth
            # of the kernel's time).
            for r in range(lo, hi):
                flags[_U(r - lo)] = _complete_window_zscore(r, rows, sums)[1]
        return flagged
    total_re, total_im, total_n = totals
    for r in range(lo, hi):
        t = _U(seg_start + r)
        h = _U(here + r)
        b = _U(back + r)
        s_re, s_im, n, running = p_re[h], p_im[h], p_n[h], p_im[h]
        if reach == _WITHIN:
            s_re = s_re - p_re[b]
            s_im = s_im - p_im[b]
            n = n - p_n[b]
        elif reach == _BEFORE:
            s_re = s_re + (total_re - p_re[b])
            s_im = s_im + (total_im - p_im[b])
            n = n + (total_n - p_n[b])
            running = running + total_im
        z, recheck = _zscore_cell(
            s_re,
            s_im,
            running,
            n,
            1.0 / n,
            1.0 / (n - 1.0),
            values[t, j],
            shift,
            least,
        )
        out[t, j] = z
        flags[_U(r - lo)] = recheck
        flagged += recheck
    return flagged


@_jit
def _count_every_row(p_n: Any, h0: int, first: int, rows: int) -> None:
    """Write the running counts of ``rows`` rows that all held a value, from ``p_n[h0]``.

    ``first`` values came before them.
    """
    for r in range(rows):
        p_n[_U(h0 + r)] = first + r + 1.0


@_jit
def _complete_running_sums(
    values: Any,
    j: int,
    first: int,
    size: int,
    shift: float,
    carry: tuple[bool, float, float],
    h0: int,
    p_re: Any,
    p_im: Any,
) -> None:
    """Write the running sums of a chunk of a column with no NaN so far, from ``p_re[h0]``.

    The same sums of ``values[first : first + size, j] - shift`` and of
    their squares as :func:`_running_sums_and_counts` forms, by the same
    additions: within each group of 16 rows a running sum, to which the
    groups after the first add the totals of the groups before them.
    ``carry`` says whether the chunk's first row adds the sums carried from
    the previous chunk, and which. Both start from -0.0 otherwise, which
    leaves any number as it is (``x + -0.0`` is ``x``, signed zeros too).
    A NaN in the chunk leaves its last sums NaN: the caller then takes the
    chunk again with :func:`_running_sums_and_counts`.
    """
    carried, carry_re, carry_im = carry
    into_re = carry_re if carried else -0.0
    into_im = carry_im if carried else -0.0
    before_re = before_im = -0.0
    for start in range(0, size, _GROUP):
        h = h0 + start
        d = values[_U(first + start), j] - shift
        s, sq = d + into_re, d * d + into_im
        p_re[_U(h)], p_im[_U(h)] = s + before_re, sq + before_im
        for q in range(1, min(_GROUP, size - start)):
            d = values[_U(first + start + q), j] - shift
            s += d
            sq += d * d
            p_re[_U(h + q)], p_im[_U(h + q)] = s + before_re, sq + before_im
        before_re += s
        before_im += sq
        into_re = into_im = -0.0


@_jit
def _running_sums_and_counts(
    values: Any,
    j: int,
    first: int,
    size: int,
    shift: float,
    carry: tuple[bool, float, float],
    h0: int,
    sums: tuple[Any, Any, Any],
    running_n: float,
) -> float:
    """Write the running sums and counts of a chunk, from its column's first NaN on.

    As :func:`_complete_running_sums`, row by row: a NaN adds zero to the
    sums and nothing to the count of valid values, which runs on from
    ``running_n`` into ``sums[2]``. Returns the count after the chunk.
    """
    carried, carry_re, carry_im = carry
    p_re, p_im, p_n = sums
    w_re = w_im = c_re = c_im = 0.0
    for q in range(size):
        value = values[_U(first + q), j]
        valid = not math.isnan(value)
        d_re = value - shift if valid else 0.0
        d_im = d_re * d_re
        if q == 0 and carried:
            d_re = d_re + carry_re
            d_im = d_im + carry_im
        if q & _GROUP_MASK == 0:
            if q == _GROUP:
                c_re, c_im = w_re, w_im
            elif q > _GROUP:
                c_re += w_re
                c_im += w_im
            w_re, w_im = d_re, d_im
        else:
            w_re += d_re
            w_im += d_im
        running_n += 1.0 if valid else 0.0
        h = _U(h0 + q)
        if q < _GROUP:
            p_re[h], p_im[h] = w_re, w_im
        else:
            p_re[h], p_im[h] = w_re + c_re, w_im + c_im
        p_n[h] = running_n
    return running_n


@_jit
def _zscore_column(
    values: Any,
    j: int,
    window: int,
    rows: tuple[int, int, int],
    least: int,
    per_row: tuple[Any, Any, Any],
    out: Any,
    buffers: tuple[Any, Any, Any, Any],
    totals: Any,
    record: bool,
    flag_rows: Any,
    flag_at: int,
) -> int:
    """Write column ``j`` of the causal z-scores; return the number of windows to recheck.

    ``window`` is 0 for expanding windows. ``rows`` holds the rows of a
    chunk, of a segment and of a span: the running sums are formed chunk by
    chunk, the z-scores span by span (a rolling window's span is its
    segment). ``per_row`` holds, per row, the number of values in a window
    of a column without missing values, its reciprocal and ``1 / (n - 1)``.
    ``buffers`` are the running sums, the running counts (both ``2 *
    segment`` rows, or a span's when expanding) and the flags of a span.
    With ``record``, the rows to recheck go to ``flag_rows`` from
    ``flag_at``. ``totals[j]`` receives the sum of the column's shifted
    values (segment by segment, as rolling sums restart at every segment).
    """
    n_rows = values.shape[0]
    chunk, segment, span = rows
    p_re, p_im, p_n, flags = buffers
    shift = _first_valid(values, j)
    if math.isnan(shift):
        shift = 0.0
    # Until a NaN turns up (in most columns, never) no running counts are
    # needed: the running sums take the faster loop of
    # _complete_running_sums, and each window holds the values of all its
    # rows. The sums of a chunk with a NaN end in NaN. (Infinities that meet
    # end in NaN too: the counts then kept are those of all rows, the same
    # whole numbers.)
    counting = False
    rolling = window > 0
    if not rolling:
        segment = n_rows
    flagged = 0
    total_re = total_im = total_n = 0.0
    carry_re = carry_im = 0.0
    column_sum = 0.0
    for seg_start in range(0, n_rows, segment):
        seg_rows = min(segment, n_rows - seg_start)
        here = ((seg_start // segment) % 2) * segment if rolling else 0
        back = segment - here + segment - window
        earlier = rolling and seg_start > 0
        running_n = 0.0
        # The z-scores of a span are formed in two calls, whatever its
        # chunks: each call has a fixed cost (a tenth of the kernel's time
        # when they were made chunk by chunk).
        for s_start in range(0, seg_rows, span):
            s_stop = min(s_start + span, seg_rows)
            # A rolling segment's sums sit from ``here``, an expanding span's
            # from 0.
            base = here if rolling else -s_start
            for c_start in range(s_start, s_stop, chunk):
                size = min(chunk, s_stop - c_start)
                # The first chunk of a rolling segment starts afresh; any
                # other carries the previous chunk's last row (expanding:
                # zero at first).
                carried = c_start > 0 or not rolling
                chunk_rows = (values, j, seg_start + c_start, size, shift)
                carry = (carried, carry_re, carry_im)
                if not counting:
                    _complete_running_sums(
                        *chunk_rows, carry, base + c_start, p_re, p_im
                    )
                    end = _U(base + c_start + size - 1)
                    if math.isnan(p_re[end]) or math.isnan(p_im[end]):
                        # A NaN (or infinities meeting: an infinite first
                        # value, infinite sums of both signs): this chunk
                        # again, and the rest of the column, with running
                        # counts; the rows before all held a value.
                        counting = True
                        running_n = float(c_start)
                        _count_every_row(
                            p_n, base + s_start, s_start, c_start - s_start
                        )
                        if earlier:
                            _count_every_row(p_n, segment - here, np.int64(0), segment)
                            total_n = float(segment)
                if counting:
                    running_n = _running_sums_and_counts(
                        *chunk_rows, carry, base + c_start, (p_re, p_im, p_n), running_n
                    )
                last = _U(base + c_start + size - 1)
                carry_re, carry_im = p_re[last], p_im[last]
            # Rows whose windows begin before the segment (or at the first
            # row), then rows whose windows lie within it: two loops without
            # branches.
            split = min(max(window, s_start), s_stop) if rolling else s_stop
            totals_before = (total_re, total_im, total_n)
            n_before = _zscore_rows(
                values,
                j,
                seg_start,
                s_start,
                split,
                base,
                back if earlier else base,
                np.int64(_BEFORE if earlier else _FROM_FIRST),
                totals_before,
                not counting,
                shift,
                least,
                per_row,
                p_re,
                p_im,
                p_n,
                out,
                flags,
            )
            n_within = _zscore_rows(
                values,
                j,
                seg_start,
                split,
                s_stop,
                base,
                base - window,
                np.int64(_WITHIN),
                totals_before,
                not counting,
                shift,
                least,
                per_row,
                p_re,
                p_im,
                p_n,
                out,
                flags[_U(split - s_start) :],
            )
            # Each call wrote its flags only if it had cells to recheck.
            for lo, hi, n_flags in (
                (s_start, split, n_before),
                (split, s_stop, n_within),
            ):
                if n_flags:
                    for r in range(lo, hi):
                        if flags[_U(r - s_start)]:
                            if record:
                                flag_rows[_U(flag_at + flagged)] = seg_start + r
                            flagged += 1
        column_sum += carry_re
        if rolling:  # the next segment's windows reach back into this one
            last = _U(here + seg_rows - 1)
            total_re, total_im = p_re[last], p_im[last]
            total_n = p_n[last] if counting else 0.0
    totals[j] = column_sum
    return flagged


@_jit
def _zscore_columns(
    values: Any,
    window: int,
    chunk: int,
    segment: int,
    least: int,
    per_row: tuple[Any, Any, Any],
    out: Any,
    totals: Any,
    flag_counts: Any,
    record: bool,
    flag_rows: Any,
    flag_offsets: Any,
    lo: int,
    hi: int,
) -> None:
    """Write columns ``lo .. hi - 1`` of the causal z-scores.

    Without ``record`` each column's number of windows to recheck goes to
    ``flag_counts``; with it, only the columns with such windows are redone
    and their rows written to ``flag_rows`` from ``flag_offsets``.
    """
    n_rows = values.shape[0]
    if window > 0:
        span = segment
        kept = 2 * segment  # the segment and the one before
    else:
        span = min(_EXPANDING_SPAN_CHUNKS * chunk, max(n_rows, 1))
        kept = span
    p_re = np.empty(kept)
    p_im = np.empty(kept)
    p_n = np.empty(kept)
    buffers = (p_re, p_im, p_n, np.empty(span, dtype=np.bool_))
    for j in range(lo, hi):
        if record and flag_counts[j] == 0:
            continue
        flag_counts[j] = _zscore_column(
            values,
            j,
            window,
            (chunk, segment, span),
            least,
            per_row,
            out,
            buffers,
            totals,
            record,
            flag_rows,
            flag_offsets[j] if record else 0,
        )


def checked_causal_zscore(
    values: FloatArray, window: int | None, min_periods: int
) -> tuple[FloatArray, bool]:
    """Compiled :func:`rotationkit._kernels.checked_causal_zscore`.

    Every value of a column enters the sums of its shifted values, and an
    infinite value leaves them infinite or NaN: so finite sums clear the
    column without another pass. A sum that overflows only asks the caller
    for the full search, which then finds nothing.
    """
    values = _contiguous_columns(values)
    n_rows, n_columns = values.shape
    chunk = _kernels._chunk_rows(n_columns)
    counts = np.arange(1, n_rows + 1, dtype=np.float64)
    if window is None:
        size, segment = 0, chunk
    else:
        size = window
        segment = -(-min(window, n_rows) // chunk) * chunk
        np.minimum(counts, window, out=counts)
    with np.errstate(divide="ignore"):
        inv_rows = 1.0 / counts
        inv1_rows = 1.0 / (counts - 1.0)
    least = max(min_periods, 2)
    out = np.empty_like(values)
    totals = np.empty(n_columns)
    flag_counts = np.zeros(n_columns, dtype=np.int64)
    no_rows = np.empty(0, dtype=np.int64)
    arguments = (
        _read_only(values),
        size,
        chunk,
        segment,
        least,
        (counts, inv_rows, inv1_rows),
        out,
        totals,
    )
    _over_ranges(
        _zscore_columns,
        n_columns,
        n_rows,
        *arguments,
        flag_counts,
        False,
        no_rows,
        flag_counts,
    )
    clean = bool(np.isfinite(totals).all())
    n_flagged = int(flag_counts.sum())
    if n_flagged:
        offsets = np.zeros(n_columns, dtype=np.int64)
        np.cumsum(flag_counts[:-1], out=offsets[1:])
        rows = np.empty(n_flagged, dtype=np.int64)
        _zscore_columns(*arguments, flag_counts, True, rows, offsets, 0, n_columns)
        columns = np.repeat(np.arange(n_columns), flag_counts)
        if clean:
            _kernels._recheck_windows(values, out, rows, columns, window)
        else:
            # Windows with an infinite value may be rechecked too: their
            # z-scores are meaningless (the caller raises an error instead).
            with np.errstate(all="ignore"):
                _kernels._recheck_windows(values, out, rows, columns, window)
    return out, clean


def causal_zscore(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Compiled :func:`rotationkit._kernels.causal_zscore`."""
    return checked_causal_zscore(values, window, min_periods)[0]


# --------------------------------------------------------------------------
# regression with HAC errors (rates)
# --------------------------------------------------------------------------
#
# The slope, the means and the moments of the regressor come from the numpy
# kernel, unchanged; the twin computes the expensive part, the sums of
# squares and the lagged products of the scores, in one pass per column. The
# residuals and scores are formed with the numpy kernel's operations; only
# the sums over rows are vectorized, in an order of their own (numpy's einsum
# does not specify its order either, and it differs between processors): the
# sums agree to round-off.


def _jit_sum(func: _F) -> _F:
    """Compile a sum over rows that may be reassociated to run on vector registers.

    Only the order of the additions is free (``fastmath={"reassoc"}``): no
    fused multiply-add, and NaN and infinity keep their meaning.
    """
    return cast(
        "_F",
        numba.njit(cache=True, nogil=True, error_model="numpy", fastmath={"reassoc"})(
            func
        ),
    )


def _column_major(panel: FloatArray) -> tuple[FloatArray, int]:
    """Return a flat view ``flat`` and ``stride`` with ``panel[t, j] == flat[j * stride + t]``.

    Kernels that read a panel one column at a time take it in this form:
    one compiled version serves column-major panels and their row slices
    alike (numba would compile one per layout). A panel whose columns are
    not contiguous is copied to column-major order first.
    """
    n_rows, n_columns = panel.shape
    size = panel.itemsize
    column_step = panel.strides[1]
    rows_apart = n_rows > 1 and panel.strides[0] != size
    columns_overlap = n_columns > 1 and (
        column_step % size != 0 or column_step < n_rows * size
    )
    if rows_apart or columns_overlap:
        panel = _column_major_copy(panel)
        column_step = panel.strides[1]
    stride = column_step // size if n_columns > 1 else n_rows
    span = (n_columns - 1) * stride + n_rows if n_columns and n_rows else 0
    flat = np.lib.stride_tricks.as_strided(
        panel, shape=(span,), strides=(size,), writeable=False
    )
    return flat, stride


# A lag of zero as a numpy integer, not a literal: numba would compile _dot
# once more for a literal 0.
_NO_LAG = np.int64(0)


@_jit_sum
def _dot(a: Any, b: Any, lag: int) -> float:
    """Return ``sum(a[t] * b[t - lag])`` over ``t >= lag``."""
    total = 0.0
    for t in range(lag, a.shape[0]):
        total += a[_U(t)] * b[_U(t - lag)]
    return total


@_jit
def _hac_columns(
    dependent: Any,
    column_stride: int,
    centred_x: Any,
    mean_y: Any,
    beta: Any,
    valid: Any,
    masked: bool,
    max_lag: int,
    total: Any,
    residual: Any,
    gammas: Any,
    lo: int,
    hi: int,
) -> None:
    """Write the sums of columns ``lo .. hi - 1`` (see :func:`_hac_sums`).

    Row ``t`` of column ``j`` of the dependent panel is
    ``dependent[j * column_stride + t]`` (see :func:`_column_major`).
    """
    n_rows = centred_x.shape[0]
    shared_x = centred_x.shape[1] == 1
    deviations = np.empty(n_rows)
    residuals = np.empty(n_rows)
    scores = np.empty(n_rows)
    for j in range(lo, hi):
        k = 0 if shared_x else j
        mean, slope = mean_y[j], beta[j]
        first = _U(j * column_stride)
        for t in range(n_rows):
            row = _U(t)
            current = dependent[first + row] - mean
            if masked:
                current = current * (1.0 if valid[row, j] else 0.0)
            x = centred_x[row, k]
            deviations[row] = current
            current = current - x * slope
            residuals[row] = current
            scores[row] = current * x
        total[j] = _dot(deviations, deviations, _NO_LAG)
        residual[j] = _dot(residuals, residuals, _NO_LAG)
        for lag in range(min(max_lag, n_rows - 1) + 1):
            gammas[lag, j] = _dot(scores, scores, lag)


def _hac_sums(
    dependent: FloatArray,
    centred_x: FloatArray,
    mean_y: FloatArray,
    beta: FloatArray,
    valid: np.ndarray[tuple[int, int], np.dtype[np.bool_]] | None,
    max_lag: int,
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Compiled :func:`rotationkit._kernels._hac_sums`."""
    n_rows, n_columns = dependent.shape
    total = np.zeros(n_columns)
    residual = np.zeros(n_columns)
    gammas = np.zeros((max_lag + 1, n_columns))
    masked = valid is not None
    mask = valid if valid is not None else np.ones((1, 1), dtype=np.bool_)
    flat, column_stride = _column_major(dependent)
    _over_ranges(
        _hac_columns,
        n_columns,
        n_rows * (max_lag + 3),
        flat,
        column_stride,
        _read_only(centred_x),
        _read_only(np.ascontiguousarray(mean_y, dtype=np.float64)),
        _read_only(np.ascontiguousarray(beta, dtype=np.float64)),
        _read_only(mask),
        masked,
        max_lag,
        total,
        residual,
        gammas,
    )
    return total, residual, gammas


# --------------------------------------------------------------------------
# run lengths (streaks)
# --------------------------------------------------------------------------
#
# Runs are whole numbers, so the twins give exactly the numpy kernels'
# results: every run of every column in one pass per column, and the products
# of the period ratios over each run in the order the numpy kernel forms
# them (first to last).

_Positions = np.ndarray[tuple[int], np.dtype[np.intp]]
_Stamps = np.ndarray[tuple[int], np.dtype[np.int64]]
_BoolPanel = np.ndarray[tuple[int, int], np.dtype[np.bool_]]


def _contiguous_condition(condition: _BoolPanel) -> _BoolPanel:
    """Return ``condition`` read-only; a column-major copy if its columns are strided.

    As :func:`_contiguous_columns` does for panels of numbers (here the copy
    takes a byte per value): the run kernels then meet the layouts of a
    column-major panel, of its rows cut by date and of a single column
    only, not also those of a row-major panel or of a column cut with a
    step, each of which numba would compile them for once more.
    """
    if not _has_contiguous_columns(condition):
        condition = np.asfortranarray(condition)
    return _read_only(condition)


@_jit
def _count_runs(condition: Any, counts: Any, lo: int, hi: int) -> None:
    """Write the number of runs of True of columns ``lo .. hi - 1``."""
    n_rows = condition.shape[0]
    for j in range(lo, hi):
        runs = 0
        before = False
        for t in range(n_rows):
            now = condition[_U(t), j]
            # Without branches: the condition flips unpredictably.
            runs += now & (not before)
            before = now
        counts[j] = runs


@_jit
def _list_runs(
    condition: Any, offsets: Any, starts: Any, lengths: Any, lo: int, hi: int
) -> None:
    """Write the start and length of every run of columns ``lo .. hi - 1``.

    Every row writes a candidate start (and end) at the next free slot and
    moves the slot on only where a run starts (ends): no unpredictable
    branches. Once a column's slots are full, candidates go to its own spare
    slot past all runs (``offsets[-1] + j``), never to another column's.
    """
    n_rows = condition.shape[0]
    n_runs = offsets[offsets.shape[0] - 1]
    for j in range(lo, hi):
        first, stop, spare = offsets[j], offsets[j + 1], n_runs + j
        begun = ended = first
        before = False
        for t in range(n_rows):
            now = condition[_U(t), j]
            starts[_U(begun if begun < stop else spare)] = t
            begun += now & (not before)
            lengths[_U(ended if ended < stop else spare)] = t
            ended += before & (not now)
            before = now
        if before:
            lengths[stop - 1] = n_rows
        for run in range(first, stop):
            lengths[_U(run)] -= starts[_U(run)]


def run_length_encode(condition: _BoolPanel) -> _kernels.RunTable:
    """Compiled :func:`rotationkit._kernels.run_length_encode`."""
    n_rows, n_columns = condition.shape
    counts = np.empty(n_columns, dtype=np.intp)
    condition = _contiguous_condition(condition)
    _over_ranges(_count_runs, n_columns, n_rows, condition, counts)
    offsets = np.zeros(n_columns + 1, dtype=np.intp)
    np.cumsum(counts, out=offsets[1:])
    # One spare slot per column after the runs (see _list_runs).
    n_runs = int(offsets[-1])
    starts = np.empty(n_runs + n_columns, dtype=np.intp)
    lengths = np.empty(n_runs + n_columns, dtype=np.intp)
    _over_ranges(_list_runs, n_columns, n_rows, condition, offsets, starts, lengths)
    columns = np.repeat(np.arange(n_columns, dtype=np.intp), counts)
    return _kernels.RunTable(starts[:n_runs], lengths[:n_runs], columns)


@_jit
def _run_products(
    returns: Any,
    benchmark: Any,
    starts: Any,
    lengths: Any,
    columns: Any,
    out: Any,
    lo: int,
    hi: int,
) -> None:
    """Write ``prod((1 + r) / (1 + b)) - 1`` over each of the runs ``lo .. hi - 1``."""
    for run in range(lo, hi):
        j = _U(columns[_U(run)])
        first = starts[_U(run)]
        product = (1.0 + returns[_U(first), j]) / (1.0 + benchmark[_U(first), 0])
        for t in range(first + 1, first + lengths[_U(run)]):
            product *= (1.0 + returns[_U(t), j]) / (1.0 + benchmark[_U(t), 0])
        out[_U(run)] = product - 1.0


def run_relative_growth(
    returns: FloatArray, benchmark: FloatArray, runs: _kernels.RunTable
) -> FloatArray:
    """Compiled :func:`rotationkit._kernels.run_relative_growth`."""
    count = runs.starts.size
    out = np.empty(count)
    if count:
        mean_length = max(1, int(runs.lengths.sum()) // count)
        _over_ranges(
            _run_products,
            count,
            mean_length,
            _read_only(returns),
            _read_only_contiguous(benchmark),
            _read_only(runs.starts),
            _read_only(runs.lengths),
            _read_only(runs.columns),
            out,
        )
    return out


@_jit
def _outperforms(
    returns: Any, benchmark: Any, threshold: float, t: int, j: int
) -> bool:
    """Return whether column ``j`` beats the benchmark at row ``t``, as numpy decides it.

    numpy compares ``r > b`` when the threshold is zero: for finite floats
    (and NaN) that is ``r - b > 0``, so one branch-free test serves both.
    """
    ahead: bool = returns[_U(t), j] - benchmark[_U(t), 0] > threshold
    return ahead


@_jit
def _count_run_starts(
    returns: Any, benchmark: Any, threshold: float, counts: Any, lo: int, hi: int
) -> None:
    """Write, for each row ``lo .. hi - 1``, the number of runs of outperformance starting there."""
    counts[lo:hi] = 0
    if lo >= hi:
        return
    for j in range(returns.shape[1]):
        first = _outperforms(returns, benchmark, threshold, lo, j)
        counts[lo] += first and not (
            lo > 0 and _outperforms(returns, benchmark, threshold, lo - 1, j)
        )
        # Each row compared afresh with the row before: no value is carried
        # from one row to the next. The counts take an unsigned row too (see
        # _U): with a signed one the loop stayed off vector registers, at
        # twice the time.
        for t in range(lo + 1, hi):
            now = _outperforms(returns, benchmark, threshold, t, j)
            before = _outperforms(returns, benchmark, threshold, t - 1, j)
            counts[_U(t)] += now > before


@_jit
def _ratio(returns: Any, benchmark: Any, t: int, j: int) -> float:
    """Return the period ratio ``(1 + r) / (1 + b)`` of column ``j`` at row ``t``."""
    ratio: float = (1.0 + returns[_U(t), j]) / (1.0 + benchmark[_U(t), 0])
    return ratio


#: Rows of the tiles that :func:`_list_run_table` and
#: :func:`_list_condition_runs` scan column by column: the runs starting in a
#: tile go to about a hundred places of each column of the table (one per
#: start row), whose cache lines stay in the processor's cache while the
#: columns go by. Taller tiles (256 rows) took a fifth longer.
_TILE_ROWS = 128


@_jit
def _run_bounds() -> tuple[Any, Any]:
    """Return a thread's buffers of one column's run bounds in a tile, and products.

    A column's rows in a tile (see :func:`_list_run_table`) hold at most
    one bound each, plus the end of a run going on past the tile.
    """
    size = _TILE_ROWS + 1
    return np.empty(size, dtype=np.intp), np.empty(size)


# numpy booleans, not literals: numba would compile _place_column once for
# each literal value.
_WITH_GROWTH = np.bool_(True)
_WITHOUT_GROWTH = np.bool_(False)


@_jit
def _place_column(
    bounds: Any,
    products: Any,
    n_bounds: int,
    column: int,
    table: Any,
    with_growth: bool | np.bool_,
) -> None:
    """Write a column's runs, in order, each at its start row's next place.

    ``bounds[2 i]`` and ``bounds[2 i + 1]`` are the first row of run ``i``
    and the row after its last; ``products[2 i + 1]`` is the product of its
    period ratios. ``table`` is ``(places, starts, lengths, columns,
    growth)``; the relative returns are written only ``with_growth``.
    """
    places, starts, lengths, columns, growth = table
    # Unsigned slots, rows and places (see _U): without the checks for
    # negative indices the list pass takes a third less time.
    for k in range(0, n_bounds, 2):
        start = _U(bounds[_U(k)])
        place = _U(places[start])
        places[start] = place + 1
        starts[place] = start
        lengths[place] = bounds[_U(k + 1)] - start
        columns[place] = column
        if with_growth:
            growth[place] = products[_U(k + 1)] - 1.0


@_jit
def _list_run_table(
    returns: Any,
    benchmark: Any,
    threshold: float,
    places: Any,
    starts: Any,
    lengths: Any,
    columns: Any,
    growth: Any,
    lo: int,
    hi: int,
) -> None:
    """Write the runs that start in rows ``lo .. hi - 1``, each at its row's next place.

    Tile by tile, the columns are taken in order, so the runs that start on
    the same row land by column. A column's rows in a tile are scanned
    without branches on the condition (it flips unpredictably): every row
    writes its number and the running product to the next slot of a small
    buffer, which moves on only where a run starts or ends, so the slots
    end up holding each run's first row and the row after its last; the
    product of the period ratios restarts or goes on by selection, first to
    last, as the numpy kernel forms it. A run begun before the tile belongs
    to an earlier one; a run still going at its end is followed to its own.
    """
    n_rows = returns.shape[0]
    bounds, products = _run_bounds()
    table = (places, starts, lengths, columns, growth)
    # A run's product starts again from 1 on its first row. A choice between
    # two floats compiles to a branch on x86, mispredicted at almost every
    # run boundary; a two-slot buffer (1, running product) read at the
    # condition does not branch. A third of the kernel's time on a coin-like
    # panel went to those mispredictions.
    restart_or_carry = np.ones(2)
    # A column's period ratios and conditions in the tile, formed first in a
    # loop of their own: there the divisions run on vector registers, several
    # at a time, instead of one by one in the scan (a fifth of its time).
    ratios = np.empty(_TILE_ROWS)
    ahead = np.empty(_TILE_ROWS, dtype=np.bool_)
    for tile in range(lo, hi, _TILE_ROWS):
        tile_end = min(tile + _TILE_ROWS, hi)
        for j in range(returns.shape[1]):
            for k in range(tile_end - tile):
                ratios[_U(k)] = _ratio(returns, benchmark, tile + k, j)
                ahead[_U(k)] = _outperforms(returns, benchmark, threshold, tile + k, j)
            first = tile
            if tile > 0 and _outperforms(returns, benchmark, threshold, tile - 1, j):
                while first < tile_end and ahead[_U(first - tile)]:
                    first += 1
            before = False
            product = 1.0
            n_bounds = np.int64(0)
            for t in range(first, tile_end):
                now = ahead[_U(t - tile)]
                bounds[_U(n_bounds)] = t
                products[_U(n_bounds)] = product
                n_bounds += now != before
                restart_or_carry[1] = product
                product = restart_or_carry[_U(before)] * ratios[_U(t - tile)]
                before = now
            if before:
                t = tile_end
                while t < n_rows and _outperforms(returns, benchmark, threshold, t, j):
                    product *= _ratio(returns, benchmark, t, j)
                    t += 1
                bounds[_U(n_bounds)] = t
                products[_U(n_bounds)] = product
                n_bounds += 1
            _place_column(bounds, products, n_bounds, j, table, _WITH_GROWTH)


def outperformance_run_table(
    returns: FloatArray, benchmark: FloatArray, threshold: float
) -> tuple[_kernels.RunTable, FloatArray]:
    """Compiled :func:`rotationkit._kernels.outperformance_run_table`.

    A counting sort by start row fused with finding the runs: the first pass
    counts the runs starting on each row, the second writes every run
    straight to its place in the sorted table. Both split the rows, not the
    columns, between the threads.
    """
    n_rows, n_columns = returns.shape
    returns, benchmark = _read_only(returns), _read_only_contiguous(benchmark)
    level = float(threshold)
    counts = np.empty(n_rows, dtype=np.intp)
    _over_ranges(
        _count_run_starts, n_rows, n_columns, returns, benchmark, level, counts
    )
    places = _start_places(counts)
    n_runs = int(counts.sum())
    starts = np.empty(n_runs, dtype=np.intp)
    lengths = np.empty(n_runs, dtype=np.intp)
    columns = np.empty(n_runs, dtype=np.intp)
    growth = np.empty(n_runs)
    _over_ranges(
        _list_run_table,
        n_rows,
        n_columns,
        returns,
        benchmark,
        level,
        places,
        starts,
        lengths,
        columns,
        growth,
    )
    return _kernels.RunTable(starts, lengths, columns), growth


@_jit
def _count_condition_starts(condition: Any, counts: Any, lo: int, hi: int) -> None:
    """Write, for each row ``lo .. hi - 1``, the number of runs of True starting there."""
    counts[lo:hi] = 0
    if lo >= hi:
        return
    for j in range(condition.shape[1]):
        counts[lo] += condition[_U(lo), j] and not (lo > 0 and condition[_U(lo - 1), j])
        for t in range(lo + 1, hi):
            counts[_U(t)] += condition[_U(t), j] > condition[_U(t - 1), j]


@_jit
def _list_condition_runs(
    condition: Any,
    places: Any,
    starts: Any,
    lengths: Any,
    columns: Any,
    lo: int,
    hi: int,
) -> None:
    """Write the runs of True that start in rows ``lo .. hi - 1``, each at its row's next place.

    As :func:`_list_run_table`, without relative returns.
    """
    n_rows = condition.shape[0]
    bounds, products = _run_bounds()
    # No relative returns: the (unwritten) products stand in for the growth column.
    table = (places, starts, lengths, columns, products)
    for tile in range(lo, hi, _TILE_ROWS):
        tile_end = min(tile + _TILE_ROWS, hi)
        for j in range(condition.shape[1]):
            first = tile
            if tile > 0 and condition[_U(tile - 1), j]:
                while first < tile_end and condition[_U(first), j]:
                    first += 1
            before = False
            n_bounds = np.int64(0)
            for t in range(first, tile_end):
                now = condition[_U(t), j]
                bounds[_U(n_bounds)] = t
                n_bounds += now != before
                before = now
            if before:
                t = tile_end
                while t < n_rows and condition[_U(t), j]:
                    t += 1
                bounds[_U(n_bounds)] = t
                n_bounds += 1
            _place_column(bounds, products, n_bounds, j, table, _WITHOUT_GROWTH)


def _start_places(counts: _Positions) -> _Positions:
    """Return the first place in the table of the runs starting on each row."""
    places = np.zeros(counts.shape[0], dtype=np.intp)
    np.cumsum(counts[:-1], out=places[1:])
    return places


def run_table_by_start(condition: _BoolPanel) -> _kernels.RunTable:
    """Compiled :func:`rotationkit._kernels.run_table_by_start`.

    As :func:`outperformance_run_table`: a first pass counts the runs
    starting on each row, a second writes every run straight to its place.
    """
    n_rows, n_columns = condition.shape
    condition = _contiguous_condition(condition)
    counts = np.empty(n_rows, dtype=np.intp)
    _over_ranges(_count_condition_starts, n_rows, n_columns, condition, counts)
    places = _start_places(counts)
    n_runs = int(counts.sum())
    starts = np.empty(n_runs, dtype=np.intp)
    lengths = np.empty(n_runs, dtype=np.intp)
    columns = np.empty(n_runs, dtype=np.intp)
    _over_ranges(
        _list_condition_runs,
        n_rows,
        n_columns,
        condition,
        places,
        starts,
        lengths,
        columns,
    )
    return _kernels.RunTable(starts, lengths, columns)


@_jit
def _trailing_runs(
    returns: Any,
    benchmark: Any,
    threshold: float,
    out: Any,
    lo: int,
    hi: int,
) -> None:
    """Write the length of the outperformance run at the last row of columns ``lo .. hi - 1``."""
    n_rows = returns.shape[0]
    for j in range(lo, hi):
        length = 0
        for t in range(n_rows - 1, -1, -1):
            if not _outperforms(returns, benchmark, threshold, t, j):
                break
            length += 1
        out[j] = length


def current_outperformance_runs(
    returns: FloatArray, benchmark: FloatArray, threshold: float
) -> _Positions:
    """Compiled :func:`rotationkit._kernels.current_outperformance_runs`."""
    n_columns = returns.shape[1]
    out = np.empty(n_columns, dtype=np.intp)
    # Each column reads only its last run: a single thread is quickest.
    _trailing_runs(
        _read_only(returns),
        _read_only_contiguous(benchmark),
        float(threshold),
        out,
        0,
        n_columns,
    )
    return out


@_jit
def _longest_runs(starts: Any, lengths: Any, columns: Any, best: Any) -> None:
    """Write, per column, the position of its longest run (earliest among equals)."""
    for run in range(starts.shape[0]):
        j = columns[run]
        held = best[j]
        if (
            held < 0
            or lengths[run] > lengths[held]
            or (lengths[run] == lengths[held] and starts[run] < starts[held])
        ):
            best[j] = run


def longest_run_per_column(runs: _kernels.RunTable, n_columns: int) -> _Positions:
    """Compiled :func:`rotationkit._kernels.longest_run_per_column`."""
    best = np.full(n_columns, -1, dtype=np.intp)
    _longest_runs(
        _read_only(runs.starts),
        _read_only(runs.lengths),
        _read_only(runs.columns),
        best,
    )
    return best


@_jit
def _write_bound_labels(
    labels: Any, starts: Any, lengths: Any, firsts: Any, lasts: Any, lo: int, hi: int
) -> None:
    """Write the labels of the first and last rows of runs ``lo .. hi - 1``."""
    for run in range(lo, hi):
        start = _U(starts[_U(run)])
        firsts[_U(run)] = labels[start]
        lasts[_U(run)] = labels[start + _U(lengths[_U(run)]) - _U(1)]


def run_bound_labels(
    labels: _Stamps, starts: _Positions, lengths: _Positions
) -> tuple[_Stamps, _Stamps]:
    """Compiled :func:`rotationkit._kernels.run_bound_labels`.

    One pass forms both labels of each run, split between the threads; the
    numpy kernel takes the table twice, on one thread.
    """
    firsts = np.empty(starts.size, dtype=labels.dtype)
    lasts = np.empty(starts.size, dtype=labels.dtype)
    _over_ranges(
        _write_bound_labels,
        starts.size,
        1,
        _read_only_contiguous(labels),
        _read_only(starts),
        _read_only(lengths),
        firsts,
        lasts,
    )
    return firsts, lasts


# --------------------------------------------------------------------------
# order statistics over trailing windows (valuation)
# --------------------------------------------------------------------------
#
# The numpy kernels answer "how many values of the window lie below r" and
# "which is the k-th smallest" with a wavelet matrix over the ranks of each
# column. The twins give the same whole numbers with a Fenwick tree of the
# ranks in the window (a rank enters with its row and leaves ``window`` rows
# later), O(log T) per row, and form the results with the same operations.


@_jit
def _fenwick_add(tree: Any, rank: int, step: int) -> None:
    """Add ``step`` to the count of ``rank`` (0-based) in a Fenwick tree."""
    node = rank + 1
    while node < tree.shape[0]:
        tree[node] += step
        node += node & -node


@_jit
def _fenwick_below(tree: Any, bound: int) -> int:
    """Return how many ranks below ``bound`` the tree holds."""
    total = 0
    node = bound
    while node > 0:
        total += tree[node]
        node -= node & -node
    return total


@_jit
def _fenwick_smallest(tree: Any, k: int, top: int) -> int:
    """Return the ``k``-th smallest rank (from 0) the tree holds; ``top`` is its highest power of two."""
    node = 0
    remaining = k + 1
    step = top
    while step > 0:
        ahead = node + step
        if ahead < tree.shape[0] and tree[ahead] < remaining:
            node = ahead
            remaining -= tree[ahead]
        step >>= 1
    return node


@_jit
def _order_statistic_columns(
    ranks: Any,
    ordered: Any,
    window: int,
    min_periods: int,
    median: bool,
    out: Any,
    lo: int,
    hi: int,
) -> None:
    """Write percentile ranks (or medians) of columns ``lo .. hi - 1`` of ``out``.

    ``ranks`` (series x rows) holds the rank of each value in its series
    (stable, NaN last) and ``ordered`` the series' values in rank order.
    """
    n_rows = ranks.shape[1]
    group_first = np.empty(n_rows, dtype=np.intp)
    group_stop = np.empty(n_rows, dtype=np.intp)
    tree = np.zeros(n_rows + 1, dtype=np.intp)
    top = 1
    while top * 2 <= n_rows:
        top *= 2
    least = max(min_periods, 1)
    for j in range(lo, hi):
        rank_of, sorted_values = ranks[j], ordered[j]
        if not median:
            # Equal values share the ranks of their group: first .. stop - 1.
            for position in range(n_rows):
                if (
                    position == 0
                    or sorted_values[position] != sorted_values[position - 1]
                ):
                    group_first[position] = position
                else:
                    group_first[position] = group_first[position - 1]
            for position in range(n_rows - 1, -1, -1):
                if (
                    position == n_rows - 1
                    or sorted_values[position + 1] != sorted_values[position]
                ):
                    group_stop[position] = position + 1
                else:
                    group_stop[position] = group_stop[position + 1]
        tree[:] = 0
        count = 0
        for t in range(n_rows):
            if window > 0 and t >= window:
                leaving = rank_of[t - window]
                if not math.isnan(sorted_values[leaving]):
                    _fenwick_add(tree, leaving, np.int64(-1))
                    count -= 1
            rank = rank_of[t]
            valid = not math.isnan(sorted_values[rank])
            if valid:
                _fenwick_add(tree, rank, np.int64(1))
                count += 1
            if median:
                if count >= least:
                    lower = (count - 1) // 2
                    upper = min(count // 2, count - 1)
                    a = sorted_values[_fenwick_smallest(tree, lower, top)]
                    b = sorted_values[_fenwick_smallest(tree, upper, top)]
                    out[_U(t), j] = 0.5 * (a + b)
                else:
                    out[_U(t), j] = math.nan
            elif valid and count >= min_periods:
                less = _fenwick_below(tree, group_first[rank])
                at_most = _fenwick_below(tree, group_stop[rank])
                out[_U(t), j] = (less + at_most + 1.0) / (2.0 * count)
            else:
                out[_U(t), j] = math.nan


# Columns are ranked (by numpy's stable sort, as the numpy kernel does) this
# many values at a time, which bounds the memory of the ranks.
_RANK_BLOCK_VALUES = 1 << 20


def _order_statistics(
    values: FloatArray, window: int | None, min_periods: int, *, median: bool
) -> FloatArray:
    """Rank blocks of columns with numpy, then run the compiled window queries."""
    n_rows, n_columns = values.shape
    # Column-major whatever the input's order: each block of columns is then
    # one block of memory, the layout the window queries are compiled for.
    out = np.empty(values.shape, order="F")
    width = max(1, _RANK_BLOCK_VALUES // max(n_rows, 1))
    for start in range(0, n_columns, width):
        columns = slice(start, min(start + width, n_columns))
        series = values[:, columns].T
        order = np.argsort(series, axis=1, kind="stable")
        ranks = np.empty_like(order)
        np.put_along_axis(ranks, order, np.arange(n_rows)[np.newaxis, :], axis=1)
        ordered = np.take_along_axis(series, order, axis=1)
        _over_ranges(
            _order_statistic_columns,
            ranks.shape[0],
            n_rows * 16,
            ranks,
            ordered,
            0 if window is None else window,
            min_periods,
            median,
            out[:, columns],
        )
    return out


def causal_percentile_rank(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Compiled :func:`rotationkit._kernels.causal_percentile_rank`."""
    return _order_statistics(values, window, min_periods, median=False)


def causal_median(
    values: FloatArray, window: int | None, min_periods: int
) -> FloatArray:
    """Compiled :func:`rotationkit._kernels.causal_median`."""
    return _order_statistics(values, window, min_periods, median=True)
