"""The input contract of DESIGN.md, row by row, for every container type."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk
from rotationkit._inputs import (
    align,
    as_panel,
    check_choice,
    check_positive_number,
    check_simple_returns,
    check_window,
    to_timestamp,
    wrap_like,
    wrap_reduced,
)

Converter = Callable[[pd.DataFrame], Any]

CONTAINERS: dict[str, Converter] = {
    "series": lambda frame: frame.iloc[:, 0],
    "frame": lambda frame: frame,
    "array1d": lambda frame: frame.iloc[:, 0].to_numpy(),
    "array2d": lambda frame: frame.to_numpy(),
}
EXPECTED_TYPES: dict[str, type] = {
    "series": pd.Series,
    "frame": pd.DataFrame,
    "array1d": np.ndarray,
    "array2d": np.ndarray,
}


@pytest.fixture(params=sorted(CONTAINERS))
def container(request: pytest.FixtureRequest) -> str:
    name: str = request.param
    return name


def _prices_frame() -> pd.DataFrame:
    index = pd.date_range("2024-01-01", periods=6, freq="D", name="date")
    values = {
        "a": [10.0, 11.0, 12.0, 11.5, 12.5, 13.0],
        "b": [5.0, 5.5, 5.0, 5.25, 5.5, 6.0],
    }
    frame: pd.DataFrame = pd.DataFrame(values, index=index)
    return frame


def _snapshot(obj: Any) -> Any:
    return (
        obj.copy(deep=True)
        if isinstance(obj, (pd.Series, pd.DataFrame))
        else obj.copy()
    )


def _assert_unchanged(before: Any, after: Any) -> None:
    if isinstance(before, pd.Series):
        pd.testing.assert_series_equal(before, after)
    elif isinstance(before, pd.DataFrame):
        pd.testing.assert_frame_equal(before, after)
    else:
        np.testing.assert_array_equal(before, after)


# -- output type follows input type -------------------------------------------


def test_output_type_follows_input(container: str) -> None:
    prices = CONTAINERS[container](_prices_frame())
    returns = rk.to_returns(prices)
    assert isinstance(returns, EXPECTED_TYPES[container])
    assert np.ndim(returns) == np.ndim(prices)
    assert len(returns) == len(prices) - 1
    if isinstance(prices, pd.Series):
        assert returns.name == prices.name
        assert returns.index.equals(prices.index[1:])
    if isinstance(prices, pd.DataFrame):
        assert returns.columns.equals(prices.columns)
        assert returns.index.equals(prices.index[1:])


def test_reduction_type_follows_input(container: str) -> None:
    prices = CONTAINERS[container](_prices_frame())
    vol = rk.annualized_volatility(rk.to_returns(prices), periods_per_year=252)
    expected: dict[str, type] = {
        "series": float,
        "frame": pd.Series,
        "array1d": float,
        "array2d": np.ndarray,
    }
    assert isinstance(vol, expected[container])
    if isinstance(vol, pd.Series):
        assert list(vol.index) == ["a", "b"]


def test_sequences_are_accepted_as_arrays() -> None:
    returns = rk.to_returns([10.0, 11.0, 12.1])
    assert isinstance(returns, np.ndarray)
    np.testing.assert_allclose(returns, [0.1, 0.1])
    nested = rk.to_returns([[10.0, 20.0], [11.0, 22.0]])
    assert nested.shape == (1, 2)


def test_integer_prices_are_converted_to_float() -> None:
    returns = rk.to_returns(pd.Series([10, 11, 22]))
    assert returns.dtype == np.float64
    np.testing.assert_allclose(returns.to_numpy(), [0.1, 1.0])


def test_nullable_float_with_missing_values() -> None:
    prices = pd.Series([10.0, None, 12.0, 13.2], dtype="Float64")
    returns = rk.to_returns(prices)
    assert returns.dtype == np.float64
    np.testing.assert_allclose(returns.to_numpy(), [np.nan, np.nan, 0.1])


# -- NaN propagates ------------------------------------------------------------


def test_nan_propagates(container: str) -> None:
    frame = _prices_frame()
    frame.iloc[2, 0] = np.nan
    returns = np.asarray(rk.to_returns(CONTAINERS[container](frame)), dtype=float)
    column = returns if returns.ndim == 1 else returns[:, 0]
    assert np.isnan(column[1])
    assert np.isnan(column[2])
    assert np.isfinite(np.delete(column, [1, 2])).all()


# -- inputs are never mutated --------------------------------------------------


def test_inputs_are_not_mutated(container: str) -> None:
    prices = CONTAINERS[container](_prices_frame())
    before = _snapshot(prices)
    returns = rk.to_returns(prices)
    rk.to_prices(returns)
    rk.annualized_return(returns, periods_per_year=252)
    rk.period_return(prices, start=1 if isinstance(prices, np.ndarray) else None)
    _assert_unchanged(before, prices)


def test_panel_values_are_read_only() -> None:
    array = np.array([1.0, 2.0, 3.0])
    panel = as_panel(array, "prices")
    assert not panel.values.flags.writeable
    assert array.flags.writeable


# -- bad values ---------------------------------------------------------------


@pytest.mark.parametrize("bad", [np.inf, -np.inf])
def test_infinite_values_raise(container: str, bad: float) -> None:
    frame = _prices_frame()
    frame.iloc[3, 0] = bad
    with pytest.raises(rk.InputError, match=r"`prices` contains infinite values"):
        rk.to_returns(CONTAINERS[container](frame))


@pytest.mark.parametrize("bad", [0.0, -1.0])
def test_non_positive_prices_raise(container: str, bad: float) -> None:
    frame = _prices_frame()
    frame.iloc[3, 0] = bad
    with pytest.raises(rk.InputError, match=r"`prices` must be strictly positive"):
        rk.to_returns(CONTAINERS[container](frame))


@pytest.mark.parametrize("engine", ["numpy", "numba"])
def test_bad_price_raises_before_any_numpy_warning(
    engine: Literal["numpy", "numba"],
) -> None:
    # The returns are formed before the error is raised: dividing by a huge
    # negative price overflows, which must not surface as a warning first.
    if engine == "numba":
        pytest.importorskip("numba")
    prices = np.array([[0.5, 1.0], [-1e308, 1.0], [1e-300, 2.0]])
    layouts = [prices, np.asfortranarray(prices), np.repeat(prices, 2, axis=1)[:, ::2]]
    with rk.engine(engine):
        for values in layouts:
            with pytest.raises(rk.InputError, match="strictly positive prices"):
                rk.to_returns(values)


def test_booleans_raise(container: str) -> None:
    frame = _prices_frame() > 11
    with pytest.raises(
        rk.InputError, match=r"`prices` must hold real numbers, got booleans"
    ):
        rk.to_returns(CONTAINERS[container](frame))


def test_strings_raise(container: str) -> None:
    frame = _prices_frame().astype(str)
    with pytest.raises(rk.InputError, match=r"`prices` must hold real numbers"):
        rk.to_returns(CONTAINERS[container](frame))


def test_object_dtype_raises() -> None:
    series = pd.Series([1.0, "x", 2.0], dtype=object)
    with pytest.raises(
        rk.InputError, match="`returns` must hold real numbers, got dtype object"
    ):
        rk.annualized_return(series, periods_per_year=252)
    with pytest.raises(rk.InputError, match="must hold real numbers"):
        rk.to_returns(np.array([1.0, None, 2.0], dtype=object))


def test_complex_and_unreadable_input_raise() -> None:
    with pytest.raises(rk.InputError, match="must hold real numbers"):
        rk.to_returns(np.array([1.0 + 1j, 2.0]))
    with pytest.raises(rk.InputError, match="cannot be read as an array"):
        rk.to_returns([[1.0, 2.0], [3.0]])


def test_string_column_in_frame_is_named() -> None:
    frame = _prices_frame().assign(c="x")
    with pytest.raises(rk.InputError, match="in column 'c'"):
        rk.to_returns(frame)


def test_three_dimensional_array_raises() -> None:
    with pytest.raises(rk.InputError, match="got 3 dimensions"):
        rk.to_returns(np.ones((3, 2, 2)))  # type: ignore[arg-type]


def test_empty_input_raises(container: str) -> None:
    empty = CONTAINERS[container](_prices_frame().iloc[:0])
    with pytest.raises(rk.InputError, match="`prices` is empty"):
        rk.to_returns(empty)


def test_frame_without_columns_raises() -> None:
    with pytest.raises(rk.InputError, match="is empty"):
        rk.to_returns(pd.DataFrame(index=pd.date_range("2024-01-01", periods=3)))


def test_error_names_label_and_column() -> None:
    frame = _prices_frame()
    frame.iloc[2, 1] = -5.0
    with pytest.raises(
        rk.InputError, match=r"label Timestamp\('2024-01-03.*column 'b'"
    ):
        rk.to_returns(frame)
    with pytest.raises(rk.InputError, match=r"row 2, column 1"):
        rk.to_returns(frame.to_numpy())


# -- time labels ----------------------------------------------------------------


@pytest.mark.parametrize("container_name", ["series", "frame"])
def test_unsorted_index_raises(container_name: str) -> None:
    prices = CONTAINERS[container_name](_prices_frame().iloc[::-1])
    with pytest.raises(rk.InputError, match=r"sort_index\(\)"):
        rk.to_returns(prices)


@pytest.mark.parametrize("container_name", ["series", "frame"])
def test_duplicated_labels_raise(container_name: str) -> None:
    frame = _prices_frame()
    frame.index = frame.index[[0, 1, 1, 3, 4, 5]]
    with pytest.raises(rk.InputError, match="drop_duplicates"):
        rk.to_returns(CONTAINERS[container_name](frame))


def test_multiindex_raises() -> None:
    index = pd.MultiIndex.from_product([["x"], range(3)])
    with pytest.raises(rk.InputError, match="MultiIndex"):
        rk.to_returns(pd.Series([1.0, 2.0, 3.0], index=index))


# -- alignment of two inputs -----------------------------------------------------


def test_labelled_inputs_align_on_common_labels() -> None:
    frame = _prices_frame()
    left = as_panel(frame["a"].iloc[:5], "returns")
    right = as_panel(frame["b"].iloc[2:], "benchmark")
    a, b = align(left, right)
    assert a.index is not None
    assert b.index is not None
    assert a.index.equals(frame.index[2:5])
    assert b.index.equals(frame.index[2:5])
    np.testing.assert_array_equal(a.values[:, 0], frame["a"].to_numpy()[2:5])
    np.testing.assert_array_equal(b.values[:, 0], frame["b"].to_numpy()[2:5])


def test_alignment_with_gaps_keeps_order() -> None:
    frame = _prices_frame()
    left = as_panel(frame.iloc[[0, 2, 3, 5]], "returns")
    right = as_panel(frame["b"].iloc[[1, 2, 4, 5]], "benchmark")
    a, b = align(left, right)
    assert a.index is not None
    assert list(a.index) == list(frame.index[[2, 5]])
    np.testing.assert_array_equal(b.values[:, 0], frame["b"].to_numpy()[[2, 5]])


def test_smallest_value_is_kept_while_values_are_a_subset() -> None:
    values = np.array([[0.02, -0.5], [-1.5, 0.01], [0.03, np.nan]])
    panel = as_panel(values, "returns")
    assert panel.lowest == -1.5
    # Dropping rows keeps a valid lower bound: the loss is still found.
    with pytest.raises(rk.InputError, match=r"-1\.5, below -1"):
        check_simple_returns(panel.take_rows(np.array([1, 2])))
    # New values drop the bound, so a new loss below -1 is looked for.
    replaced = panel.with_values(np.array([[0.1, 0.2], [0.3, -2.0], [0.0, 0.0]]))
    assert replaced.lowest is None
    with pytest.raises(rk.InputError, match=r"-2\.0, below -1"):
        check_simple_returns(replaced)
    check_simple_returns(panel.take_rows(np.array([0, 2])))


def test_all_missing_values_have_a_missing_smallest_value() -> None:
    panel = as_panel(np.full((3, 2), np.nan), "returns")
    assert panel.lowest is not None
    assert np.isnan(panel.lowest)
    check_simple_returns(panel)


def test_no_common_labels_raises() -> None:
    frame = _prices_frame()
    left = as_panel(frame["a"].iloc[:3], "returns")
    right = as_panel(frame["b"].iloc[3:], "benchmark")
    with pytest.raises(
        rk.AlignmentError, match="`returns` and `benchmark` share no time label"
    ):
        align(left, right)


def test_unlabelled_lengths_must_match() -> None:
    left = as_panel(np.ones(5), "returns")
    right = as_panel(np.ones(4), "benchmark")
    with pytest.raises(
        rk.AlignmentError, match="`returns` has 5 rows but `benchmark` has 4"
    ):
        align(left, right)


def test_labelled_and_unlabelled_match_by_position() -> None:
    frame = _prices_frame()
    left = as_panel(frame, "returns")
    right = as_panel(np.arange(6.0) + 1, "benchmark")
    _, b = align(left, right)
    assert b.index is not None
    assert b.index.equals(frame.index)
    with pytest.raises(rk.AlignmentError, match="has 6 rows but `benchmark` has 5"):
        align(left, as_panel(np.ones(5), "benchmark"))


def test_tz_aware_and_naive_do_not_align() -> None:
    frame = _prices_frame()
    aware = frame.tz_localize("America/New_York")
    with pytest.raises(rk.AlignmentError, match="never shifts times silently"):
        align(as_panel(frame, "returns"), as_panel(aware["a"], "benchmark"))


def test_different_time_zones_do_not_align() -> None:
    frame = _prices_frame()
    new_york = frame.tz_localize("America/New_York")
    london = frame.tz_localize("Europe/London")
    with pytest.raises(rk.AlignmentError, match="tz_convert"):
        align(as_panel(new_york, "returns"), as_panel(london["a"], "benchmark"))


def test_same_time_zone_aligns() -> None:
    frame = _prices_frame().tz_localize("UTC")
    a, b = align(as_panel(frame, "returns"), as_panel(frame["a"].iloc[1:], "benchmark"))
    assert a.n_periods == b.n_periods == 5


# -- wrapping back -----------------------------------------------------------------


def test_wrap_like_and_reduced_round_trip(container: str) -> None:
    prices = CONTAINERS[container](_prices_frame())
    panel = as_panel(prices, "prices")
    wrapped = wrap_like(panel.values * 2.0, panel)
    assert isinstance(wrapped, EXPECTED_TYPES[container])
    np.testing.assert_allclose(np.asarray(wrapped), np.asarray(prices) * 2.0)
    reduced = wrap_reduced(panel.values[0], panel, name="first")
    if container in {"series", "array1d"}:
        assert reduced == pytest.approx(10.0)
    elif container == "frame":
        assert reduced.name == "first"
        assert list(reduced.index) == ["a", "b"]
    else:
        np.testing.assert_allclose(reduced, [10.0, 5.0])


def test_one_dimensional_requirement() -> None:
    frame = _prices_frame()
    assert as_panel(frame[["a"]], "benchmark", one_dimensional=True).n_assets == 1
    with pytest.raises(
        rk.InputError, match="`benchmark` must be a single series, got 2"
    ):
        as_panel(frame, "benchmark", one_dimensional=True)


# -- options -------------------------------------------------------------------------


def test_unknown_option_lists_choices() -> None:
    with pytest.raises(
        ValueError, match=r"`method` must be one of \['log', 'simple'\], got 'pct'"
    ):
        rk.to_returns(pd.Series([1.0, 2.0]), method="pct")  # type: ignore[call-overload]
    assert check_choice("log", "method", ("simple", "log")) == "log"


@pytest.mark.parametrize("window", [0, -3])
def test_window_must_be_positive(window: int) -> None:
    with pytest.raises(ValueError, match="positive whole number"):
        check_window(window)


@pytest.mark.parametrize("window", [2.5, True, "10"])
def test_window_must_be_whole(window: object) -> None:
    with pytest.raises(TypeError, match="positive whole number"):
        check_window(window)


def test_window_accepts_numpy_integers() -> None:
    assert check_window(np.int64(20)) == 20


@pytest.mark.parametrize("value", [0, -1.0, np.nan, np.inf])
def test_positive_number_rejects(value: float) -> None:
    with pytest.raises(ValueError, match="greater than zero"):
        check_positive_number(value, "periods_per_year")


def test_positive_number_rejects_non_numbers() -> None:
    with pytest.raises(TypeError, match="positive number"):
        check_positive_number("252", "periods_per_year")


# -- dates given by users --------------------------------------------------------------


def test_naive_date_is_read_in_index_zone() -> None:
    index = pd.date_range("2024-01-01", periods=3, tz="Asia/Tokyo")
    stamp = to_timestamp("2024-01-02", index, "asof")
    assert stamp == pd.Timestamp("2024-01-02", tz="Asia/Tokyo")


def test_aware_date_is_converted_to_index_zone() -> None:
    index = pd.date_range("2024-01-01", periods=3, tz="Asia/Tokyo")
    stamp = to_timestamp(pd.Timestamp("2024-01-01 15:00", tz="UTC"), index, "asof")
    assert stamp == pd.Timestamp("2024-01-02 00:00", tz="Asia/Tokyo")


def test_aware_date_against_naive_index_raises() -> None:
    index = pd.date_range("2024-01-01", periods=3)
    with pytest.raises(rk.AlignmentError, match="`asof` is time-zone aware"):
        to_timestamp(pd.Timestamp("2024-01-02", tz="UTC"), index, "asof")


@pytest.mark.parametrize("value", ["not a date", None, float("nan"), 10, 1.5e18])
def test_unparsable_dates_raise(value: object) -> None:
    index = pd.date_range("2024-01-01", periods=3)
    with pytest.raises(rk.InputError, match="`asof` must be a date"):
        to_timestamp(value, index, "asof")


def test_different_integer_labels_are_not_joined() -> None:
    prices = pd.Series([10.0, 11.0, 12.1, 12.0])
    dropped_first = prices.pct_change().dropna()  # labels 1, 2, 3
    from_numpy = pd.Series(
        np.diff(prices.to_numpy()) / prices.to_numpy()[:-1]
    )  # 0, 1, 2
    with pytest.raises(rk.AlignmentError, match="look like row positions"):
        align(as_panel(dropped_first, "returns"), as_panel(from_numpy, "benchmark"))
    same = as_panel(from_numpy, "benchmark")
    a, b = align(same, as_panel(from_numpy * 2, "returns"))
    assert a.n_periods == b.n_periods == 3


def test_other_labels_are_still_joined() -> None:
    left = pd.Series(
        [1.0, 2.0, 3.0], index=pd.period_range("2024-01", periods=3, freq="M")
    )
    right = pd.Series([4.0, 5.0], index=pd.period_range("2024-02", periods=2, freq="M"))
    a, _ = align(as_panel(left, "returns"), as_panel(right, "benchmark"))
    assert a.n_periods == 2
