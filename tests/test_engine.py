"""The engine switch, and the compiled kernels against the numpy reference.

The numpy kernels are the reference. Every compiled twin must give the same
numbers: bit for bit for the rolling moments, z-scores, order statistics and
runs (they perform the same operations in the same order), and to 1e-12
relative for the Newey-West sums, whose numpy order (einsum) is itself
unspecified. The comparisons run over many shapes, missing-value patterns,
windows, minimum periods, memory layouts and a large common offset, both on
the kernels and through the public functions that use them.

The second half needs numba (``pip install 'rotationkit[fast]'``) and is
skipped without it.
"""

from __future__ import annotations

import inspect
import subprocess
import sys
import threading
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk
from rotationkit import _engine, _kernels

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

    from rotationkit._typing import FloatArray

# --------------------------------------------------------------------------
# choosing the engine (no numba needed)
# --------------------------------------------------------------------------


@pytest.fixture(autouse=True)
def _restore_engine() -> Iterator[None]:
    """Leave the engine setting as each test found it."""
    state = _engine._STATE
    saved = (state.requested, state.from_environment, state.twins)
    yield
    state.requested, state.from_environment, state.twins = saved


def test_numpy_engine_can_always_be_chosen() -> None:
    rk.set_engine("numpy")
    assert rk.get_engine() == "numpy"


def test_unknown_engine_is_a_value_error_listing_the_choices() -> None:
    with pytest.raises(ValueError, match=r"one of \['auto', 'numba', 'numpy'\]"):
        rk.set_engine("cython")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="got 3"):
        rk.engine(3)  # type: ignore[arg-type]


def test_context_manager_restores_the_previous_engine_on_error() -> None:
    rk.set_engine("numpy")
    message = "boom"
    with pytest.raises(RuntimeError, match=message), rk.engine("auto"):
        raise RuntimeError(message)
    assert _engine._STATE.requested == "numpy"
    assert rk.get_engine() == "numpy"


def test_environment_variable_sets_the_default(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROTATIONKIT_ENGINE", "NumPy ")
    _engine._STATE.from_environment = True
    _engine._STATE.twins = None
    assert rk.get_engine() == "numpy"


def test_bad_environment_variable_is_named(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ROTATIONKIT_ENGINE", "fortran")
    _engine._STATE.from_environment = True
    _engine._STATE.twins = None
    with pytest.raises(ValueError, match="ROTATIONKIT_ENGINE"):
        rk.get_engine()


@pytest.mark.usefixtures("no_numba")
def test_without_numba_auto_falls_back_and_numba_names_the_extra() -> None:
    rk.set_engine("auto")
    assert rk.get_engine() == "numpy"
    with pytest.raises(ImportError, match=r"rotationkit\[fast\]"):
        rk.set_engine("numba")
    with pytest.raises(ImportError, match="numba engine needs numba"):
        rk.engine("numba").__enter__()
    # The numpy kernels still compute.
    assert rk.current_streak([0.02, 0.03], [0.01, 0.01]) == 2


def test_import_does_not_import_numba() -> None:
    code = "import sys, rotationkit; print('numba' in sys.modules)"
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=120,
        check=True,
    )
    assert completed.stdout.strip() == "False"


def test_numpy_kernels_stay_reachable() -> None:
    kernel: Any = _kernels.rolling_mean
    assert kernel.__wrapped__.__name__ == "rolling_mean"
    assert kernel.__wrapped__.__module__ == "rotationkit._kernels"


# --------------------------------------------------------------------------
# panels to compare on
# --------------------------------------------------------------------------


def _layouts(values: FloatArray) -> dict[str, FloatArray]:
    """The same panel C-ordered, Fortran-ordered and as two strided views.

    The row slice of a Fortran-ordered panel (a frame cut by date) is read
    in place by the compiled kernels; the other strided view is copied.
    """
    wide = np.empty((values.shape[0], 2 * values.shape[1]))
    wide[:, ::2] = values
    tall = np.empty((values.shape[0] + 1, values.shape[1]), order="F")
    tall[1:] = values
    return {
        "C": np.ascontiguousarray(values),
        "F": np.asfortranarray(values),
        "strided": wide[:, ::2],
        "row slice of F": tall[1:],
    }


def _panel(
    n_rows: int,
    n_columns: int,
    *,
    seed: int,
    pattern: str,
    offset: float = 0.0,
    scale: float = 0.01,
) -> FloatArray:
    """Return returns-like values with a named pattern of missing or flat values."""
    rng = np.random.default_rng(seed)
    values = offset + rng.normal(0.0003, scale, (n_rows, n_columns))
    if pattern == "scattered":
        values[rng.random(values.shape) < 0.1] = np.nan
    elif pattern == "leading":
        for column in range(n_columns):
            values[: rng.integers(0, n_rows + 1), column] = np.nan
    elif pattern == "empty column":
        values[:, -1] = np.nan
    elif pattern == "flat tail":
        values[n_rows // 2 :, 0] = values[n_rows // 2, 0]
        values[rng.random(values.shape) < 0.05] = np.nan
    elif pattern == "constant":
        values[:, 0] = offset + 0.25
    elif pattern == "coarse":
        values = np.round(values, 2)
    return values


PATTERNS = ("complete", "scattered", "leading", "empty column", "flat tail", "coarse")
SHAPES = ((1, 1), (7, 2), (40, 3), (300, 4), (700, 5))
WINDOWS = (1, 2, 5, 16, 17, 63, 256, 257, 1_000)


def _cases() -> Iterator[tuple[str, int, int, str, int, int]]:
    """Yield (id, rows, columns, pattern, window, min_periods), deterministically."""
    rng = np.random.default_rng(2026)
    for n_rows, n_columns in SHAPES:
        for pattern in PATTERNS:
            window = int(rng.choice(WINDOWS))
            least = int(rng.choice([0, 1, 2, max(1, window // 2), window]))
            name = f"{n_rows}x{n_columns}-{pattern}-w{window}-m{least}"
            yield name, n_rows, n_columns, pattern, window, least


CASES = list(_cases())
CASE_IDS = [case[0] for case in CASES]


def _assert_identical(found: Any, expected: Any) -> None:
    """Assert the same shape, dtype, missing values and numbers, signed zeros too."""
    found, expected = np.asarray(found), np.asarray(expected)
    assert found.shape == expected.shape
    assert found.dtype == expected.dtype
    if found.dtype.kind == "f":
        missing = np.isnan(expected)
        np.testing.assert_array_equal(np.isnan(found), missing)
        np.testing.assert_array_equal(
            np.signbit(found[~missing]), np.signbit(expected[~missing])
        )
    np.testing.assert_array_equal(found, expected)


def _assert_close(found: Any, expected: Any, *, rtol: float = 1e-12) -> None:
    """Assert the same missing values and agreement to ``rtol`` relative."""
    found, expected = np.asarray(found), np.asarray(expected)
    np.testing.assert_array_equal(np.isnan(found), np.isnan(expected))
    np.testing.assert_allclose(found, expected, rtol=rtol, atol=0.0, equal_nan=True)


# --------------------------------------------------------------------------
# compiled kernels against numpy (needs numba)
# --------------------------------------------------------------------------


@pytest.fixture(scope="module")
def twins() -> Any:
    """The module of compiled twins, or skip without numba."""
    pytest.importorskip("numba")
    from rotationkit import _kernels_numba

    return _kernels_numba


def _reference(name: str) -> Callable[..., Any]:
    """Return the numpy kernel ``name`` itself, whatever the engine."""
    kernel: Any = getattr(_kernels, name)
    reference: Callable[..., Any] = kernel.__wrapped__
    return reference


def _marked_kernels() -> dict[str, Any]:
    """The numpy kernels marked with ``compiled_twin``, by name."""
    # Every function compiled_twin returns runs the same code, in closures
    # of their own.
    dispatch = _engine.compiled_twin(_marked_kernels).__code__
    return {
        name: value
        for name, value in vars(_kernels).items()
        if getattr(value, "__code__", None) is dispatch
    }


def _parameters(func: Callable[..., Any]) -> list[tuple[str, Any, Any]]:
    return [
        (parameter.name, parameter.kind, parameter.default)
        for parameter in inspect.signature(func).parameters.values()
    ]


def test_every_marked_kernel_has_a_twin_taking_its_parameters(twins: Any) -> None:
    # The engine looks a twin up by name and falls back to the numpy kernel
    # when there is none: a renamed twin would silently leave the compiled
    # engine unused.
    marked = _marked_kernels()
    assert {"outperformance_run_table", "causal_zscore", "_hac_sums"} <= set(marked)
    for name, kernel in marked.items():
        twin = getattr(twins, name, None)
        assert twin is not None, f"{name} has no compiled twin"
        assert _parameters(twin) == _parameters(kernel.__wrapped__), name
    public = {
        name
        for name, value in vars(twins).items()
        if inspect.isfunction(value)
        and value.__module__ == twins.__name__
        and not name.startswith("_")
    }
    assert public == {name for name in marked if not name.startswith("_")}
    assert sorted(twins.__all__) == sorted([*public, "THREADS"])


@pytest.mark.parametrize(
    ("name", "n_rows", "n_columns", "pattern", "window", "least"), CASES, ids=CASE_IDS
)
@pytest.mark.parametrize("correlation", [False, True], ids=["slope", "correlation"])
def test_rolling_slope_is_bit_for_bit(
    twins: Any,
    name: str,
    n_rows: int,
    n_columns: int,
    pattern: str,
    window: int,
    least: int,
    *,
    correlation: bool,
) -> None:
    del name
    x = _panel(n_rows, n_columns, seed=n_rows + window, pattern=pattern)
    y = _panel(n_rows, 1, seed=7 * n_rows, pattern="complete")
    if pattern == "scattered":
        y[::7] = np.nan
    expected = _reference("rolling_slope_or_correlation")(
        x, y, window, least, correlation=correlation
    )
    for values in _layouts(x).values():
        found = twins.rolling_slope_or_correlation(
            values, y, window, least, correlation=correlation
        )
        _assert_identical(found, expected)


@pytest.mark.parametrize(
    ("name", "n_rows", "n_columns", "pattern", "window", "least"), CASES, ids=CASE_IDS
)
def test_rolling_mean_is_bit_for_bit(
    twins: Any,
    name: str,
    n_rows: int,
    n_columns: int,
    pattern: str,
    window: int,
    least: int,
) -> None:
    del name
    values = _panel(n_rows, n_columns, seed=window, pattern=pattern, offset=1.0)
    expected = _reference("rolling_mean")(values, window, least)
    for layout in _layouts(values).values():
        _assert_identical(twins.rolling_mean(layout, window, least), expected)


@pytest.mark.parametrize("n_columns", [1, 3, 40])
@pytest.mark.parametrize("centre", [100.0, 0.0])
def test_quadrant_codes_are_identical(
    twins: Any, monkeypatch: pytest.MonkeyPatch, n_columns: int, centre: float
) -> None:
    # Points on either side of the centre and exactly on it (signed zeros
    # for a centre of 0), NaN momentum, NaN ratio with a valid momentum,
    # infinities; column-major panels (as rrg() lays them out) take the
    # compiled kernel, split between threads, row-major ones the numpy
    # kernel.
    rng = np.random.default_rng(n_columns)
    near = [centre - 1.0, centre, centre + 1.0, np.inf, -np.inf]
    if centre == 0.0:
        near.append(-0.0)
    ratio = np.asfortranarray(rng.choice(near, (700, n_columns)))
    momentum = np.asfortranarray(rng.choice(near, (700, n_columns)))
    momentum[::7] = np.nan
    ratio[3::11] = np.nan
    expected = _reference("quadrant_codes")(ratio, momentum, centre)
    assert set(np.unique(expected)) == {-1, 0, 1, 2, 3}
    monkeypatch.setattr(twins, "THREADS", 3)
    monkeypatch.setattr(twins, "_PARALLEL_CELLS", 1)
    found = twins.quadrant_codes(ratio, momentum, centre)
    _assert_identical(found, expected)
    assert found.flags.f_contiguous
    row_major = np.ascontiguousarray(ratio), np.ascontiguousarray(momentum)
    if n_columns > 1:  # a single column is column-major too
        assert twins.quadrant_codes(*row_major, centre) is None
    with rk.engine("numba"):
        _assert_identical(_kernels.quadrant_codes(*row_major, centre), expected)
        # Empty panels, and a one-dimensional array (left to numpy).
        for shape in [(0, n_columns), (700, 0), (700,)]:
            other = np.full(shape, centre)
            _assert_identical(
                _kernels.quadrant_codes(other, other, centre),
                _reference("quadrant_codes")(other, other, centre),
            )


@pytest.mark.parametrize("window", [5, 1_000])
def test_rolling_mean_of_a_wide_panel_is_bit_for_bit(twins: Any, window: int) -> None:
    # The numpy kernel takes the columns in slices, with and without NaN.
    values = _panel(1_200, 1_100, seed=window, pattern="complete", offset=1.0)
    values[700, 600] = np.nan
    expected = _reference("rolling_mean")(values, window, 2)
    _assert_identical(twins.rolling_mean(values, window, 2), expected)


@pytest.mark.parametrize(
    ("name", "n_rows", "n_columns", "pattern", "window", "least"), CASES, ids=CASE_IDS
)
@pytest.mark.parametrize("expanding", [False, True], ids=["rolling", "expanding"])
def test_causal_zscore_is_bit_for_bit(
    twins: Any,
    name: str,
    n_rows: int,
    n_columns: int,
    pattern: str,
    window: int,
    least: int,
    *,
    expanding: bool,
) -> None:
    del name
    values = _panel(n_rows, n_columns, seed=3 * window, pattern=pattern, scale=1.0)
    size = None if expanding else window
    expected = _reference("causal_zscore")(values, size, least)
    for layout in _layouts(values).values():
        _assert_identical(twins.causal_zscore(layout, size, least), expected)


@pytest.mark.parametrize("n_rows", [15, 16, 64, 80, 2_007, 2_600])
@pytest.mark.parametrize("window", [None, 16, 60, 300, 1_000])
def test_causal_zscore_of_columns_without_nan_takes_the_same_sums(
    twins: Any, n_rows: int, window: int | None
) -> None:
    # Columns take a loop without running counts until a NaN turns up, then
    # the loop with counts (which counts the rows before as all valid).
    # Signed zeros, a zero first value and constant stretches are included:
    # every addition must be the numpy kernel's, down to the sign of zero.
    rng = np.random.default_rng(n_rows)
    values = np.round(rng.normal(0.0, 0.02, (n_rows, 8)), 2)
    values[0, 1] = 0.0
    values[values == 0.0] = np.where(
        rng.random(int((values == 0.0).sum())) < 0.5, -0.0, 0.0
    )
    values[: n_rows // 2, 2] = 0.5
    # A first NaN in the last row: with 2,600 rows, in a later chunk of the
    # second span of expanding sums (2,048 rows), whose earlier rows are
    # counted from row 2,048 on.
    values[-1, 3] = np.nan
    values[0, 4] = np.nan
    values[:, 5] = np.cumsum(values[:, 5]) + 1e6
    # A first NaN in a later chunk or segment: the rows before are counted.
    values[2 * n_rows // 3, 6] = np.nan
    values[min(512, n_rows - 1) :: 700, 7] = np.nan
    expected = _reference("causal_zscore")(values, window, 2)
    assert not np.isnan(expected[-1, 0])
    for layout in _layouts(values).values():
        _assert_identical(twins.causal_zscore(layout, window, 2), expected)


@pytest.mark.parametrize("n_columns", [1, 130, 600, 3_000])
@pytest.mark.parametrize("window", [None, 20, 300])
def test_causal_zscore_follows_the_chunking_of_wide_panels(
    twins: Any, n_columns: int, window: int | None
) -> None:
    # The numpy kernel works on slices of up to 512 columns, in chunks of
    # rows set by the width of the first; the twin must form its sums with
    # the same chunks.
    values = _panel(90, n_columns, seed=n_columns, pattern="flat tail", scale=1.0)
    expected = _reference("causal_zscore")(values, window, 2)
    _assert_identical(twins.causal_zscore(values, window, 2), expected)


@pytest.mark.parametrize("window", [None, 300])
def test_causal_zscore_rechecks_only_the_windows_it_flags(
    twins: Any, window: int | None
) -> None:
    # The twin writes the flags of windows to recheck only for the rows of a
    # call that has some, and forms z-scores a rolling segment (512 rows
    # here) or 2,048 rows of expanding sums at a time. Rolling: column 0
    # flags rows whose windows begin before their segment (512-560, as well
    # as 499-511 within the first); column 1, after column 0 left its flags
    # in the same buffer, only rows whose windows lie within theirs
    # (1,399-1,500). A stale flag would recompute a window that the numpy
    # kernel keeps, changing its last bits. Expanding: column 2 is constant
    # for its first 2,300 rows (flags in two spans), and comes after column
    # 1, which a NaN at row 2,100 turns to running counts.
    rng = np.random.default_rng(7)
    values = np.cumsum(rng.normal(0.0, 1.0, (2_600, 3)), axis=0)
    values[200:561, 0] = values[200, 0]
    values[1_100:1_501, 1] = values[1_100, 1]
    values[2_100, 1] = np.nan
    values[:2_300, 2] = 4.0
    expected = _reference("checked_causal_zscore")(values, window, 2)
    found = twins.checked_causal_zscore(values, window, 2)
    _assert_identical(found[0], expected[0])
    assert found[1] is expected[1] is True
    # Windows of equal values have no z-score.
    flat = [(2_000, 2), (2_299, 2)]
    if window is not None:
        flat += [(520, 0), (1_450, 1)]
    for row, column in flat:
        assert np.isnan(found[0][row, column])
    assert not np.isnan(found[0][[1_450, 520, 2_500], [0, 1, 2]]).any()
    # Without NaN, the numpy kernel's check takes a shortcut: the same numbers.
    complete = values[:, [0, 2]]
    checked = _reference("checked_causal_zscore")(complete, window, 2)
    assert checked[1] is True
    _assert_identical(checked[0], _reference("causal_zscore")(complete, window, 2))


@pytest.mark.parametrize("offset", [1e6, -3e3, 1e-9])
@pytest.mark.parametrize("window", [None, 60, 500])
def test_large_common_offset_keeps_the_shifted_sums(
    twins: Any, offset: float, window: int | None
) -> None:
    spread = 1e-3 if abs(offset) > 1.0 else 1e-12
    values = _panel(1_500, 3, seed=11, pattern="scattered", offset=offset, scale=spread)
    benchmark = _panel(
        1_500, 1, seed=12, pattern="complete", offset=offset, scale=spread
    )
    size = 60 if window is None else window
    _assert_identical(
        twins.causal_zscore(values, window, 2),
        _reference("causal_zscore")(values, window, 2),
    )
    _assert_identical(
        twins.rolling_mean(values, size, 1), _reference("rolling_mean")(values, size, 1)
    )
    for correlation in (False, True):
        expected = _reference("rolling_slope_or_correlation")(
            values, benchmark, size, 2, correlation=correlation
        )
        found = twins.rolling_slope_or_correlation(
            values, benchmark, size, 2, correlation=correlation
        )
        _assert_identical(found, expected)


def test_benchmark_constant_up_to_rounding_gives_nan_on_both_engines(
    twins: Any,
) -> None:
    rng = np.random.default_rng(4)
    cash = np.full((400, 1), 1e-4) + rng.normal(0.0, 1e-19, (400, 1))
    cash[200:] = rng.normal(0.0, 0.01, (200, 1))
    returns = rng.normal(0.0, 0.01, (400, 3))
    returns[:, 1] = 0.5 + rng.normal(0.0, 1e-17, 400)
    returns[50, 2] = np.nan
    for correlation in (False, True):
        expected = _reference("rolling_slope_or_correlation")(
            returns, cash, 60, 10, correlation=correlation
        )
        found = twins.rolling_slope_or_correlation(
            returns, cash, 60, 10, correlation=correlation
        )
        assert np.isnan(expected[:200]).all()
        _assert_identical(found, expected)


@pytest.mark.parametrize(
    ("name", "n_rows", "n_columns", "pattern", "window", "least"), CASES, ids=CASE_IDS
)
@pytest.mark.parametrize("kernel", ["causal_percentile_rank", "causal_median"])
def test_order_statistics_are_bit_for_bit(
    twins: Any,
    name: str,
    n_rows: int,
    n_columns: int,
    pattern: str,
    window: int,
    least: int,
    kernel: str,
) -> None:
    del name
    values = np.round(_panel(n_rows, n_columns, seed=window, pattern=pattern), 3)
    values[values == 0.0] = -0.0  # ties between signed zeros
    for size in (window, None):
        expected = _reference(kernel)(values, size, least)
        for layout in _layouts(values).values():
            _assert_identical(getattr(twins, kernel)(layout, size, least), expected)


@pytest.mark.parametrize(
    ("name", "n_rows", "n_columns", "pattern", "window", "least"), CASES, ids=CASE_IDS
)
@pytest.mark.parametrize("threshold", [0.0, 0.004, -0.01])
def test_run_kernels_are_identical(
    twins: Any,
    name: str,
    n_rows: int,
    n_columns: int,
    pattern: str,
    window: int,
    least: int,
    threshold: float,
) -> None:
    del name, least
    returns = _panel(n_rows, n_columns, seed=window + 1, pattern=pattern)
    benchmark = _panel(n_rows, 1, seed=window + 2, pattern="scattered")
    condition = _kernels.outperformance_mask(returns, benchmark, threshold)
    runs = _reference("run_length_encode")(condition)
    by_start = _reference("run_table_by_start")(condition)
    for bools in (condition, np.asfortranarray(condition)):
        _assert_identical(twins.run_length_encode(bools), runs)
        _assert_identical(twins.run_table_by_start(bools), by_start)
    _assert_identical(
        twins.longest_run_per_column(runs, n_columns),
        _reference("longest_run_per_column")(runs, n_columns),
    )
    selected = _kernels.take_runs(runs, np.flatnonzero(runs.lengths >= 2))
    for table in (runs, selected):
        for layout in _layouts(returns).values():
            _assert_identical(
                twins.run_relative_growth(layout, benchmark, table),
                _reference("run_relative_growth")(returns, benchmark, table),
            )
    for layout in _layouts(returns).values():
        _assert_identical(
            twins.current_outperformance_runs(layout, benchmark, threshold),
            _reference("current_outperformance_runs")(returns, benchmark, threshold),
        )
        _assert_same_run_table(
            twins.outperformance_run_table(layout, benchmark, threshold),
            _numpy_run_table(returns, benchmark, threshold),
        )


def _runs_across_tiles(tile: int) -> np.ndarray[Any, np.dtype[np.bool_]]:
    """Conditions with runs longer than a tile and runs ending at tile edges."""
    n_rows = 3 * tile + 37
    rows = np.arange(n_rows)
    rng = np.random.default_rng(11)
    columns = [
        np.ones(n_rows, dtype=bool),  # one run over every tile
        ~np.isin(rows, [tile - 1, 2 * tile]),  # runs ending at the edges
        (rows >= tile) & (rows < 2 * tile),  # exactly the second tile
        rows == n_rows - 1,  # the last row only
        (rows > tile // 2) & (rows < 2 * tile + 3),  # across two edges
        rng.random(n_rows) < 0.5,
        rng.random(n_rows) < 0.97,  # long runs at random places
        rows % 2 == 0,  # a run on every other row: the most runs a tile holds
        rows % 2 == 1,
    ]
    return np.column_stack(columns)


def test_run_tables_follow_runs_across_tiles_and_ranges(
    twins: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    condition = _runs_across_tiles(twins._TILE_ROWS)
    returns = np.where(condition, 0.01, -0.01)
    benchmark = np.zeros((condition.shape[0], 1))
    expected_table = _numpy_run_table(returns, benchmark, 0.0)
    expected_runs = _reference("run_table_by_start")(condition)
    assert int(expected_runs.lengths.max()) == condition.shape[0]
    for threads, ranges in [(1, 1), (2, 1), (3, 7), (2, 40)]:
        monkeypatch.setattr(twins, "THREADS", threads)
        monkeypatch.setattr(twins, "_RANGES_PER_THREAD", ranges)
        monkeypatch.setattr(twins, "_PARALLEL_CELLS", 1)
        for layout in _layouts(returns).values():
            _assert_same_run_table(
                twins.outperformance_run_table(layout, benchmark, 0.0),
                expected_table,
            )
        wide = np.zeros((condition.shape[0], 2 * condition.shape[1]), dtype=bool)
        wide[:, ::2] = condition
        for bools in (condition, np.asfortranarray(condition), wide[:, ::2]):
            _assert_identical(twins.run_table_by_start(bools), expected_runs)


def test_run_bound_labels_are_the_labels_of_first_and_last_rows(
    twins: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    condition = _runs_across_tiles(twins._TILE_ROWS)
    runs = _reference("run_table_by_start")(condition)
    # Labels far beyond any row number, negative ones too.
    labels = np.random.default_rng(5).integers(-(2**62), 2**62, size=len(condition))
    expected = (labels[runs.starts], labels[runs.ends])
    for chunk in (1, 7, 1 << 16):
        monkeypatch.setattr(_kernels, "_END_ROWS_CHUNK", chunk)
        found = _reference("run_bound_labels")(labels, runs.starts, runs.lengths)
        for found_labels, expected_labels in zip(found, expected, strict=True):
            _assert_identical(found_labels, expected_labels)
    nothing = np.empty(0, dtype=np.intp)
    for threads, ranges in [(1, 1), (2, 1), (3, 7)]:
        monkeypatch.setattr(twins, "THREADS", threads)
        monkeypatch.setattr(twins, "_RANGES_PER_THREAD", ranges)
        monkeypatch.setattr(twins, "_PARALLEL_CELLS", 1)
        found = twins.run_bound_labels(labels, runs.starts, runs.lengths)
        for found_labels, expected_labels in zip(found, expected, strict=True):
            _assert_identical(found_labels, expected_labels)
        for empty in twins.run_bound_labels(labels, nothing, nothing):
            _assert_identical(empty, np.empty(0, dtype=np.int64))


def test_zero_threshold_agrees_with_numpy_on_edge_values(twins: Any) -> None:
    # The twins test r - b > 0 where numpy tests r > b: ties, signed zeros,
    # the smallest subnormal, a difference that overflows and NaN all agree.
    tiny = 5e-324
    pairs = [
        (0.01, 0.01),
        (-0.0, 0.0),
        (0.0, -0.0),
        (tiny, 0.0),
        (0.0, tiny),
        (-tiny, -2 * tiny),
        (1e308, -1e308),
        (-1e308, 1e308),
        (np.nan, 0.0),
        (0.0, np.nan),
        (0.02, -0.01),
    ]
    returns = np.array([[r] for r, _ in pairs] * 3)
    benchmark = np.array([[b] for _, b in pairs] * 3)
    columns = np.hstack([returns, returns[::-1]])
    _assert_same_run_table(
        twins.outperformance_run_table(columns, benchmark, 0.0),
        _numpy_run_table(columns, benchmark, 0.0),
    )
    for end in range(1, len(pairs) + 1):
        _assert_identical(
            twins.current_outperformance_runs(columns[:end], benchmark[:end], 0.0),
            _reference("current_outperformance_runs")(
                columns[:end], benchmark[:end], 0.0
            ),
        )


def _numpy_run_table(
    returns: FloatArray, benchmark: FloatArray, threshold: float
) -> tuple[_kernels.RunTable, FloatArray]:
    """The sorted run table and relative returns from the numpy kernels alone."""
    with rk.engine("numpy"):
        return _kernels.outperformance_run_table(returns, benchmark, threshold)


def _assert_same_run_table(
    found: tuple[_kernels.RunTable, FloatArray],
    expected: tuple[_kernels.RunTable, FloatArray],
) -> None:
    for found_field, expected_field in zip(found[0], expected[0], strict=True):
        _assert_identical(found_field, expected_field)
    _assert_identical(found[1], expected[1])


@pytest.mark.parametrize("n_rows", [3, 9, 40, 301, 1_200])
@pytest.mark.parametrize("pattern", ["complete", "scattered", "leading"])
@pytest.mark.parametrize("lags", [None, 0, 1, 7, 50])
def test_newey_west_fit_agrees_to_1e_12(
    twins: Any, n_rows: int, pattern: str, lags: int | None
) -> None:
    del twins
    rng = np.random.default_rng(n_rows)
    regressor = rng.normal(0.0, 0.05, n_rows)
    loadings = np.array([-0.04, 0.01, 0.0, 2.0])
    dependent = regressor[:, np.newaxis] * loadings + rng.normal(0, 0.01, (n_rows, 4))
    dependent[1:] += 0.3 * dependent[:-1]
    if pattern == "scattered":
        dependent[rng.random(dependent.shape) < 0.1] = np.nan
    elif pattern == "leading":
        dependent[: n_rows // 3, 1] = np.nan
    for values in _layouts(dependent).values():
        with rk.engine("numpy"):
            expected = _kernels.ols_slope_hac(values, regressor, lags)
        with rk.engine("numba"):
            found = _kernels.ols_slope_hac(values, regressor, lags)
        # The slope comes from the same numpy code on both engines.
        _assert_identical(found.beta, expected.beta)
        _assert_identical(found.nobs, expected.nobs)
        _assert_identical(found.lags, expected.lags)
        _assert_close(found.stderr, expected.stderr)
        # r2 = 1 - RSS / TSS lies in [0, 1]: its round-off is absolute, so a
        # fit that explains nothing (r2 near 0) is compared on that scale.
        np.testing.assert_array_equal(np.isnan(found.r2), np.isnan(expected.r2))
        np.testing.assert_allclose(found.r2, expected.r2, rtol=0.0, atol=1e-12)


@pytest.mark.parametrize("n_rows", [1, 2, 17, 600])
@pytest.mark.parametrize("n_columns", [1, 3, 40])
def test_checked_simple_returns_are_identical(
    twins: Any, n_rows: int, n_columns: int
) -> None:
    rng = np.random.default_rng(n_rows * n_columns)
    prices = 100.0 * np.exp(rng.normal(0.0, 0.02, (n_rows, n_columns)).cumsum(0))
    prices[rng.random(prices.shape) < 0.1] = np.nan
    expected = _reference("checked_simple_returns")(prices)
    assert expected[1]
    for values in _layouts(prices).values():
        found = twins.checked_simple_returns(values)
        if not (values.flags.c_contiguous or values.flags.f_contiguous):
            assert found is None  # left to numpy
            continue
        _assert_identical(found[0], expected[0])
        if min(found[0].shape) > 1:  # the prices' layout, as numpy's result
            assert found[0].flags.f_contiguous == values.flags.f_contiguous
        assert found[1] is True


@pytest.mark.parametrize(
    "special",
    [
        None,
        "all NaN",
        "NaN blocks first",
        "inf",
        "-inf",
        "both infinities",
        "inf and NaN only",
        "-inf and NaN only",
    ],
)
@pytest.mark.parametrize("where", [0, 15, 41, 329])
def test_value_range_is_identical(
    twins: Any, monkeypatch: pytest.MonkeyPatch, special: str | None, where: int
) -> None:
    # 330 values in blocks of 16 over three threads, the last block of ten
    # (two groups of four and two values after them): the largest value first,
    # last in a block, inside one or last of all, the smallest just before it
    # (or second); NaN here and there.
    monkeypatch.setattr(twins, "_RANGE_BLOCK", 16)
    monkeypatch.setattr(twins, "THREADS", 3)
    monkeypatch.setattr(twins, "_PARALLEL_CELLS", 1)
    rng = np.random.default_rng(where)
    values = rng.normal(0.0, 1.0, (30, 11))
    values[rng.random(values.shape) < 0.3] = np.nan
    flat = values.ravel()
    low_at = where - 1 if where else 1  # the smallest value next to the largest
    flat[where] = 50.0
    flat[low_at] = -50.0
    if special == "all NaN":
        values[:] = np.nan
    elif special == "NaN blocks first":  # blocks without a number, then some
        flat[: min(where, 32)] = np.nan
        flat[(where + 5) % flat.size] = -50.0
    elif special in ("inf and NaN only", "-inf and NaN only"):
        values[:] = np.nan
        flat[where] = np.inf if special == "inf and NaN only" else -np.inf
    elif special is not None:
        if special in ("inf", "both infinities"):
            flat[where] = np.inf
        if special in ("-inf", "both infinities"):
            flat[low_at] = -np.inf
    expected = _reference("value_range")(values)
    _assert_identical(np.array(_reference("smallest_value")(values)), expected[0])
    for layout in _layouts(values).values():
        found = twins.value_range(layout)
        smallest = twins.smallest_value(layout)
        if not (layout.flags.c_contiguous or layout.flags.f_contiguous):
            assert found is None  # left to numpy
            assert smallest is None
            continue
        _assert_identical(np.array(found), np.array(expected))
        _assert_identical(np.array(smallest), np.array(expected[0]))


def test_value_range_leaves_small_and_strided_panels_to_numpy(twins: Any) -> None:
    small = np.ones((10, 3))
    assert twins.value_range(small) is None
    assert twins.smallest_value(small) is None
    large = np.ones((1_000, 300))
    assert twins.value_range(large) == (1.0, 1.0)
    assert twins.value_range(large[::2]) is None


@pytest.mark.parametrize("bad", [0.0, -3.0, np.inf, -np.inf])
@pytest.mark.parametrize("row", [0, 5, 9])
def test_checked_simple_returns_see_every_bad_price(
    twins: Any, bad: float, row: int
) -> None:
    prices = np.full((10, 4), 50.0)
    prices[::3, 2] = np.nan
    prices[row, 3] = bad
    assert not _reference("checked_simple_returns")(prices)[1]
    for values in _layouts(prices).values():
        found = twins.checked_simple_returns(values)
        assert found is None or found[1] is False
    # Through the dispatcher, a strided panel's bad price is found by numpy.
    with rk.engine("numba"):
        assert not _kernels.checked_simple_returns(_layouts(prices)["strided"])[1]


@pytest.mark.parametrize("correlation", [False, True], ids=["slope", "correlation"])
@pytest.mark.parametrize("gaps", [False, True], ids=["complete benchmark", "gaps"])
def test_checked_rolling_slopes_are_identical(
    twins: Any, *, correlation: bool, gaps: bool
) -> None:
    x = _panel(300, 4, seed=3, pattern="scattered")
    y = _panel(300, 1, seed=4, pattern="complete")
    if gaps:
        y[::11] = np.nan
    expected = _reference("checked_rolling_slope_or_correlation")(
        x, y, 40, 20, correlation=correlation
    )
    assert expected[1] is True
    _assert_identical(
        expected[0],
        _reference("rolling_slope_or_correlation")(
            x, y, 40, 20, correlation=correlation
        ),
    )
    for values in _layouts(x).values():
        found = twins.checked_rolling_slope_or_correlation(
            values, y, 40, 20, correlation=correlation
        )
        _assert_identical(found[0], expected[0])
        assert found[1] is True


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
@pytest.mark.parametrize(
    "row", [0, 1, 150, 299], ids=["first row", "after the first", "middle", "last"]
)
@pytest.mark.parametrize("benchmark_gap", [False, True], ids=["", "benchmark missing"])
def test_checked_rolling_slopes_see_every_infinite_value(
    twins: Any, bad: float, row: int, *, benchmark_gap: bool
) -> None:
    # An infinite first value is the shift of its column; an infinite value
    # on a row without a benchmark value enters no window sum.
    x = _panel(300, 4, seed=5, pattern="complete")
    x[::9, 1] = np.nan  # the column goes by the general path
    x[row, 1] = bad
    y = _panel(300, 1, seed=6, pattern="complete")
    if benchmark_gap:
        y[row] = np.nan
    assert not _reference("checked_rolling_slope_or_correlation")(
        x, y, 40, 20, correlation=False
    )[1]
    x_shared = x.copy()
    x_shared[::9, 1] = 0.001  # no gap: the shared path
    x_shared[row, 1] = bad
    for panel in (x, x_shared):
        for values in _layouts(panel).values():
            for correlation in (False, True):
                found = twins.checked_rolling_slope_or_correlation(
                    values, y, 40, 20, correlation=correlation
                )
                assert found[1] is False


def test_checked_rolling_slopes_flag_sums_that_overflow(twins: Any) -> None:
    # Finite values whose sums overflow: the compiled check cannot tell them
    # from an infinite value and asks for the full search (which finds
    # nothing); the slopes are numpy's all the same.
    x = _panel(50, 2, seed=7, pattern="complete")
    x[10:12, 0] = 1e308  # a running sum of 2e308
    y = _panel(50, 1, seed=8, pattern="complete")
    with np.errstate(all="ignore"):
        expected = _reference("checked_rolling_slope_or_correlation")(
            x, y, 5, 2, correlation=False
        )
    assert expected[1] is True
    found = twins.checked_rolling_slope_or_correlation(x, y, 5, 2, correlation=False)
    assert found[1] is False
    _assert_identical(found[0], expected[0])


@pytest.mark.parametrize("window", [None, 40], ids=["expanding", "rolling"])
def test_checked_zscores_are_identical(twins: Any, window: int | None) -> None:
    values = _panel(700, 4, seed=9, pattern="flat tail", offset=1.0)
    expected = _reference("checked_causal_zscore")(values, window, 20)
    assert expected[1] is True
    _assert_identical(expected[0], _reference("causal_zscore")(values, window, 20))
    for layout in _layouts(values).values():
        found = twins.checked_causal_zscore(layout, window, 20)
        _assert_identical(found[0], expected[0])
        assert found[1] is True


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
@pytest.mark.parametrize("row", [0, 1, 300, 699])
@pytest.mark.parametrize("window", [None, 40], ids=["expanding", "rolling"])
def test_checked_zscores_see_every_infinite_value(
    twins: Any, bad: float, row: int, window: int | None
) -> None:
    # Rows 0 and 1 are the shift and the first deviation; row 300 lies in a
    # segment of its own (rolling sums restart); the column has gaps and
    # windows of almost no variation, rechecked from their values.
    values = _panel(700, 3, seed=10, pattern="flat tail", offset=1.0)
    values[row, 0] = bad
    assert not _reference("checked_causal_zscore")(values, window, 20)[1]
    for layout in _layouts(values).values():
        assert twins.checked_causal_zscore(layout, window, 20)[1] is False


def test_checked_zscores_flag_sums_that_overflow(twins: Any) -> None:
    values = _panel(50, 2, seed=11, pattern="complete")
    values[10:12, 1] = 1e308  # a running sum of 2e308
    with np.errstate(all="ignore"):
        expected = _reference("checked_causal_zscore")(values, 5, 2)
    assert expected[1] is True
    with np.errstate(all="ignore"):
        found = twins.checked_causal_zscore(values, 5, 2)
    assert found[1] is False
    _assert_identical(found[0], expected[0])


def test_missing_prices_alone_are_not_bad(twins: Any) -> None:
    prices = np.full((6, 2), np.nan)
    assert _reference("checked_simple_returns")(prices)[1]
    for values in (prices, np.asfortranarray(prices)):
        assert twins.checked_simple_returns(values)[1] is True


def test_column_major_views_copy_only_panels_without_contiguous_columns(
    twins: Any,
) -> None:
    rng = np.random.default_rng(5)
    column_major = np.asfortranarray(rng.normal(size=(9, 4)))
    shared = {
        "F": column_major,
        "row slice of F": column_major[2:7],
        "column slice of F": column_major[:, ::2],
        "one column": rng.normal(size=(9, 1)),
        "one row": rng.normal(size=(1, 4)),
    }
    copied = {
        "C": rng.normal(size=(9, 4)),
        "reversed rows": column_major[::-1],
        "reversed columns": column_major[:, ::-1],
    }
    for name, panel in {**shared, **copied}.items():
        flat, stride = twins._column_major(panel)
        n_rows, n_columns = panel.shape
        rebuilt = np.array(
            [[flat[j * stride + t] for j in range(n_columns)] for t in range(n_rows)]
        )
        np.testing.assert_array_equal(rebuilt, panel, err_msg=name)
        assert np.shares_memory(flat, panel) == (name in shared), name
        assert not flat.flags.writeable


@pytest.mark.parametrize(
    ("n_rows", "n_columns"),
    [(300, 37), (700, 200), (128, 16), (1, 40), (40, 1), (0, 5), (5, 0)],
)
def test_contiguous_columns_copy_exactly(
    twins: Any, monkeypatch: pytest.MonkeyPatch, n_rows: int, n_columns: int
) -> None:
    # Ragged tiles at the right and bottom edges, on three threads even for
    # small panels; a read-only input, as pandas hands them out.
    monkeypatch.setattr(twins, "THREADS", 3)
    monkeypatch.setattr(twins, "_PARALLEL_CELLS", 1)
    rng = np.random.default_rng(n_rows + n_columns)
    values = rng.normal(size=(n_rows, n_columns))
    values[::5, ::3] = np.nan
    for name, panel in _layouts(values).items():
        panel.flags.writeable = False
        found = twins._contiguous_columns(panel)
        _assert_identical(found, values)
        # Columns already contiguous: column-major panels and their row
        # slices, and a single row-major column.
        in_place = name in {"F", "row slice of F"} or (name == "C" and n_columns == 1)
        if in_place or values.size == 0 or n_rows == 1:
            assert found is panel, name
        else:
            assert found.flags.f_contiguous, name
            assert not np.shares_memory(found, panel), name


def test_rolling_kernels_only_see_contiguous_columns(
    twins: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    # A panel whose rows are apart is copied to column-major order first:
    # no slow walk down the scattered columns of a row-major panel.
    seen: list[bool] = []
    for name in ("_slope_columns", "_mean_columns", "_zscore_columns"):
        kernel = getattr(twins, name)

        def watched(panel: FloatArray, *args: Any, kernel: Any = kernel) -> None:
            seen.append(panel.strides[0] == panel.itemsize)
            kernel(panel, *args)

        monkeypatch.setattr(twins, name, watched)
    x = _panel(300, 5, seed=3, pattern="scattered")
    y = _panel(300, 1, seed=4, pattern="complete")
    for values in [*_layouts(x).values(), np.asfortranarray(x)[7:]]:
        benchmark = y[-values.shape[0] :]
        for correlation in (False, True):
            twins.rolling_slope_or_correlation(
                values, benchmark, 20, 20, correlation=correlation
            )
        twins.rolling_mean(values, 20, 5)
        twins.causal_zscore(values, 20, 5)
        twins.causal_zscore(values, None, 5)
    assert len(seen) >= 4 * 5
    assert all(seen)


def test_newey_west_sums_compile_once_for_every_layout(twins: Any) -> None:
    rng = np.random.default_rng(6)
    regressor = rng.normal(0.0, 0.05, 80)
    dependent = regressor[:, np.newaxis] + rng.normal(0, 0.01, (80, 3))
    gappy = dependent.copy()
    gappy[::9, 1] = np.nan
    panels = [*_layouts(dependent).values(), np.asfortranarray(dependent)[5:]]
    with rk.engine("numba"):
        for values in [*panels, gappy, dependent[:, :1]]:
            _kernels.ols_slope_hac(values, regressor[-values.shape[0] :], 3)
    assert len(twins._hac_columns.signatures) == 1


def test_no_kernel_is_compiled_for_a_literal_argument(twins: Any) -> None:
    # numba compiles a function once more for every literal constant it is
    # called with (a flag passed as True, a lag of 0): minutes of compilation
    # on first use, in total, if nobody looks.
    rng = np.random.default_rng(7)
    index = pd.bdate_range("2020-01-01", periods=300)
    returns = pd.DataFrame(rng.normal(0.0, 0.01, (300, 3)), index=index)
    returns.iloc[5, 1] = np.nan
    bench = pd.Series(rng.normal(0.0, 0.01, 300), index=index)
    prices = (1.0 + returns.fillna(0.0)).cumprod()
    bench_prices = (1.0 + bench).cumprod()
    yields = 4.0 + bench.cumsum()
    with rk.engine("numba"):
        rk.to_returns(prices)
        rk.rolling_beta(returns, bench, 60)
        rk.rolling_correlation(returns, bench, 60)
        rk.rolling_rate_beta(returns, yields, 60)
        rk.zscore(prices, window=100)
        rk.zscore(prices)
        rk.percentile_rank(prices, window=100)
        rk.percentile_rank(prices)
        rk.implied_rerating(prices, bench_prices, target="median", window=100)
        rk.implied_rerating(prices, bench_prices, target="mean", window=100)
        rk.breadth(prices, window=20)
        rk.rrg(prices, bench_prices)
        rk.streaks(returns, bench)
        rk.run_lengths(returns > 0.0)
        rk.current_streak(returns, bench)
        rk.longest_streak(returns, bench)
        rk.streak_context(returns.iloc[:, 0], bench)
        rk.rate_beta(returns, yields)
        rk.relative_rate_beta(returns.iloc[:, 0], bench, yields)
        rk.empirical_duration(prices.iloc[:, 0], yields)
    literal = [
        f"{name}: {signature}"
        for name, kernel in vars(twins).items()
        for signature in getattr(kernel, "signatures", [])
        if "Literal" in str(signature)
    ]
    assert not literal


def _columns_ending_early() -> FloatArray:
    """Return 900 rows x 13 columns whose gaps meet the slope kernel's pairs in every way.

    With a 252-day window the kernel works in blocks of 256 rows and on
    columns two at a time: (0, 1), (2, 3), ..., (12, 12).
    """
    values = _panel(900, 13, seed=5, pattern="complete")
    values[600, 0] = np.nan  # first of its pair drops in block 2
    values[100, 2] = np.nan  # first drops in block 0: column 3 goes on alone
    values[260, 5] = np.nan  # second drops in block 1: column 4 goes on alone
    values[300, 6] = np.nan  # both drop in the same block
    values[310:, 7] = np.nan
    values[850, 8] = np.nan  # both drop, in different blocks
    values[300, 9] = np.nan
    return values  # columns 10 and 11 clean; 12 alone and clean


@pytest.mark.parametrize(
    ("threads", "ranges_per_thread"),
    [(1, 4), (2, 1), (3, 1), (3, 4)],
    ids=["1 thread", "2 threads", "3 threads", "3 threads, 12 ranges"],
)
@pytest.mark.parametrize("correlation", [False, True], ids=["slope", "correlation"])
@pytest.mark.parametrize("benchmark_gaps", [False, True], ids=["complete", "gappy"])
def test_rolling_slope_pairs_with_a_column_that_ends_early(
    twins: Any,
    monkeypatch: pytest.MonkeyPatch,
    threads: int,
    ranges_per_thread: int,
    *,
    correlation: bool,
    benchmark_gaps: bool,
) -> None:
    # The compiled kernel works on two columns at a time and drops a column
    # at the block where it turns out to lack a value the benchmark has; the
    # other column goes on alone. One range per thread keeps the pairs of
    # _columns_ending_early(); twelve ranges make most columns ranges alone.
    values = _columns_ending_early()
    benchmark = _panel(900, 1, seed=6, pattern="complete")
    if benchmark_gaps:
        benchmark[::11] = np.nan
    monkeypatch.setattr(twins, "THREADS", threads)
    monkeypatch.setattr(twins, "_RANGES_PER_THREAD", ranges_per_thread)
    monkeypatch.setattr(twins, "_PARALLEL_CELLS", 1)
    expected = _reference("rolling_slope_or_correlation")(
        values, benchmark, 252, 30, correlation=correlation
    )
    found, clean = twins.checked_rolling_slope_or_correlation(
        values, benchmark, 252, 30, correlation=correlation
    )
    _assert_identical(found, expected)
    assert clean


@pytest.mark.parametrize("column", [1, 3, 4, 10, 11, 12])
def test_rolling_slope_sums_of_a_column_that_goes_on_alone(
    twins: Any, column: int
) -> None:
    # Each column's sum of values vouches for it having no infinite value:
    # also for a column whose pair was dropped, and for the second of a pair.
    values = _columns_ending_early()
    benchmark = _panel(900, 1, seed=6, pattern="complete")
    _, clean = twins.checked_rolling_slope_or_correlation(
        values, benchmark, 252, 30, correlation=False
    )
    assert clean
    values[700, column] = np.inf
    _, clean = twins.checked_rolling_slope_or_correlation(
        values, benchmark, 252, 30, correlation=False
    )
    assert not clean


def test_threads_give_the_same_numbers(
    twins: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    values = _panel(600, 37, seed=1, pattern="scattered")
    benchmark = _panel(600, 1, seed=2, pattern="complete")
    monkeypatch.setattr(twins, "THREADS", 1)
    alone = twins.rolling_slope_or_correlation(
        values, benchmark, 60, 20, correlation=True
    )
    zscores = twins.causal_zscore(values, 100, 2)
    run_table = _numpy_run_table(values, benchmark, -0.002)
    _assert_same_run_table(
        twins.outperformance_run_table(values, benchmark, -0.002), run_table
    )
    condition = _kernels.outperformance_mask(values, benchmark, 0.001)
    by_start = _reference("run_table_by_start")(condition)
    _assert_identical(twins.run_table_by_start(condition), by_start)
    monkeypatch.setattr(twins, "THREADS", 3)
    monkeypatch.setattr(twins, "_PARALLEL_CELLS", 1)
    shared = twins.rolling_slope_or_correlation(
        values, benchmark, 60, 20, correlation=True
    )
    _assert_identical(shared, alone)
    _assert_identical(twins.causal_zscore(values, 100, 2), zscores)
    # Runs that cross the ranges of rows of the threads, some of them longer
    # than a range.
    monkeypatch.setattr(twins, "_RANGES_PER_THREAD", 40)
    _assert_same_run_table(
        twins.outperformance_run_table(values, benchmark, -0.002), run_table
    )
    _assert_identical(twins.run_table_by_start(condition), by_start)


def test_concurrent_calls_from_several_threads(twins: Any) -> None:
    # dask's threaded scheduler calls kernels from several threads at once.
    del twins
    values = pd.DataFrame(_panel(2_000, 40, seed=3, pattern="complete"))
    benchmark = pd.Series(_panel(2_000, 1, seed=4, pattern="complete")[:, 0])
    with rk.engine("numba"):
        expected = rk.rolling_beta(values, benchmark, 120)
        results: list[pd.DataFrame] = []

        def work() -> None:
            results.append(rk.rolling_beta(values, benchmark, 120))

        workers = [threading.Thread(target=work) for _ in range(6)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
    assert len(results) == 6
    for result in results:
        pd.testing.assert_frame_equal(result, expected)


# --------------------------------------------------------------------------
# public functions on both engines (needs numba)
# --------------------------------------------------------------------------


def _frame(n_rows: int, n_columns: int, *, seed: int, pattern: str) -> pd.DataFrame:
    index = pd.bdate_range("2001-01-01", periods=n_rows, name="date")
    frame: pd.DataFrame = pd.DataFrame(
        _panel(n_rows, n_columns, seed=seed, pattern=pattern),
        index=index,
        columns=[f"A{i}" for i in range(n_columns)],
    )
    return frame


def _both_engines(call: Callable[[], Any]) -> tuple[Any, Any]:
    with rk.engine("numpy"):
        reference = call()
    with rk.engine("numba") as used:
        assert used == "numba"
        compiled = call()
    return reference, compiled


def _assert_same_result(found: Any, expected: Any) -> None:
    if isinstance(expected, pd.DataFrame):
        pd.testing.assert_frame_equal(found, expected, check_exact=True)
    elif isinstance(expected, pd.Series):
        pd.testing.assert_series_equal(found, expected, check_exact=True)
    else:
        _assert_identical(found, expected)


@pytest.mark.parametrize("pattern", ["complete", "scattered", "leading"])
def test_public_functions_agree_on_both_engines(twins: Any, pattern: str) -> None:
    del twins
    returns = _frame(900, 6, seed=5, pattern=pattern)
    benchmark = _frame(900, 1, seed=6, pattern="complete").iloc[:, 0]
    prices = (1.0 + returns.fillna(0.0)).cumprod() * 100.0
    bench_prices = (1.0 + benchmark).cumprod() * 100.0
    yields = 4.0 + benchmark.cumsum() * 10.0
    gap = returns.cumsum() - 0.2
    calls: dict[str, Callable[[], Any]] = {
        "rolling_beta": lambda: rk.rolling_beta(returns, benchmark, 252),
        "rolling_correlation": lambda: rk.rolling_correlation(returns, benchmark, 63),
        "zscore": lambda: rk.zscore(gap, window=260),
        "zscore expanding": lambda: rk.zscore(gap),
        "percentile_rank": lambda: rk.percentile_rank(gap, window=120),
        "run_lengths": lambda: rk.run_lengths(returns > 0.0),
        "streaks": lambda: rk.streaks(returns, benchmark, min_length=2),
        "current_streak": lambda: rk.current_streak(returns, benchmark),
        "longest_streak": lambda: rk.longest_streak(returns, benchmark),
        "rrg": lambda: rk.rrg(prices, bench_prices, window=20, momentum=5),
        "rolling_rate_beta": lambda: rk.rolling_rate_beta(returns, yields, 120),
        "rate_beta beta": lambda: rk.rate_beta(returns, yields).beta,
        "implied_rerating": lambda: rk.implied_rerating(
            gap + 20.0, benchmark.cumsum() + 20.0, target="median", window=300
        ),
    }
    for label, call in calls.items():
        reference, compiled = _both_engines(call)
        try:
            _assert_same_result(compiled, reference)
        except AssertionError as exc:  # pragma: no cover - names the culprit
            msg = f"{label} differs between the engines"
            raise AssertionError(msg) from exc


def test_causality_holds_on_the_numba_engine(twins: Any) -> None:
    del twins
    values = _frame(800, 3, seed=8, pattern="scattered").cumsum()
    benchmark = _frame(800, 1, seed=9, pattern="complete").iloc[:, 0]
    with rk.engine("numba"):
        for call in (
            lambda frame: rk.zscore(frame, window=300),
            rk.zscore,
            lambda frame: rk.rolling_beta(frame, benchmark, 260),
            lambda frame: rk.percentile_rank(frame, window=100),
        ):
            short = call(values.iloc[:500])
            full = call(values)
            pd.testing.assert_frame_equal(full.iloc[:500], short, check_exact=True)
