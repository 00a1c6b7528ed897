"""Tests for rotationkit.rrg: formulas, causality, scale invariance, transitions."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import rotationkit as rk
from rotationkit.errors import AlignmentError, InputError
from rotationkit.rrg import QUADRANTS


def make_prices(
    n_periods: int = 400, n_assets: int = 3, *, seed: int = 2, tz: str | None = None
) -> tuple[pd.DataFrame, pd.Series[float]]:
    """Return sector-like prices that drift around a benchmark."""
    rng = np.random.default_rng(seed)
    index = pd.date_range("2021-01-01", periods=n_periods, freq="B", tz=tz)
    bench_returns = rng.normal(0.0003, 0.01, n_periods)
    # Slow cycles in relative performance make the assets rotate.
    phase = rng.uniform(0, 2 * np.pi, n_assets)
    cycle = 0.002 * np.sin(2 * np.pi * np.arange(n_periods)[:, None] / 120 + phase)
    asset_returns = (
        bench_returns[:, None] + cycle + rng.normal(0, 0.006, (n_periods, n_assets))
    )
    prices = pd.DataFrame(
        100.0 * np.cumprod(1.0 + asset_returns, axis=0),
        index=index,
        columns=[f"S{i}" for i in range(n_assets)],
    )
    bench = pd.Series(
        3000.0 * np.cumprod(1.0 + bench_returns), index=index, name="index"
    )
    return prices, bench


def brute_force(
    prices: pd.Series[float], bench: pd.Series[float], window: int, momentum: int
) -> pd.DataFrame:
    """The documented formulas, step by step, with pandas."""
    line = prices / bench
    ratio = 100.0 * line / line.rolling(window).mean()
    rs_momentum = 100.0 * ratio / ratio.shift(momentum)
    strong, rising = ratio >= 100.0, rs_momentum >= 100.0
    names = np.select(
        [strong & rising, strong & ~rising, ~strong & ~rising, ~strong & rising],
        list(QUADRANTS),
        default="",
    )
    labels = names.astype(object)
    labels[(ratio.isna() | rs_momentum.isna()).to_numpy()] = None
    quadrant = pd.Categorical(labels, categories=list(QUADRANTS))
    frame: pd.DataFrame = pd.DataFrame(
        {"rs_ratio": ratio, "rs_momentum": rs_momentum, "quadrant": quadrant},
        index=prices.index,
    )
    return frame


def one_asset(table: pd.DataFrame, asset: object) -> pd.DataFrame:
    """Return the rows of one asset of a long RRG table, indexed by date."""
    rows: pd.DataFrame = table.loc[[asset]].droplevel("asset")
    return rows


@pytest.fixture
def sectors() -> tuple[pd.DataFrame, pd.Series[float]]:
    return make_prices()


@pytest.mark.parametrize(("window", "momentum"), [(50, 10), (300, 5), (3, 1)])
def test_rrg_follows_the_documented_formulas(
    sectors: tuple[pd.DataFrame, pd.Series[float]], window: int, momentum: int
) -> None:
    prices, bench = sectors
    for column in prices.columns:
        result = rk.rrg(prices[column], bench, window=window, momentum=momentum)
        expected = brute_force(prices[column], bench, window, momentum)
        pd.testing.assert_frame_equal(result, expected, rtol=1e-12, atol=0)


def test_rrg_warm_up_and_quadrant_categories(
    sectors: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    prices, bench = sectors
    result = rk.rrg(prices["S0"], bench, window=20, momentum=5)
    assert list(result.columns) == ["rs_ratio", "rs_momentum", "quadrant"]
    assert list(result["quadrant"].cat.categories) == list(QUADRANTS)
    first = result["rs_momentum"].first_valid_index()
    assert result.index.get_loc(first) == 20 + 5 - 1
    assert result["quadrant"].iloc[: 20 + 5 - 1].isna().all()
    assert result["quadrant"].iloc[20 + 5 - 1 :].notna().all()
    assert result["rs_ratio"].iloc[19:].notna().all()
    assert set(result["quadrant"].dropna()) == set(QUADRANTS)


def test_rrg_quadrants_by_hand() -> None:
    # A constant benchmark makes the RS line the asset price. With window 2
    # and momentum 1, RS-ratio = 100 P_t / mean(P_t, P_t-1).
    prices = pd.Series([100.0, 110.0, 121.0, 110.0, 99.0, 99.0])
    result = rk.rrg(prices, [1.0] * 6, window=2, momentum=1)
    ratio = 100.0 * np.array(
        [np.nan, 110 / 105, 121 / 115.5, 110 / 115.5, 99 / 104.5, 1]
    )
    np.testing.assert_allclose(result["rs_ratio"], ratio, rtol=1e-13)
    np.testing.assert_allclose(
        result["rs_momentum"].iloc[2:], 100.0 * ratio[2:] / ratio[1:-1], rtol=1e-13
    )
    # 9 Jan: ratio 104.8 and momentum exactly 100 (two 10 % rises): leading,
    # since both boundaries belong to the upper side. Then the ratio falls
    # below 100 (lagging) and comes back to exactly 100 while rising (leading).
    assert result["quadrant"].isna().tolist() == [
        True,
        True,
        False,
        False,
        False,
        False,
    ]
    assert result["rs_momentum"].iloc[2] == 100.0
    assert result["rs_ratio"].iloc[5] == 100.0
    assert result["quadrant"].iloc[2:].tolist() == [
        "leading",
        "lagging",
        "lagging",
        "leading",
    ]


def test_rrg_does_not_depend_on_price_units(
    sectors: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    prices, bench = sectors
    base = rk.rrg(prices, bench, window=30, momentum=7)
    scaled_asset = rk.rrg(prices * 12.5, bench, window=30, momentum=7)
    scaled_bench = rk.rrg(prices, bench / 1e3, window=30, momentum=7)
    for scaled in (scaled_asset, scaled_bench):
        pd.testing.assert_frame_equal(scaled, base, rtol=1e-12, atol=0)


@settings(max_examples=30, deadline=None)
@given(
    scale=st.floats(min_value=1e-3, max_value=1e4),
    window=st.integers(min_value=1, max_value=40),
    momentum=st.integers(min_value=1, max_value=20),
)
def test_rrg_scale_invariance_property(
    scale: float, window: int, momentum: int
) -> None:
    prices, bench = make_prices(120, 2, seed=8)
    base = rk.rrg(prices, bench, window=window, momentum=momentum)
    scaled = rk.rrg(prices, bench * scale, window=window, momentum=momentum)
    np.testing.assert_allclose(
        scaled[["rs_ratio", "rs_momentum"]],
        base[["rs_ratio", "rs_momentum"]],
        rtol=1e-11,
    )
    # Quadrants agree wherever the point is not within rounding of the centre.
    clear = (
        (base["rs_ratio"] - 100).abs().gt(1e-9)
        & (base["rs_momentum"] - 100).abs().gt(1e-9)
    ).to_numpy()
    assert (
        scaled["quadrant"].to_numpy()[clear] == base["quadrant"].to_numpy()[clear]
    ).all()


def test_appending_future_rows_changes_no_past_value(
    sectors: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    prices, bench = sectors
    full_one = rk.rrg(prices["S1"], bench, window=40, momentum=8)
    full_panel = rk.rrg(prices, bench, window=40, momentum=8)
    for stop in (30, 47, 48, 200, 257, 399):
        part = rk.rrg(
            prices["S1"].iloc[:stop], bench.iloc[:stop], window=40, momentum=8
        )
        pd.testing.assert_frame_equal(part, full_one.iloc[:stop], check_exact=True)
        panel = rk.rrg(prices.iloc[:stop], bench.iloc[:stop], window=40, momentum=8)
        expected = full_panel[full_panel.index.get_level_values(1) < prices.index[stop]]
        pd.testing.assert_frame_equal(panel, expected, check_exact=True)


def test_panel_result_is_a_long_table_equal_to_the_columns(
    sectors: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    prices, bench = sectors
    panel = rk.rrg(prices, bench, window=25, momentum=5)
    assert panel.index.names == ["asset", "date"]
    assert list(panel.index.get_level_values(0).unique()) == list(prices.columns)
    assert len(panel) == prices.size
    for column in prices.columns:
        single = rk.rrg(prices[column], bench, window=25, momentum=5)
        pd.testing.assert_frame_equal(
            one_asset(panel, column), single, check_names=False
        )
    snapshot = panel.xs(prices.index[-1], level="date")
    assert list(snapshot.index) == list(prices.columns)


def test_rrg_with_arrays_and_missing_prices() -> None:
    prices, bench = make_prices(150, 2, seed=3)
    values = prices.to_numpy().copy()
    values[60, 0] = np.nan
    result = rk.rrg(values, bench.to_numpy(), window=10, momentum=3)
    assert result.index.names == ["asset", "period"]
    first = one_asset(result, 0)
    expected = brute_force(pd.Series(values[:, 0]), pd.Series(bench.to_numpy()), 10, 3)
    pd.testing.assert_frame_equal(
        first, expected, rtol=1e-12, atol=0, check_names=False
    )
    # The missing price blanks the windows that contain it, and nothing else.
    missing = first["rs_ratio"].isna().to_numpy()
    assert missing[60:70].all()
    assert not missing[70:].any()
    one = rk.rrg(values[:, 1], bench.to_numpy(), window=10, momentum=3)
    assert isinstance(one.index, pd.RangeIndex)


def test_rrg_aligns_labels_and_time_zones() -> None:
    prices, bench = make_prices(200, 2, seed=4, tz="Asia/Tokyo")
    result = rk.rrg(prices.iloc[10:], bench.iloc[:-10], window=15, momentum=4)
    expected = rk.rrg(prices.iloc[10:-10], bench.iloc[10:-10], window=15, momentum=4)
    pd.testing.assert_frame_equal(result, expected)
    with pytest.raises(AlignmentError):
        rk.rrg(prices, bench.tz_convert("UTC"))
    with pytest.raises(AlignmentError):
        rk.rrg(prices, bench.tz_localize(None))


def test_rrg_bad_input(sectors: tuple[pd.DataFrame, pd.Series[float]]) -> None:
    prices, bench = sectors
    before_prices, before_bench = prices.copy(), bench.copy()
    rk.rrg(prices, bench)
    pd.testing.assert_frame_equal(prices, before_prices)
    pd.testing.assert_series_equal(bench, before_bench)
    with pytest.raises(ValueError, match="window"):
        rk.rrg(prices, bench, window=0)
    with pytest.raises(ValueError, match="momentum"):
        rk.rrg(prices, bench, momentum=-1)
    with pytest.raises(TypeError, match="momentum"):
        rk.rrg(prices, bench, momentum="3")  # type: ignore[arg-type]
    with pytest.raises(InputError, match=r"`prices`.*strictly positive"):
        rk.rrg(prices - 200.0, bench)
    with pytest.raises(InputError, match=r"`benchmark_prices`.*single series"):
        rk.rrg(prices, prices)  # type: ignore[arg-type]
    with pytest.raises(AlignmentError, match="`prices` has 3 rows"):
        rk.rrg([1.0, 2.0, 3.0], [1.0, 2.0])


def test_quadrant_transitions_by_hand() -> None:
    index = pd.date_range("2026-01-05", periods=7, freq="B")
    quadrants = [None, "improving", "leading", "leading", None, "weakening", "lagging"]
    table = pd.DataFrame(
        {
            "rs_ratio": np.nan,
            "rs_momentum": np.nan,
            "quadrant": pd.Categorical(quadrants, categories=list(QUADRANTS)),
        },
        index=index,
    )
    result = rk.quadrant_transitions(table)
    assert list(result.columns) == ["date", "from", "to"]
    # The missing quadrant on 9 January breaks the comparison.
    assert list(result["date"]) == [index[2], index[6]]
    assert result["from"].tolist() == ["improving", "weakening"]
    assert result["to"].tolist() == ["leading", "lagging"]
    assert list(result["to"].cat.categories) == list(QUADRANTS)
    plain = table.assign(quadrant=table["quadrant"].astype(object))
    pd.testing.assert_frame_equal(rk.quadrant_transitions(plain), result)


def test_quadrant_transitions_of_a_panel_are_in_date_order(
    sectors: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    prices, bench = sectors
    graph = rk.rrg(prices, bench, window=20, momentum=5)
    result = rk.quadrant_transitions(graph)
    assert list(result.columns) == ["date", "asset", "from", "to"]
    assert result["date"].is_monotonic_increasing
    assert (result["from"] != result["to"]).all()
    for column in prices.columns:
        single = rk.quadrant_transitions(one_asset(graph, column))
        mine = result[result["asset"] == column].drop(columns="asset")
        pd.testing.assert_frame_equal(mine.reset_index(drop=True), single)
        # Brute force: compare each day's quadrant with the day before.
        quadrant = one_asset(graph, column)["quadrant"].astype(object)
        previous = quadrant.shift(1)
        changed = quadrant.notna() & previous.notna() & (quadrant != previous)
        assert list(single["date"]) == list(quadrant.index[changed.to_numpy()])


def test_quadrant_transitions_bad_input(
    sectors: tuple[pd.DataFrame, pd.Series[float]],
) -> None:
    prices, bench = sectors
    graph = rk.rrg(prices["S0"], bench)
    with pytest.raises(InputError, match="quadrant"):
        rk.quadrant_transitions(graph.drop(columns="quadrant"))
    with pytest.raises(InputError, match="rrg_result"):
        rk.quadrant_transitions(graph["quadrant"])  # type: ignore[arg-type]
    odd = graph.assign(quadrant=graph["quadrant"].astype(object).fillna("sideways"))
    with pytest.raises(InputError, match="sideways"):
        rk.quadrant_transitions(odd)
    three = pd.concat({"x": rk.rrg(prices, bench)}, names=["group"])
    with pytest.raises(InputError, match="3 index levels"):
        rk.quadrant_transitions(three)


def test_quadrant_transitions_do_not_depend_on_row_order() -> None:
    rng = np.random.default_rng(4)
    index = pd.bdate_range("2024-01-01", periods=200)
    prices = pd.DataFrame(
        100 * np.cumprod(1 + rng.normal(0, 0.01, (200, 3)), axis=0),
        index=index,
        columns=["a", "b", "c"],
    )
    bench = pd.Series(100 * np.cumprod(1 + rng.normal(0, 0.01, 200)), index=index)
    graph = rk.rrg(prices, bench, window=20, momentum=5)
    expected = rk.quadrant_transitions(graph)
    assert len(expected) > 0
    swapped = graph.swaplevel().sort_index()
    by_date = graph.sort_index(level="date")
    pd.testing.assert_frame_equal(rk.quadrant_transitions(swapped), expected)
    pd.testing.assert_frame_equal(rk.quadrant_transitions(by_date), expected)
    one = graph[graph.index.get_level_values("asset") == "a"].droplevel("asset")
    pd.testing.assert_frame_equal(
        rk.quadrant_transitions(one.iloc[::-1]), rk.quadrant_transitions(one)
    )


def test_quadrant_transitions_need_a_date_level() -> None:
    index = pd.MultiIndex.from_product([["a"], range(3)], names=["asset", "step"])
    table = pd.DataFrame({"quadrant": ["leading", "weakening", "lagging"]}, index=index)
    with pytest.raises(rk.InputError, match="exactly one date level"):
        rk.quadrant_transitions(table)
