"""Tests of rotationkit.streaks: runs, streak context and run probabilities.

Every number is checked against an independent computation: a plain Python
scan for runs, exhaustive enumeration of all 2**n coin sequences, exact
rational arithmetic, a Monte Carlo simulation, the literature on the longest
run, statsmodels' runs test, or a hand-worked example.
"""

from __future__ import annotations

import contextlib
import itertools
import math
from fractions import Fraction
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typing_extensions import assert_type

import rotationkit as rk
from rotationkit import _kernels
from rotationkit.errors import AlignmentError, InputError

if TYPE_CHECKING:
    from collections.abc import Sequence

    import numpy.typing as npt

# --------------------------------------------------------------------------
# independent reference implementations
# --------------------------------------------------------------------------


def scan_runs(flags: Sequence[bool]) -> list[tuple[int, int, int]]:
    """Return (start, end, length) of every run of True, by a plain loop."""
    runs: list[tuple[int, int, int]] = []
    start: int | None = None
    for position, flag in enumerate(flags):
        if flag and start is None:
            start = position
        if not flag and start is not None:
            runs.append((start, position - 1, position - start))
            start = None
    if start is not None:
        runs.append((start, len(flags) - 1, len(flags) - start))
    return runs


def brute_force_tail(n: int, p: float) -> np.ndarray[Any, np.dtype[np.float64]]:
    """Return P(longest run >= k) for k = 0..n+1 by enumerating all 2**n sequences."""
    codes = np.arange(2**n, dtype=np.int64)
    bits = ((codes[:, None] >> np.arange(n)) & 1).astype(bool)
    current = np.zeros(codes.size, dtype=np.int64)
    longest = np.zeros(codes.size, dtype=np.int64)
    for column in range(n):  # a reference, not a kernel: a loop is fine here
        current = np.where(bits[:, column], current + 1, 0)
        longest = np.maximum(longest, current)
    successes = bits.sum(axis=1)
    weights = p**successes * (1.0 - p) ** (n - successes)
    return np.array([weights[longest >= k].sum() for k in range(n + 2)])


def exact_tail(n: int, k: int, p: Fraction) -> Fraction:
    """P(longest run >= k) in exact rational arithmetic (state = current run)."""
    state = [Fraction(0)] * k  # probability of each current run length, no run >= k yet
    state[0] = Fraction(1)
    done = Fraction(0)
    for _ in range(n):
        new = [Fraction(0)] * k
        new[0] = sum(state, Fraction(0)) * (1 - p)
        for length in range(k - 1):
            new[length + 1] = state[length] * p
        done += state[k - 1] * p
        state = new
    return done


def _prices(n_periods: int = 40, n_assets: int = 3, seed: int = 1) -> pd.DataFrame:
    rng = np.random.default_rng(seed)
    index = pd.bdate_range("2025-01-06", periods=n_periods, name="date")
    values = rng.normal(0.0, 0.01, (n_periods, n_assets))
    frame: pd.DataFrame = pd.DataFrame(
        values, index=index, columns=[f"A{i}" for i in range(n_assets)]
    )
    return frame


def _hand_series() -> tuple[pd.Series[float], pd.Series[float]]:
    """Twelve business days built by hand.

    outperformance: T T F(tie) T T T F(NaN) T T F T T
    runs: [0-1] len 2, [3-5] len 3, [7-8] len 2, [10-11] len 2 (at the very end)
    """
    index = pd.bdate_range("2026-01-05", periods=12, name="date")
    asset = pd.Series(
        [0.02, 0.01, 0.00, 0.03, 0.01, 0.02, np.nan, 0.01, 0.02, -0.01, 0.02, 0.01],
        index=index,
        name="small",
    )
    bench = pd.Series(
        [0.01, 0.00, 0.00, 0.01, 0.00, 0.01, 0.00, 0.00, 0.01, 0.00, 0.01, 0.00],
        index=index,
        name="large",
    )
    return asset, bench


# --------------------------------------------------------------------------
# outperformance
# --------------------------------------------------------------------------


def test_outperformance_is_strict_and_nan_is_false() -> None:
    asset, bench = _hand_series()
    result = rk.outperformance(asset, bench)
    expected = [True, True, False, True, True, True, False, True, True, False]
    assert result.tolist() == [*expected, True, True]
    assert result.dtype == bool
    assert result.name == "small"
    pd.testing.assert_index_equal(result.index, asset.index)


def test_outperformance_threshold_and_benchmark_nan() -> None:
    asset = np.array([0.010, 0.012, 0.020, 0.030])
    bench = np.array([0.005, 0.005, np.nan, 0.029])
    result = rk.outperformance(asset, bench, threshold=0.006)
    # 0.005 is not > 0.006; 0.007 is; NaN benchmark gives False; 0.001 is not
    assert result.tolist() == [False, True, False, False]
    assert isinstance(result, np.ndarray)


def test_outperformance_panel_equals_columns_and_matches_pandas() -> None:
    returns = _prices()
    bench = returns.mean(axis=1)
    result = rk.outperformance(returns, bench, threshold=0.001)
    assert isinstance(result, pd.DataFrame)
    expected = returns.sub(bench, axis=0).gt(0.001)
    pd.testing.assert_frame_equal(result, expected)
    for column in returns.columns:
        pd.testing.assert_series_equal(
            rk.outperformance(returns[column], bench, threshold=0.001),
            expected[column],
        )
    matrix = rk.outperformance(returns.to_numpy(), bench.to_numpy(), threshold=0.001)
    np.testing.assert_array_equal(matrix, expected.to_numpy())


def test_outperformance_aligns_labels() -> None:
    returns = _prices(n_periods=10, n_assets=1)["A0"]
    bench = returns.iloc[3:].rename("bench") - 0.001
    result = rk.outperformance(returns, bench)
    assert result.index.equals(returns.index[3:])
    assert result.all()


def test_outperformance_zero_threshold_equals_difference_rule() -> None:
    rng = np.random.default_rng(3)
    returns = rng.normal(0.0, 1.0, (200, 5))
    returns[::7] = 0.0  # exact ties
    bench = np.where(np.arange(200) % 7 == 0, 0.0, rng.normal(0.0, 1.0, 200))
    result = rk.outperformance(returns, bench)
    np.testing.assert_array_equal(result, (returns - bench[:, None]) > 0.0)


# --------------------------------------------------------------------------
# run_lengths
# --------------------------------------------------------------------------


def test_run_lengths_of_a_list() -> None:
    flags = [True, True, False, True, False, False, True, True, True]
    table = rk.run_lengths(flags)
    assert list(table.columns) == ["start", "end", "length"]
    assert [tuple(row) for row in table.itertuples(index=False)] == scan_runs(flags)
    assert table["start"].dtype == np.int64
    assert table["length"].dtype == np.int64


def test_run_lengths_of_a_labelled_series() -> None:
    index = pd.date_range("2026-01-01", periods=6, freq="D")
    condition = pd.Series([False, True, True, False, True, True], index=index)
    table = rk.run_lengths(condition)
    assert table["start"].tolist() == [index[1], index[4]]
    assert table["end"].tolist() == [index[2], index[5]]
    assert table["length"].tolist() == [2, 2]


@pytest.mark.parametrize(
    "index",
    [
        pd.bdate_range("2026-01-05", periods=40),
        pd.bdate_range("2026-01-05", periods=40).as_unit("s"),
        pd.bdate_range("2026-01-05", periods=40, tz="America/New_York"),
        pd.Index([f"p{i:02d}" for i in range(40)]),
        pd.period_range("2020-01", periods=40, freq="M"),
    ],
    ids=["dates", "dates in seconds", "zoned dates", "strings", "periods"],
)
@pytest.mark.parametrize("chunk", [1, 7, None])
def test_run_ends_are_the_labels_of_each_runs_last_row(
    monkeypatch: pytest.MonkeyPatch, index: pd.Index[Any], chunk: int | None
) -> None:
    # Columns from rarely to mostly True give runs of many lengths; the
    # chunks of runs end inside and at the end of the table. Only the numpy
    # kernel reads the chunk size: with one, the numpy engine computes
    # (whatever engine the suite runs on); without, the suite's engine.
    engine: contextlib.AbstractContextManager[str | None] = contextlib.nullcontext()
    if chunk is not None:
        monkeypatch.setattr("rotationkit._kernels._END_ROWS_CHUNK", chunk)
        engine = rk.engine("numpy")
    rng = np.random.default_rng(11)
    values = rng.random((40, 30)) < np.linspace(0.2, 0.9, 30)
    condition = pd.DataFrame(values, index=index)
    with engine:
        table = rk.run_lengths(condition)
    assert len(table) > 7
    row_of = {label: row for row, label in enumerate(index)}
    columns = [table[name].tolist() for name in ("asset", "start", "end", "length")]
    for asset, first, last, length in zip(*columns, strict=True):
        start = row_of[first]
        assert last == index[start + length - 1]
        assert values[start : start + length, asset].all()
    assert table["end"].dtype == table["start"].dtype == index.dtype


def test_run_lengths_without_runs_keep_the_dates_dtype() -> None:
    index = pd.bdate_range("2026-01-05", periods=5)
    table = rk.run_lengths(pd.DataFrame(False, index=index, columns=["a", "b"]))
    assert table.empty
    assert table["start"].dtype == table["end"].dtype == index.dtype


def test_run_lengths_of_a_frame_is_sorted_by_start_then_asset() -> None:
    index = pd.bdate_range("2026-01-05", periods=5)
    condition = pd.DataFrame(
        {
            "b": [True, True, False, True, True],
            "a": [False, True, True, True, False],
        },
        index=index,
    )
    table = rk.run_lengths(condition)
    assert list(table.columns) == ["asset", "start", "end", "length"]
    assert table["asset"].tolist() == ["b", "a", "b"]
    assert table["start"].tolist() == [index[0], index[1], index[3]]
    assert table["length"].tolist() == [2, 3, 2]
    assert isinstance(table["asset"].dtype, pd.CategoricalDtype)
    assert list(table["asset"].cat.categories) == ["b", "a"]


def test_run_lengths_of_a_matrix_uses_positions() -> None:
    matrix = np.array([[True, False], [True, True], [False, True]])
    table = rk.run_lengths(matrix)
    assert table.to_dict("list") == {
        "asset": [0, 1],
        "start": [0, 1],
        "end": [1, 2],
        "length": [2, 2],
    }


def test_run_lengths_duplicated_columns_keep_labels() -> None:
    condition = pd.DataFrame([[True, False], [True, True]], columns=["x", "x"])
    table = rk.run_lengths(condition)
    assert table["asset"].tolist() == ["x", "x"]


def test_run_lengths_nullable_missing_counts_as_false() -> None:
    condition = pd.Series([True, pd.NA, True, True], dtype="boolean")
    table = rk.run_lengths(condition)
    assert table["length"].tolist() == [1, 2]


def test_run_lengths_without_runs() -> None:
    table = rk.run_lengths(np.zeros((4, 2), dtype=bool))
    assert table.empty
    assert list(table.columns) == ["asset", "start", "end", "length"]


@pytest.mark.parametrize(
    "bad",
    [
        [1.0, 0.0, 1.0],
        pd.Series([1, 0, 1]),
        pd.Series(["a", "b"]),
        pd.DataFrame({"x": [True, False], "y": [1.0, 0.0]}),
        np.zeros((2, 2, 2), dtype=bool),
        np.array([], dtype=bool),
        True,
    ],
)
def test_run_lengths_rejects_non_boolean_or_empty_input(bad: object) -> None:
    with pytest.raises(InputError, match="`condition`"):
        rk.run_lengths(bad)  # type: ignore[arg-type]


def test_run_lengths_rejects_unsorted_labels() -> None:
    condition = pd.Series(
        [True, False], index=pd.to_datetime(["2026-01-02", "2026-01-01"])
    )
    with pytest.raises(InputError, match="sort_index"):
        rk.run_lengths(condition)


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.lists(st.booleans(), min_size=3, max_size=3), min_size=1, max_size=60)
)
def test_run_lengths_properties(rows: list[list[bool]]) -> None:
    matrix = np.array(rows, dtype=bool)
    table = rk.run_lengths(matrix)
    # the lengths add up to the number of True values
    assert int(table["length"].sum()) == int(matrix.sum())
    # sorted by start, then asset
    keys = list(zip(table["start"], table["asset"], strict=True))
    assert keys == sorted(keys)
    for column in range(matrix.shape[1]):
        runs = table[table["asset"] == column]
        expected = scan_runs(matrix[:, column].tolist())
        assert [tuple(row) for row in runs[["start", "end", "length"]].to_numpy()] == [
            tuple(run) for run in expected
        ]
        # runs never overlap and never touch (a touching pair would be one run)
        starts, ends = runs["start"].to_numpy(), runs["end"].to_numpy()
        assert (starts[1:] > ends[:-1] + 1).all()


def scan_growth(
    returns: npt.NDArray[np.float64],
    benchmark: npt.NDArray[np.float64],
    runs: _kernels.RunTable,
) -> list[float]:
    """Return each run's product of period ratios minus 1, by a plain loop."""
    growth = []
    for start, length, column in zip(*runs, strict=True):
        product = 1.0
        for row in range(int(start), int(start + length)):
            ratio = (1.0 + float(returns[row, column])) / (
                1.0 + float(benchmark[row, 0])
            )
            product = ratio if row == start else product * ratio
        growth.append(product - 1.0)
    return growth


def _returns_with_special_columns(
    n_periods: int, n_columns: int, seed: int
) -> tuple[npt.NDArray[np.float64], npt.NDArray[np.float64]]:
    """Random returns and benchmark with runs of every kind in columns 1 to 4.

    Column 1 never beats the benchmark, column 2 always does (one run over
    every row), column 3 only in its last three rows, and column 4 has NaN at
    both ends and inside.
    """
    rng = np.random.default_rng(seed)
    returns = rng.normal(0.0, 0.02, (n_periods, n_columns))
    benchmark = rng.normal(0.0, 0.01, (n_periods, 1))
    returns[:, 1] = benchmark[:, 0] - 0.05
    returns[:, 2] = benchmark[:, 0] + 0.05
    returns[:, 3] = benchmark[:, 0] - 0.05
    returns[-3:, 3] = benchmark[-3:, 0] + 0.05
    returns[[0, 1, 9, n_periods - 1], 4] = np.nan
    return returns, benchmark


@pytest.mark.parametrize("columns_per_block", [1, 2, 3, 50])
def test_relative_growth_in_blocks_of_columns(
    monkeypatch: pytest.MonkeyPatch, columns_per_block: int
) -> None:
    # Runs of every length, at the first and the last row (the end of a
    # block's ratios), a column without runs, a column that is one run, and
    # NaN; products taken first to last, so equal to the last bit.
    n_periods = 40
    returns, benchmark = _returns_with_special_columns(n_periods, 7, seed=8)
    monkeypatch.setattr(_kernels, "_RATIO_BLOCK_VALUES", columns_per_block * n_periods)
    for panel in (returns, np.asfortranarray(returns)):
        runs = _kernels.run_length_encode(returns > benchmark)
        assert {1, 2, 3, n_periods} <= set(runs.lengths.tolist())
        with rk.engine("numpy"):
            growth = _kernels.run_relative_growth(panel, benchmark, runs)
        np.testing.assert_array_equal(growth, scan_growth(returns, benchmark, runs))


def test_run_table_by_start_agrees_with_a_stable_sort() -> None:
    rng = np.random.default_rng(5)
    condition = rng.random((300, 7)) < 0.6
    condition[:, 3] = False  # a column without runs
    runs = _kernels.run_length_encode(condition)
    # The runs come by column, so a stable sort by start orders them fully.
    expected = _kernels.take_runs(runs, np.argsort(runs.starts, kind="stable"))
    with rk.engine("numpy"):
        by_start = _kernels.run_table_by_start(condition)
    for got, want in zip(by_start, expected, strict=True):
        np.testing.assert_array_equal(got, want)
        assert got.dtype == np.intp


def test_sorting_runs_by_start_carries_any_value() -> None:
    # Starts listed column by column: the second column has no runs, the
    # third lists its runs latest first (any order within a column will do).
    starts = np.array([0, 4, 9, 4, 1], dtype=np.intp)
    column_ends = np.array([0, 3, 3, 5], dtype=np.intp)
    entries = np.array([1.5 + 1j, -0.5 + 2j, 0.25 + 3j, 2.0 + 4j, 7.0 + 5j])
    sorted_starts, columns, sorted_entries = _kernels.sort_column_runs_by_start(
        starts, column_ends, entries, 10, 3
    )
    assert sorted_starts.tolist() == [0, 1, 4, 4, 9]
    assert columns.tolist() == [0, 2, 0, 2, 0]
    assert sorted_entries.tolist() == [
        1.5 + 1j,
        7.0 + 5j,
        -0.5 + 2j,
        2.0 + 4j,
        0.25 + 3j,
    ]
    assert sorted_starts.dtype == columns.dtype == np.intp


@pytest.mark.parametrize(
    ("mean_max", "run_max", "extra"),
    [(8, 32, []), (0, 32, []), (10**9, 32, []), (10**9, 255, [130, 255, 256])],
    ids=["default", "reduceat", "steps up to 32", "steps up to 255"],
)
@pytest.mark.parametrize("last", [12, 40])
@pytest.mark.parametrize("longest", [20, 70_000])
def test_segment_products_of_every_length_are_taken_first_to_last(
    monkeypatch: pytest.MonkeyPatch,
    mean_max: int,
    run_max: int,
    extra: list[int],
    last: int,
    longest: int,
) -> None:
    # Segments of 1 to 40 values, many short ones and one of ``longest``,
    # formed in steps, by multiply.reduceat, or both; the last one ends at
    # the end of the values. By default 70,000 makes the mean long.
    monkeypatch.setattr(_kernels, "_STEPPED_MEAN_MAX", mean_max)
    monkeypatch.setattr(_kernels, "_STEPPED_RUN_MAX", run_max)
    rng = np.random.default_rng(4)
    short = rng.integers(1, 6, 300).tolist()
    lengths = np.array(
        [*range(1, 41), *short, longest, *extra, 1, 33, 32, last], dtype=np.intp
    )
    gaps = rng.integers(0, 3, lengths.size)
    begins = np.cumsum(gaps) + np.concatenate(([0], np.cumsum(lengths[:-1])))
    values = 1.0 + rng.normal(0.0, 0.02, int(begins[-1] + lengths[-1]))
    expected = []
    for begin, length in zip(begins.tolist(), lengths.tolist(), strict=True):
        product = values[begin]
        for value in values[begin + 1 : begin + length]:
            product *= value
        expected.append(product)
    found = _kernels._segment_products(values, begins, lengths)
    np.testing.assert_array_equal(found, expected)


def _runs_by_start_from_a_stable_sort(
    returns: npt.NDArray[np.float64],
    benchmark: npt.NDArray[np.float64],
    threshold: float,
) -> tuple[_kernels.RunTable, npt.NDArray[np.float64]]:
    """The run table and relative returns from separate steps and a stable sort."""
    runs = _kernels.run_length_encode(
        _kernels.outperformance_mask(returns, benchmark, threshold)
    )
    growth = np.array(scan_growth(returns, benchmark, runs))
    order = np.argsort(runs.starts, kind="stable")
    return _kernels.take_runs(runs, order), growth[order]


@pytest.mark.parametrize("columns_per_block", [1, 2, 3, 50])
@pytest.mark.parametrize("threshold", [0.0, 0.01])
def test_run_table_in_blocks_of_columns_agrees_with_a_stable_sort(
    monkeypatch: pytest.MonkeyPatch, columns_per_block: int, threshold: float
) -> None:
    # A column without runs, a column that is one run, runs at the first and
    # the last row, a run of 25 and NaN; the blocks of columns end inside the
    # panel and at its last column.
    n_periods = 60
    returns, benchmark = _returns_with_special_columns(n_periods, 8, seed=9)
    returns[4:31, 5] = benchmark[4:31, 0] - 0.05
    returns[5:30, 5] = benchmark[5:30, 0] + 0.05  # a run of 25
    # A block holds its columns padded by a row before and after.
    monkeypatch.setattr(
        _kernels, "_RATIO_BLOCK_VALUES", columns_per_block * (n_periods + 2)
    )
    expected = _runs_by_start_from_a_stable_sort(returns, benchmark, threshold)
    assert {1, 25, n_periods} <= set(expected[0].lengths.tolist())
    for panel in (returns, np.asfortranarray(returns)):
        with rk.engine("numpy"):
            runs, growth = _kernels.outperformance_run_table(
                panel, benchmark, threshold
            )
        for found, want in zip(runs, expected[0], strict=True):
            np.testing.assert_array_equal(found, want)
            assert found.dtype == np.intp
        np.testing.assert_array_equal(growth, expected[1])


def test_run_table_without_runs_and_of_one_row() -> None:
    benchmark = np.zeros((1, 1))
    with rk.engine("numpy"):
        runs, growth = _kernels.outperformance_run_table(
            np.array([[-0.01, 0.02, 0.0]]), benchmark, 0.0
        )
        assert [field.tolist() for field in runs] == [[0], [1], [1]]
        np.testing.assert_array_equal(growth, [(1.0 + 0.02) / (1.0 + 0.0) - 1.0])
        runs, growth = _kernels.outperformance_run_table(
            np.full((4, 2), -0.01), np.zeros((4, 1)), 0.0
        )
    assert all(field.size == 0 and field.dtype == np.intp for field in runs)
    assert growth.size == 0
    assert growth.dtype == np.float64


# --------------------------------------------------------------------------
# streaks, current_streak, longest_streak
# --------------------------------------------------------------------------


def test_streaks_hand_built_series() -> None:
    asset, bench = _hand_series()
    table = rk.streaks(asset, bench)
    index = asset.index
    assert list(table.columns) == ["start", "end", "length", "relative_return"]
    assert table["start"].tolist() == [index[0], index[3], index[7], index[10]]
    assert table["end"].tolist() == [index[1], index[5], index[8], index[11]]
    assert table["length"].tolist() == [2, 3, 2, 2]
    expected = [
        1.02 * 1.01 / (1.01 * 1.00) - 1,
        1.03 * 1.01 * 1.02 / (1.01 * 1.00 * 1.01) - 1,
        1.01 * 1.02 / (1.00 * 1.01) - 1,
        1.02 * 1.01 / (1.01 * 1.00) - 1,
    ]
    np.testing.assert_allclose(table["relative_return"], expected, rtol=1e-13)


def test_streaks_min_length_and_threshold() -> None:
    asset, bench = _hand_series()
    assert rk.streaks(asset, bench, min_length=3)["length"].tolist() == [3]
    # margins are 1 point except on 2026-01-08 (2 points)
    table = rk.streaks(asset, bench, threshold=0.015)
    assert table["start"].tolist() == [asset.index[3]]
    assert table["length"].tolist() == [1]


def test_streaks_relative_return_matches_pandas_groupby() -> None:
    returns = _prices(n_periods=250, n_assets=4, seed=7)
    bench = returns.mean(axis=1)
    table = rk.streaks(returns, bench)
    for asset in returns.columns:
        beat = returns[asset] > bench
        block = (beat != beat.shift()).cumsum()[beat]
        ratio = ((1 + returns[asset]) / (1 + bench))[beat]
        expected = ratio.groupby(block).prod().to_numpy() - 1
        got = table.loc[table["asset"] == asset, "relative_return"].to_numpy()
        np.testing.assert_allclose(got, expected, rtol=1e-12)


def test_streaks_panel_equals_per_column_results() -> None:
    returns = _prices(n_periods=120, n_assets=5, seed=11)
    returns.iloc[[3, 50, 51], [0, 2, 4]] = np.nan
    bench = returns.mean(axis=1)
    table = rk.streaks(returns, bench, min_length=2)
    pieces = [
        rk.streaks(returns[asset], bench, min_length=2).assign(asset=asset)
        for asset in returns.columns
    ]
    expected = (
        pd.concat(pieces, ignore_index=True)
        .sort_values("start", kind="stable", ignore_index=True)
        .loc[:, ["asset", "start", "end", "length", "relative_return"]]
    )
    pd.testing.assert_frame_equal(
        table.assign(asset=table["asset"].astype(object)),
        expected.assign(asset=expected["asset"].astype(object)),
    )


def test_streaks_unlabelled_and_aligned_inputs() -> None:
    asset, bench = _hand_series()
    labelled = rk.streaks(asset, bench)
    plain = rk.streaks(asset.to_numpy(), bench.to_numpy())
    assert plain["start"].tolist() == [0, 3, 7, 10]
    np.testing.assert_allclose(plain["relative_return"], labelled["relative_return"])
    # a benchmark with extra dates and in another order is aligned on labels
    longer = pd.concat(
        [bench, pd.Series([0.5], index=[pd.Timestamp("2025-12-31")])]
    ).sort_index()
    pd.testing.assert_frame_equal(rk.streaks(asset, longer), labelled)


def test_streaks_reject_returns_below_minus_one() -> None:
    with pytest.raises(InputError, match="below -1"):
        rk.streaks([0.1, -1.5], [0.0, 0.0])
    with pytest.raises(InputError, match="`benchmark`"):
        rk.streaks([0.1, 0.2], [0.0, -2.0])


def test_streaks_bad_options() -> None:
    with pytest.raises(ValueError, match="min_length"):
        rk.streaks([0.1], [0.0], min_length=0)
    with pytest.raises(TypeError, match="min_length"):
        rk.streaks([0.1], [0.0], min_length=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="threshold"):
        rk.streaks([0.1], [0.0], threshold="1")  # type: ignore[arg-type]
    with pytest.raises(ValueError, match="threshold"):
        rk.streaks([0.1], [0.0], threshold=float("nan"))


def test_current_streak_types_and_values() -> None:
    asset, bench = _hand_series()
    assert rk.current_streak(asset, bench) == 2
    assert rk.current_streak(asset.iloc[:-2], bench.iloc[:-2]) == 0
    assert rk.current_streak(asset.iloc[:6], bench.iloc[:6]) == 3
    frame = pd.DataFrame({"a": asset, "b": bench + 0.02})
    result = rk.current_streak(frame, bench)
    assert isinstance(result, pd.Series)
    assert result.dtype == np.int64
    assert result.to_dict() == {"a": 2, "b": 12}
    matrix = rk.current_streak(frame.to_numpy(), bench.to_numpy())
    assert isinstance(matrix, np.ndarray)
    assert matrix.tolist() == [2, 12]
    assert isinstance(rk.current_streak(asset.to_numpy(), bench.to_numpy()), int)


def test_current_streak_is_zero_after_a_missing_last_value() -> None:
    assert rk.current_streak([0.1, 0.1, np.nan], [0.0, 0.0, 0.0]) == 0
    assert rk.current_streak([0.1, 0.1, 0.1], [0.0, 0.0, np.nan]) == 0


@pytest.mark.parametrize("length", [0, 1, 63, 64, 65, 255, 256, 257, 1000])
def test_current_streak_long_runs(length: int) -> None:
    n_periods = 1000
    returns = np.full((n_periods, 3), -0.01)
    returns[n_periods - length :, 0] = 0.01  # the whole data when length == 1000
    returns[-1, 1] = 0.01
    result = rk.current_streak(returns, np.zeros(n_periods))
    assert result.tolist() == [length, 1, 0]


@settings(max_examples=100, deadline=None)
@given(
    st.lists(st.lists(st.booleans(), min_size=4, max_size=4), min_size=1, max_size=200)
)
def test_current_and_longest_streak_match_a_scan(rows: list[list[bool]]) -> None:
    flags = np.array(rows, dtype=bool)
    returns: np.ndarray[tuple[int, int], np.dtype[np.float64]] = np.where(
        flags, 0.01, -0.01
    )
    bench = np.zeros(flags.shape[0])
    current = rk.current_streak(returns, bench)
    longest = rk.longest_streak(returns, bench)
    for column in range(flags.shape[1]):
        runs = scan_runs(flags[:, column].tolist())
        last = runs[-1] if runs else None
        expected = last[2] if last is not None and last[1] == flags.shape[0] - 1 else 0
        assert current[column] == expected
        best = max((run[2] for run in runs), default=0)
        assert longest.loc[column, "length"] == best


def test_longest_streak_single_asset_ties_and_none() -> None:
    asset, bench = _hand_series()
    run = rk.longest_streak(asset, bench)
    assert run is not None
    assert run.length == 3
    assert run.start == asset.index[3]
    assert run.end == asset.index[5]
    np.testing.assert_allclose(run.relative_return, 1.03 * 1.01 * 1.02 / 1.0201 - 1)
    # ties: the earliest of the equally long runs is the record
    tie = rk.longest_streak([0.1, -0.1, 0.1, -0.1], [0.0] * 4)
    assert tie is not None
    assert (tie.start, tie.end, tie.length) == (0, 0, 1)
    assert rk.longest_streak([-0.1, -0.2], [0.0, 0.0]) is None


def test_longest_streak_panel() -> None:
    asset, bench = _hand_series()
    frame = pd.DataFrame({"small": asset, "never": bench - 0.05})
    table = rk.longest_streak(frame, bench)
    assert list(table.index) == ["small", "never"]
    assert table.loc["small", "length"] == 3
    assert table.loc["small", "start"] == asset.index[3]
    assert table.loc["never", "length"] == 0
    assert pd.isna(table.loc["never", "start"])
    assert np.isnan(table.loc["never", "relative_return"])
    matrix = rk.longest_streak(frame.to_numpy(), bench.to_numpy())
    assert matrix["start"].tolist()[0] == 3
    assert pd.isna(matrix["start"].tolist()[1])
    assert matrix.index.name == "asset"


def test_inputs_are_not_mutated() -> None:
    returns = _prices(n_periods=30, n_assets=3)
    bench = returns.mean(axis=1)
    returns_copy, bench_copy = returns.copy(), bench.copy()
    array = returns.to_numpy().copy()
    array_copy = array.copy()
    rk.streaks(returns, bench)
    rk.current_streak(returns, bench)
    rk.longest_streak(returns, bench)
    rk.streak_context(returns["A0"], bench)
    rk.outperformance(array, bench.to_numpy())
    rk.run_lengths(rk.outperformance(returns, bench))
    pd.testing.assert_frame_equal(returns, returns_copy)
    pd.testing.assert_series_equal(bench, bench_copy)
    np.testing.assert_array_equal(array, array_copy)


@pytest.mark.parametrize(
    "function",
    [rk.outperformance, rk.streaks, rk.current_streak, rk.longest_streak],
)
def test_bad_returns_and_benchmark(function: Any) -> None:
    good = [0.01, 0.02, 0.03]
    with pytest.raises(InputError, match="`returns` is empty"):
        function([], [])
    with pytest.raises(InputError, match="`returns` must hold real numbers"):
        function(["a", "b", "c"], good)
    with pytest.raises(InputError, match="`returns` must hold real numbers"):
        function(pd.Series([True, False, True]), good)
    with pytest.raises(InputError, match="`benchmark` contains infinite"):
        function(good, [0.0, np.inf, 0.0])
    with pytest.raises(InputError, match="`benchmark` must be a single series"):
        function(good, np.zeros((3, 2)))
    with pytest.raises(AlignmentError, match="`returns` has 3 rows"):
        function(good, [0.0, 0.0])
    dated = pd.Series(good, index=pd.date_range("2026-01-01", periods=3))
    other = pd.Series(good, index=pd.date_range("2027-01-01", periods=3))
    with pytest.raises(AlignmentError, match="share no time label"):
        function(dated, other)
    unsorted = dated.iloc[::-1]
    with pytest.raises(InputError, match="not sorted"):
        function(unsorted, dated)
    with pytest.raises(InputError, match="duplicated"):
        function(pd.concat([dated, dated]), dated)


def test_polars_and_xarray_inputs_follow_their_type() -> None:
    pl: Any = pytest.importorskip("polars")
    xr: Any = pytest.importorskip("xarray")
    returns = _prices(n_periods=30, n_assets=2, seed=4)
    returns.index.name = "date"
    bench = returns.mean(axis=1).rename("bench")
    expected_mask = rk.outperformance(returns, bench)
    expected_table = rk.streaks(returns, bench)
    frame = pl.from_pandas(returns.reset_index())
    bench_frame = pl.from_pandas(bench.reset_index())
    mask = rk.outperformance(frame, bench_frame)
    assert isinstance(mask, pl.DataFrame)
    np.testing.assert_array_equal(
        mask.select(["A0", "A1"]).to_numpy(), expected_mask.to_numpy()
    )
    current = rk.current_streak(frame, bench_frame)
    assert isinstance(current, pl.DataFrame)
    assert current["current_streak"].to_list() == list(
        rk.current_streak(returns, bench)
    )
    times = pd.DatetimeIndex(returns.index).rename(None)
    array = xr.DataArray(
        returns.to_numpy(),
        dims=("time", "asset"),
        coords={"time": times, "asset": list(returns.columns)},
    )
    bench_array = xr.DataArray(bench.to_numpy(), dims=("time",), coords={"time": times})
    counts = rk.current_streak(array, bench_array)
    assert isinstance(counts, xr.DataArray)
    assert counts.values.tolist() == list(rk.current_streak(returns, bench))
    polars_table = rk.streaks(frame, bench_frame)
    assert isinstance(polars_table, pl.DataFrame)  # tables follow polars input
    from_polars = pd.DataFrame(polars_table.to_dict(as_series=False))
    for table in (from_polars, rk.streaks(array, bench_array)):
        pd.testing.assert_frame_equal(_plain(table), _plain(expected_table))


def _plain(table: pd.DataFrame) -> pd.DataFrame:
    """Asset labels as strings and dates in nanoseconds, to compare backends."""
    plain: pd.DataFrame = table.assign(
        asset=table["asset"].astype(str),
        start=table["start"].astype("datetime64[ns]"),
        end=table["end"].astype("datetime64[ns]"),
    )
    return plain


# --------------------------------------------------------------------------
# streak_context
# --------------------------------------------------------------------------


def test_streak_context_at_the_last_date() -> None:
    asset, bench = _hand_series()
    context = rk.streak_context(asset, bench)
    index = asset.index
    assert context.length == 2
    assert context.start == index[10]
    assert context.asof == index[11]
    assert context.n_runs == 4
    # runs 2, 3, 2, (2): one longer run, so rank 2; the tie shares it
    assert context.rank == 2
    assert context.earlier_at_least_as_long == 3
    assert context.longest_since is not None
    assert (context.longest_since.start, context.longest_since.end) == (
        index[7],
        index[8],
    )
    assert context.record is not None
    assert (context.record.start, context.record.length) == (index[3], 3)
    # eleven periods have both returns (one NaN); nine of them outperformed
    assert context.n_periods == 11
    assert context.hit_rate == pytest.approx(9 / 11)
    assert context.probability == rk.longest_run_probability(11, 2, 9 / 11)
    np.testing.assert_allclose(context.relative_return, 1.02 * 1.01 / 1.01 - 1)
    assert context.unit == "session"
    assert context.data_start == index[0]


def test_streak_context_in_progress_and_between_two_dates() -> None:
    asset, bench = _hand_series()
    index = asset.index
    # 2026-01-10 is a Saturday: the context is for Friday 2026-01-09 (row 4)
    context = rk.streak_context(asset, bench, asof="2026-01-10")
    assert context.asof == index[4]
    assert context.length == 2  # rows 3-4 of the run that will reach 3
    assert context.start == index[3]
    assert context.rank == 1  # the first run has the same length
    assert context.earlier_at_least_as_long == 1
    assert context.longest_since is not None
    assert context.longest_since.end == index[1]
    assert context.n_runs == 2
    assert context.n_periods == 5
    assert context.hit_rate == pytest.approx(4 / 5)
    # the later data do not matter
    truncated = rk.streak_context(asset.iloc[:5], bench.iloc[:5])
    assert truncated.to_dict() == context.to_dict()


def test_streak_context_record_run_at_the_start_and_no_run() -> None:
    asset, bench = _hand_series()
    index = asset.index
    first = rk.streak_context(asset, bench, asof=index[1])
    assert (first.length, first.rank, first.n_runs) == (2, 1, 1)
    assert first.longest_since is None
    assert first.record is None
    assert "the first run in the data (since 2026-01-05)" in first.summary()
    record = rk.streak_context(asset, bench, asof=index[5])
    assert record.length == 3
    assert record.longest_since is None
    assert record.record is not None
    assert record.record.length == 2
    assert "the longest in the data (since 2026-01-05), beating a 2-session" in (
        record.summary()
    )
    none = rk.streak_context(asset, bench, asof=index[6])  # the NaN day
    assert none.length == 0
    assert none.start is None
    assert none.rank is None
    assert none.longest_since is None
    assert np.isnan(none.relative_return)
    assert none.probability == 1.0
    assert none.record is not None
    assert none.record.length == 3
    assert none.summary() == (
        "No run in progress on 2026-01-13; the record is a 3-session run ending 2026-01-12"
    )


def test_streak_context_summary_sentence() -> None:
    asset, bench = _hand_series()
    summary = rk.streak_context(asset, bench).summary()
    assert summary.startswith(
        "2 sessions (2026-01-19 → 2026-01-20); longest since a 2-session run ending "
        "2026-01-15; chance of a run at least this long in 11 sessions at the "
        "observed 81.8 % hit rate: "
    )


def test_streak_context_result_object() -> None:
    asset, bench = _hand_series()
    context = rk.streak_context(asset, bench)
    data = context.to_dict()
    assert list(data) == [
        "length",
        "start",
        "asof",
        "relative_return",
        "rank",
        "n_runs",
        "earlier_at_least_as_long",
        "longest_since",
        "record",
        "probability",
        "n_periods",
        "hit_rate",
        "unit",
        "data_start",
    ]
    assert data["record"]["length"] == 3
    frame = context.to_frame()
    assert frame.shape[0] == 1
    assert frame.loc[0, "record_length"] == 3
    assert frame.loc[0, "longest_since_end"] == asset.index[8]
    text = repr(context)
    assert text.startswith("StreakContext(")
    assert "rank=2 of 4" in text
    assert "Run(start=2026-01-14, end=2026-01-15, length=2" in text
    with pytest.raises(AttributeError):
        context.length = 3  # type: ignore[misc]


def test_streak_context_arrays_other_labels_and_units() -> None:
    asset, bench = _hand_series()
    plain = rk.streak_context(asset.to_numpy(), bench.to_numpy(), asof=5)
    assert (plain.start, plain.asof, plain.length, plain.unit) == (3, 5, 3, "period")
    assert plain.summary().startswith("3 periods (3 → 5); the longest in the data")
    years = rk.streak_context(
        asset.set_axis(range(2000, 2012)), bench.set_axis(range(2000, 2012)), asof=2007
    )
    assert (years.start, years.asof, years.length) == (2007, 2007, 1)
    weekly_index = pd.date_range("2025-01-03", periods=12, freq="W-FRI")
    weekly = rk.streak_context(
        asset.set_axis(weekly_index), bench.set_axis(weekly_index)
    )
    assert weekly.unit == "week"
    assert rk.streak_context(asset, bench, unit="day").summary().startswith("2 days")


def test_streak_context_bad_asof_and_panels() -> None:
    asset, bench = _hand_series()
    with pytest.raises(InputError, match=r"`asof`.*before the first period"):
        rk.streak_context(asset, bench, asof="2025-12-31")
    with pytest.raises(AlignmentError, match="time-zone aware"):
        rk.streak_context(asset, bench, asof=pd.Timestamp("2026-01-09", tz="UTC"))
    with pytest.raises(InputError, match="`asof` must be a date"):
        rk.streak_context(asset, bench, asof="not a date")
    with pytest.raises(InputError, match="row position"):
        rk.streak_context(asset.to_numpy(), bench.to_numpy(), asof="2026-01-09")
    with pytest.raises(InputError, match=r"`asof`.*before the first period"):
        rk.streak_context(asset.to_numpy(), bench.to_numpy(), asof=-1)
    with pytest.raises(InputError, match="`returns` must be a single series"):
        rk.streak_context(pd.DataFrame({"a": asset, "b": asset}), bench)


def test_streak_context_on_time_zone_aware_data() -> None:
    asset, bench = _hand_series()
    index = pd.DatetimeIndex(asset.index).tz_localize("America/New_York")
    context = rk.streak_context(
        asset.set_axis(index), bench.set_axis(index), asof="2026-01-09"
    )
    assert context.asof == index[4]
    assert context.length == 2


def test_streak_context_on_the_synthetic_dataset() -> None:
    prices = rk.datasets.synthetic_prices()
    returns = rk.to_returns(prices)
    best_large = returns[["LARGE", "GROWTH"]].max(axis=1)
    context = rk.streak_context(returns["SMALL"], best_large)
    assert context.length == 10
    assert context.asof == prices.index[-1]
    assert context.start == prices.index[-10]
    beat = returns["SMALL"] > best_large
    block = (beat != beat.shift()).cumsum()
    lengths = beat[beat].groupby(block[beat]).size()
    assert context.rank == 1 + int((lengths > 10).sum())
    assert context.n_runs == len(lengths)
    assert context.hit_rate == pytest.approx(beat.mean())
    # the figures quoted in docs/explanation/streak-odds.md
    assert context.record is not None
    assert (context.record.length, context.record.end) == (
        7,
        pd.Timestamp("2025-01-15"),
    )
    assert round(context.probability, 3) == 0.137
    assert round(context.hit_rate, 3) == 0.378
    versus_large = rk.streak_context(returns["SMALL"], returns["LARGE"])
    assert versus_large.rank == 2
    assert versus_large.longest_since is not None
    assert versus_large.longest_since.end == pd.Timestamp("2016-07-13")


# --------------------------------------------------------------------------
# longest_run_probability and expected_longest_run
# --------------------------------------------------------------------------


@pytest.mark.parametrize("p", [0.1, 0.3, 0.5, 0.77, 0.95])
def test_longest_run_probability_against_all_sequences(p: float) -> None:
    for n in (*range(12), 16):
        expected = brute_force_tail(n, p)
        for k in range(n + 2):
            got = rk.longest_run_probability(n, k, p)
            assert got == pytest.approx(expected[k], rel=1e-12, abs=1e-15), (n, k)
            if 1 <= k <= n:
                matrix = _kernels._tail_matrix_power(n, k, p)
                recursion = _kernels._tail_recursion(n, k, p)
                assert matrix == pytest.approx(expected[k], rel=1e-12, abs=1e-15)
                assert recursion == pytest.approx(expected[k], rel=1e-12, abs=1e-15)


@pytest.mark.parametrize(
    ("n", "k", "p"), [(60, 5, "1/2"), (80, 12, "2/3"), (90, 50, "9/10")]
)
def test_longest_run_probability_against_exact_fractions(
    n: int, k: int, p: str
) -> None:
    expected = exact_tail(n, k, Fraction(p))
    got = rk.longest_run_probability(n, k, float(Fraction(p)))
    assert got == pytest.approx(float(expected), rel=1e-12)


def test_longest_run_probability_fibonacci_counts() -> None:
    # strings of n fair coins without two heads in a row: Fibonacci F(n + 2)
    fibonacci = [0, 1]
    while len(fibonacci) < 60:
        fibonacci.append(fibonacci[-1] + fibonacci[-2])
    for n in range(1, 55):
        expected = 1.0 - fibonacci[n + 2] / 2**n
        assert rk.longest_run_probability(n, 2) == pytest.approx(expected, rel=1e-12)


def test_longest_run_probability_monte_carlo_252() -> None:
    rng = np.random.default_rng(2026)
    n, trials, p = 252, 20_000, 0.48
    flips = rng.random((trials, n)) < p
    sums = np.concatenate([np.zeros((trials, 1)), np.cumsum(flips, axis=1)], axis=1)
    for k in (4, 6, 8, 10):
        has_run = ((sums[:, k:] - sums[:, :-k]) == k).any(axis=1)
        estimate = has_run.mean()
        exact = rk.longest_run_probability(n, k, p)
        error = math.sqrt(exact * (1 - exact) / trials)
        assert abs(estimate - exact) < 4 * error + 1e-4, k


def test_longest_run_known_values_from_the_literature() -> None:
    # Schilling (1990): the longest run of heads in 200 fair tosses is about 7
    assert rk.expected_longest_run(200) == pytest.approx(7.0, abs=0.05)
    # three coins show two heads in a row in 3 of 8 sequences
    assert rk.longest_run_probability(3, 2) == 0.375
    # Gordon, Schilling and Waterman (1986): E[L_n] ~ log2(n/2) + gamma/ln 2 - 1/2
    # and Var[L_n] ~ pi^2 / (6 ln^2 2) + 1/12, up to terms that vanish with n
    gamma = 0.5772156649015329
    for n, tolerance in ((10_000, 1e-3), (100_000, 1e-4)):
        asymptote = math.log2(n / 2) + gamma / math.log(2) - 0.5
        assert rk.expected_longest_run(n) == pytest.approx(asymptote, abs=tolerance)
    n = 100_000
    second_moment = sum(
        (2 * k - 1) * rk.longest_run_probability(n, k) for k in range(1, 80)
    )
    variance = second_moment - rk.expected_longest_run(n) ** 2
    assert variance == pytest.approx(
        math.pi**2 / (6 * math.log(2) ** 2) + 1 / 12, abs=2e-3
    )


def test_longest_run_probability_is_stable_for_long_samples() -> None:
    n = 100_000
    values = [rk.longest_run_probability(n, k, 0.5) for k in range(1, 70)]
    assert all(0.0 <= value <= 1.0 for value in values)
    assert all(a >= b for a, b in itertools.pairwise(values))
    assert values[0] == 1.0
    # the two exact methods agree where both apply
    for k in (10, 20, 30, 40, 48):
        matrix = _kernels._tail_matrix_power(n, k, 0.5)
        recursion = _kernels._tail_recursion(n, k, 0.5)
        assert matrix == pytest.approx(recursion, rel=1e-9)
    # tiny probabilities keep their relative precision: P ~ n q p^k for rare runs
    tiny = rk.longest_run_probability(n, 60, 0.5)
    assert tiny == pytest.approx(n * 0.5 * 0.5**60, rel=1e-3)
    longer = [rk.longest_run_probability(m, 12, 0.5) for m in (1_000, 10_000, n)]
    assert longer == sorted(longer)


def feller_tail(n: int, k: int, p: float) -> float:
    """Feller's (1968, XIII.7) approximation of P(longest run >= k), exact as n grows.

    With x the root near 1 of 1 - x + q p^k x^(k+1) = 0,
    P(no run of k in n) ~ (1 - p x) / ((k + 1 - k x) q) / x^(n + 1).
    """
    q, x = 1.0 - p, 1.0
    for _ in range(500):
        x = 1.0 + q * p**k * x ** (k + 1)
    return 1.0 - (1.0 - p * x) / ((k + 1 - k * x) * q) / x ** (n + 1)


@pytest.mark.parametrize(
    ("n", "k", "p"),
    [
        (252, 10, 0.5),
        (7_560, 12, 0.5),
        (100_000, 20, 0.5),
        (100_000, 40, 0.5),
        (100_000, 60, 0.7),
        (100_000, 5_000, 0.999),
    ],
)
def test_longest_run_probability_matches_feller_asymptotics(
    n: int, k: int, p: float
) -> None:
    assert rk.longest_run_probability(n, k, p) == pytest.approx(
        feller_tail(n, k, p), abs=1e-10
    )


def test_longest_run_probability_edges_and_errors() -> None:
    assert rk.longest_run_probability(0, 0) == 1.0
    assert rk.longest_run_probability(0, 1) == 0.0
    assert rk.longest_run_probability(5, 6) == 0.0
    assert rk.longest_run_probability(5, 5, 1.0) == 1.0
    assert rk.longest_run_probability(5, 1, 0.0) == 0.0
    assert rk.longest_run_probability(5, 0, 0.0) == 1.0
    assert rk.longest_run_probability(np.int64(5), np.int32(2), 0.5) == pytest.approx(
        brute_force_tail(5, 0.5)[2]
    )
    with pytest.raises(ValueError, match="`n`"):
        rk.longest_run_probability(-1, 2)
    with pytest.raises(ValueError, match="`k`"):
        rk.longest_run_probability(10, -2)
    with pytest.raises(TypeError, match="`n`"):
        rk.longest_run_probability(10.0, 2)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`k`"):
        rk.longest_run_probability(10, True)
    with pytest.raises(ValueError, match="`p`"):
        rk.longest_run_probability(10, 2, 1.5)
    with pytest.raises(ValueError, match="`p`"):
        rk.longest_run_probability(10, 2, float("nan"))
    with pytest.raises(TypeError, match="`p`"):
        rk.longest_run_probability(10, 2, "0.5")  # type: ignore[arg-type]


@pytest.mark.parametrize("p", [0.2, 0.5, 0.9])
def test_expected_longest_run_against_all_sequences(p: float) -> None:
    for n in (0, 1, 2, 7, 13):
        tail = brute_force_tail(n, p)
        assert rk.expected_longest_run(n, p) == pytest.approx(
            tail[1:].sum(), rel=1e-12, abs=1e-15
        )


def test_expected_longest_run_edges() -> None:
    assert rk.expected_longest_run(50, 1.0) == 50.0
    assert rk.expected_longest_run(50, 0.0) == 0.0
    summed = sum(rk.longest_run_probability(300, k, 0.7) for k in range(1, 301))
    assert rk.expected_longest_run(300, 0.7) == pytest.approx(summed, rel=1e-12)
    with pytest.raises(ValueError, match="`n`"):
        rk.expected_longest_run(-3)


# --------------------------------------------------------------------------
# runs_test
# --------------------------------------------------------------------------


def _statsmodels_runs(
    flags: npt.NDArray[np.bool_], *, correction: bool
) -> tuple[float, float]:
    runs = pytest.importorskip("statsmodels.sandbox.stats.runs")
    z, pvalue = runs.runstest_1samp(
        flags.astype(float), cutoff=0.5, correction=correction
    )
    return float(z), float(pvalue)


@pytest.mark.parametrize("n", [12, 30, 49, 50, 200, 2_000])
@pytest.mark.parametrize("seed", range(6))
def test_runs_test_matches_statsmodels(n: int, seed: int) -> None:
    rng = np.random.default_rng(seed)
    flags = rng.random(n) < rng.uniform(0.2, 0.8)
    flags[:2] = [True, False]  # both values present
    result = rk.runs_test(flags)
    expected_runs = 2 * flags.sum() * (~flags).sum() / n + 1
    assert result.expected_runs == pytest.approx(expected_runs)
    assert result.n_runs == len(scan_runs(flags.tolist())) + len(
        scan_runs((~flags).tolist())
    )
    z, pvalue = _statsmodels_runs(flags, correction=False)
    plain = rk.runs_test(flags, correction=False)
    assert plain.statistic == pytest.approx(z, rel=1e-12)
    assert plain.pvalue == pytest.approx(pvalue, rel=1e-9)
    if n >= 50 or abs(result.n_runs - result.expected_runs) > 0.5:
        z, pvalue = _statsmodels_runs(flags, correction=True)
        assert result.statistic == pytest.approx(z, rel=1e-12)
        assert result.pvalue == pytest.approx(pvalue, rel=1e-9)


def test_runs_test_correction_inside_half_a_run() -> None:
    # 6 values, 3 True: E[R] = 4, and R = 4 gives no evidence either way
    flags = [True, True, False, True, False, False]
    result = rk.runs_test(flags)
    assert (result.n_runs, result.expected_runs) == (4, 4.0)
    assert result.statistic == 0.0
    assert result.pvalue == 1.0
    assert (result.n_true, result.n_false) == (3, 3)


def test_runs_test_hand_worked_example() -> None:
    flags = [True] * 5 + [False] * 5 + [True] * 5 + [False] * 5
    result = rk.runs_test(flags)
    variance = 200 * (200 - 20) / (400 * 19)
    statistic = (4 - 11 + 0.5) / math.sqrt(variance)
    assert result.statistic == pytest.approx(statistic)
    assert result.pvalue == pytest.approx(math.erfc(abs(statistic) / math.sqrt(2)))
    assert repr(result).startswith("RunsTest(statistic=-2.987")
    assert result.to_dict()["n_runs"] == 4


def test_runs_test_degenerate_and_bad_input() -> None:
    result = rk.runs_test([True, True, True])
    assert math.isnan(result.statistic)
    assert math.isnan(result.pvalue)
    assert result.n_runs == 1
    assert math.isnan(rk.runs_test([True]).statistic)
    with pytest.raises(InputError, match="single series"):
        rk.runs_test(np.ones((4, 2), dtype=bool))
    with pytest.raises(InputError, match="`condition` must hold booleans"):
        rk.runs_test([0.1, 0.2])  # type: ignore[list-item]


# --------------------------------------------------------------------------
# types seen by a type checker
# --------------------------------------------------------------------------


def test_static_types_follow_the_input() -> None:
    returns = _prices(n_periods=20, n_assets=2)
    series: pd.Series[float] = returns["A0"]
    bench: pd.Series[float] = returns["A1"]
    vector: np.ndarray[tuple[int], np.dtype[np.float64]] = series.to_numpy()
    matrix: np.ndarray[tuple[int, int], np.dtype[np.float64]] = returns.to_numpy()
    assert_type(rk.outperformance(returns, bench), pd.DataFrame)
    assert_type(rk.outperformance(series, bench), "pd.Series[bool]")
    assert_type(rk.outperformance(matrix, vector), "npt.NDArray[np.bool_]")
    assert_type(rk.current_streak(returns, bench), "pd.Series[int]")
    assert_type(rk.current_streak(series, bench), int)
    assert_type(rk.current_streak(vector, vector), int)
    assert_type(rk.current_streak(matrix, vector), "npt.NDArray[np.intp]")
    assert_type(rk.longest_streak(returns, bench), pd.DataFrame)
    assert_type(rk.longest_streak(series, bench), "rk.Run | None")
    assert_type(rk.streaks(returns, bench), pd.DataFrame)
    assert_type(rk.run_lengths(series > 0), pd.DataFrame)
    assert_type(rk.streak_context(series, bench), rk.StreakContext)
    assert_type(rk.runs_test(series > 0), rk.RunsTest)
    assert_type(rk.longest_run_probability(10, 2), float)


def test_streak_context_dates_the_data_from_the_first_valid_pair() -> None:
    index = pd.bdate_range("2026-01-05", periods=8)
    returns = pd.Series(
        [np.nan, np.nan, 0.02, -0.01, 0.03, 0.02, 0.01, 0.02], index=index
    )
    benchmark = pd.Series(0.0, index=index)
    context = rk.streak_context(returns, benchmark)
    assert context.data_start == index[2]
    assert context.n_periods == 6
