"""Every public function over pandas, numpy, polars, xarray and dask inputs.

One parametrized matrix calls each function of ``rotationkit.__all__`` with the
same data in every library and checks that the numbers equal the pandas
results and that the result has the documented type:

===========  ==============  =============  ==========================  ==================
result       pandas          numpy          polars                      xarray (and dask)
===========  ==============  =============  ==========================  ==================
like input   DataFrame       2-D array      DataFrame, time column      DataArray, same dims
per asset    Series          1-D array      DataFrame ``asset``, value  DataArray, no time
per date     Series          1-D array      DataFrame, time column      DataArray along time
table        DataFrame       DataFrame      polars DataFrame            pandas DataFrame
===========  ==============  =============  ==========================  ==================

Result objects (``RateBeta``, ``StreakContext`` ...) are the same class for
every input. A dask-backed DataArray gives a lazy result for the functions
marked ``lazy`` below and is computed at once by the others. The rest of the
module checks the details: time columns and dimensions, alignment, options,
attributes, warnings, chunking and that importing rotationkit imports none of
the optional libraries.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import inspect
import subprocess
import sys
from typing import TYPE_CHECKING, Any, Literal

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk
from rotationkit.errors import (
    AlignmentError,
    InputError,
    UndefinedMultipleWarning,
    YieldUnitsWarning,
)

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

pl: Any = pytest.importorskip("polars")
xr: Any = pytest.importorskip("xarray")
dask: Any = pytest.importorskip("dask")

Backend = Literal["pandas", "numpy", "polars", "xarray", "dask"]
BACKENDS: tuple[Backend, ...] = ("pandas", "numpy", "polars", "xarray", "dask")
ResultKind = Literal[
    "like", "per_asset", "per_date", "table", "result", "number", "section"
]

# --------------------------------------------------------------------------
# one data set, in pandas
# --------------------------------------------------------------------------

N_PERIODS = 80
INDEX = pd.bdate_range("2025-10-01", periods=N_PERIODS, name="date")
ASSETS = ["large", "small", "value"]  # sorted: tables list assets in this order
_RNG = np.random.default_rng(7)


def _frame(values: Any, columns: Sequence[str] = ASSETS) -> pd.DataFrame:
    frame: pd.DataFrame = pd.DataFrame(values, index=INDEX, columns=list(columns))
    return frame


def _series(values: Any, name: str) -> pd.Series[float]:
    series: pd.Series[float] = pd.Series(values, index=INDEX, name=name)
    return series


RETURNS = _frame(_RNG.normal(0.0004, 0.01, (N_PERIODS, 3)))
BENCH = _series(_RNG.normal(0.0003, 0.008, N_PERIODS), "index")
PRICES = 100.0 * (1.0 + RETURNS).cumprod()
BENCH_PRICES = 100.0 * (1.0 + BENCH).cumprod()
YIELDS = _series(4.2 + np.cumsum(_RNG.normal(0.0, 0.04, N_PERIODS)), "DGS10")
POLICY = _series(np.repeat([4.5, 4.25, 4.0], [30, 30, 20]), "FEDFUNDS")
MULTIPLES = _frame(15.0 + np.cumsum(_RNG.normal(0.0, 0.2, (N_PERIODS, 3)), axis=0))
BENCH_MULTIPLE = _series(20.0 + np.cumsum(_RNG.normal(0.0, 0.2, N_PERIODS)), "sp500")
CONSTITUENTS = ["a", "b", "c", "d"]
WEIGHTS = _frame(_RNG.uniform(1.0, 10.0, (N_PERIODS, 4)), CONSTITUENTS)
EARNINGS = _frame(_RNG.uniform(-0.2, 1.0, (N_PERIODS, 4)), CONSTITUENTS)
CONDITION = (RETURNS["small"] > BENCH).rename("small")
EVENTS = [INDEX[20], INDEX[50]]
DEBT = pd.Series([1000.0, 500.0, 250.0], index=["a", "b", "c"], name="debt")
FLOATING = pd.Series([0.5, 0.2, 0.9], index=["a", "b", "c"], name="floating")
PROFITS = pd.Series([50.0, 40.0, -5.0], index=["a", "b", "c"], name="earnings")


# --------------------------------------------------------------------------
# the same data in each library
# --------------------------------------------------------------------------


def _polars(obj: pd.Series[Any] | pd.DataFrame) -> Any:
    """A polars DataFrame with a Date column: the natural polars time series."""
    frame = obj.to_frame() if isinstance(obj, pd.Series) else obj
    data = {str(name): frame[name].to_numpy() for name in frame.columns}
    return pl.DataFrame({"date": [stamp.date() for stamp in frame.index], **data})


def _dataarray(obj: pd.Series[Any] | pd.DataFrame) -> Any:
    """A DataArray along ``time`` with an asset coordinate and attributes."""
    times = obj.index.to_numpy()
    if isinstance(obj, pd.Series):
        return xr.DataArray(
            obj.to_numpy(), dims=("time",), coords={"time": times}, name=obj.name
        )
    columns = list(obj.columns)
    return xr.DataArray(
        obj.to_numpy(),
        dims=("time", "asset"),
        coords={
            "time": times,
            "asset": columns,
            "group": ("asset", [f"g{i % 2}" for i in range(len(columns))]),
        },
        name="data",
        attrs={"units": "USD"},
    )


@dataclasses.dataclass(frozen=True)
class Inputs:
    """Convert the pandas data set to one library."""

    backend: Backend

    def __call__(self, obj: pd.Series[Any] | pd.DataFrame) -> Any:
        """Convert time series (dates x assets)."""
        if self.backend == "pandas":
            return obj
        if self.backend == "numpy":
            return obj.to_numpy()
        if self.backend == "polars":
            return _polars(obj)
        array = _dataarray(obj)
        if self.backend == "dask":
            # Split along time too, so that functions must rechunk.
            return array.chunk(
                {"time": 30, **({"asset": 2} if array.ndim == 2 else {})}
            )
        return array

    def section(self, obj: pd.Series[float]) -> Any:
        """Convert values per company (no time axis)."""
        if self.backend == "pandas":
            return obj
        if self.backend == "numpy":
            return obj.to_numpy()
        if self.backend == "polars":
            return pl.Series(obj.name, obj.to_numpy())
        return xr.DataArray(
            obj.to_numpy(),
            dims=("company",),
            coords={"company": list(obj.index)},
            name=obj.name,
        )

    def dates(self, dates: Sequence[pd.Timestamp]) -> list[Any]:
        """Event dates; row positions for unlabelled numpy data."""
        if self.backend == "numpy":
            return [int(position) for position in INDEX.get_indexer(pd.Index(dates))]
        return list(dates)


@dataclasses.dataclass(frozen=True)
class Recipe:
    """How to call one public function, and what it gives back."""

    call: Callable[[Inputs], object]
    kind: ResultKind
    lazy: bool = False  # a dask-backed DataArray gives a lazy DataArray
    dated: bool = False  # unlabelled (numpy) input is rejected: needs dates
    labelled: bool = False  # only labelled frames (no numpy) can name the assets


RECIPES: dict[str, Recipe] = {
    # returns
    "to_returns": Recipe(lambda c: rk.to_returns(c(PRICES)), "like", lazy=True),
    "to_prices": Recipe(lambda c: rk.to_prices(c(RETURNS)), "like", lazy=True),
    "annualized_return": Recipe(
        lambda c: rk.annualized_return(c(RETURNS), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "annualized_volatility": Recipe(
        lambda c: rk.annualized_volatility(c(RETURNS), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "period_return": Recipe(
        lambda c: rk.period_return(c(PRICES)), "per_asset", lazy=True
    ),
    "period_to_date": Recipe(
        lambda c: rk.period_to_date(c(PRICES), "QTD"),
        "per_asset",
        lazy=True,
        dated=True,
    ),
    "performance_table": Recipe(
        lambda c: rk.performance_table(c(PRICES)), "table", dated=True
    ),
    # relative performance
    "relative_strength": Recipe(
        lambda c: rk.relative_strength(c(PRICES), c(BENCH_PRICES)), "like", lazy=True
    ),
    "relative_drawdown": Recipe(
        lambda c: rk.relative_drawdown(c(PRICES), c(BENCH_PRICES)), "like", lazy=True
    ),
    "excess_returns": Recipe(
        lambda c: rk.excess_returns(c(RETURNS), c(BENCH), method="geometric"),
        "like",
        lazy=True,
    ),
    "tracking_error": Recipe(
        lambda c: rk.tracking_error(c(RETURNS), c(BENCH), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "information_ratio": Recipe(
        lambda c: rk.information_ratio(c(RETURNS), c(BENCH), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "beta": Recipe(lambda c: rk.beta(c(RETURNS), c(BENCH)), "per_asset", lazy=True),
    "alpha": Recipe(
        lambda c: rk.alpha(c(RETURNS), c(BENCH), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "up_capture": Recipe(
        lambda c: rk.up_capture(c(RETURNS), c(BENCH), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "down_capture": Recipe(
        lambda c: rk.down_capture(c(RETURNS), c(BENCH), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "capture_ratio": Recipe(
        lambda c: rk.capture_ratio(c(RETURNS), c(BENCH), periods_per_year=252),
        "per_asset",
        lazy=True,
    ),
    "hit_rate": Recipe(
        lambda c: rk.hit_rate(c(RETURNS), c(BENCH)), "per_asset", lazy=True
    ),
    "rolling_beta": Recipe(
        lambda c: rk.rolling_beta(c(RETURNS), c(BENCH), 20), "like", lazy=True
    ),
    "rolling_correlation": Recipe(
        lambda c: rk.rolling_correlation(c(RETURNS), c(BENCH), 20), "like", lazy=True
    ),
    "rrg": Recipe(
        lambda c: rk.rrg(c(PRICES), c(BENCH_PRICES), window=10, momentum=3), "table"
    ),
    "quadrant_transitions": Recipe(
        lambda c: rk.quadrant_transitions(
            rk.rrg(c(PRICES), c(BENCH_PRICES), window=10, momentum=3)
        ),
        "table",
    ),
    # streaks
    "outperformance": Recipe(
        lambda c: rk.outperformance(c(RETURNS), c(BENCH)), "like", lazy=True
    ),
    "run_lengths": Recipe(lambda c: rk.run_lengths(c(CONDITION)), "table"),
    "streaks": Recipe(lambda c: rk.streaks(c(RETURNS), c(BENCH)), "table"),
    "current_streak": Recipe(
        lambda c: rk.current_streak(c(RETURNS), c(BENCH)), "per_asset", lazy=True
    ),
    "longest_streak": Recipe(
        lambda c: rk.longest_streak(c(RETURNS), c(BENCH)), "table"
    ),
    "streak_context": Recipe(
        lambda c: rk.streak_context(c(RETURNS["small"]), c(BENCH)), "result"
    ),
    "longest_run_probability": Recipe(
        lambda _: rk.longest_run_probability(60, 8), "number"
    ),
    "expected_longest_run": Recipe(lambda _: rk.expected_longest_run(60), "number"),
    "runs_test": Recipe(lambda c: rk.runs_test(c(CONDITION)), "result"),
    # valuation
    "aggregate_multiple": Recipe(
        lambda c: rk.aggregate_multiple(c(WEIGHTS), c(EARNINGS + 0.3)),
        "per_date",
        lazy=True,
    ),
    "negative_earnings_share": Recipe(
        lambda c: rk.negative_earnings_share(c(EARNINGS), c(WEIGHTS)),
        "per_date",
        lazy=True,
    ),
    "earnings_yield": Recipe(
        lambda c: rk.earnings_yield(c(MULTIPLES)), "like", lazy=True
    ),
    "valuation_gap": Recipe(
        lambda c: rk.valuation_gap(c(MULTIPLES), c(BENCH_MULTIPLE), method="log"),
        "like",
        lazy=True,
    ),
    "yield_gap": Recipe(
        lambda c: rk.yield_gap(c(1.0 / MULTIPLES), c(YIELDS)), "like", lazy=True
    ),
    "zscore": Recipe(lambda c: rk.zscore(c(MULTIPLES), window=20), "like", lazy=True),
    "percentile_rank": Recipe(
        lambda c: rk.percentile_rank(c(MULTIPLES), window=20), "like", lazy=True
    ),
    "half_life": Recipe(lambda c: rk.half_life(c(MULTIPLES["small"])), "result"),
    "implied_rerating": Recipe(
        lambda c: rk.implied_rerating(c(MULTIPLES), c(BENCH_MULTIPLE), window=20),
        "like",
        lazy=True,
    ),
    # rates
    "rate_beta": Recipe(lambda c: rk.rate_beta(c(RETURNS), c(YIELDS)), "result"),
    "relative_rate_beta": Recipe(
        lambda c: rk.relative_rate_beta(c(RETURNS), c(BENCH), c(YIELDS)), "result"
    ),
    "empirical_duration": Recipe(
        lambda c: rk.empirical_duration(c(RETURNS), c(YIELDS)), "per_asset", lazy=True
    ),
    "rolling_rate_beta": Recipe(
        lambda c: rk.rolling_rate_beta(c(RETURNS), c(YIELDS), 20), "like", lazy=True
    ),
    "floating_rate_sensitivity": Recipe(
        lambda c: rk.floating_rate_sensitivity(
            c.section(DEBT), c.section(FLOATING), -75, earnings=c.section(PROFITS)
        ),
        "section",
    ),
    "rate_regimes": Recipe(lambda c: rk.rate_regimes(c(POLICY)), "table", dated=True),
    "event_study": Recipe(
        lambda c: rk.event_study(
            c(RETURNS), c.dates(EVENTS), benchmark=c(BENCH), window=(-3, 5)
        ),
        "result",
    ),
    # concentration
    "top_n_share": Recipe(
        lambda c: rk.top_n_share(c(WEIGHTS), 2), "per_date", lazy=True
    ),
    "hhi": Recipe(lambda c: rk.hhi(c(WEIGHTS)), "per_date", lazy=True),
    "effective_n": Recipe(lambda c: rk.effective_n(c(WEIGHTS)), "per_date", lazy=True),
    "breadth": Recipe(lambda c: rk.breadth(c(PRICES), window=10), "per_date"),
    "concentration_summary": Recipe(
        lambda c: rk.concentration_summary(c(WEIGHTS), n=2), "result"
    ),
    # the report
    "rotation_report": Recipe(
        lambda c: rk.rotation_report(c(PRICES), "small", "large"),
        "result",
        dated=True,
        labelled=True,
    ),
}


# Settings and tools of the library, not functions of data.
SETTINGS = {"get_engine", "precompile", "set_engine"}


def test_every_public_function_has_a_recipe() -> None:
    functions = {name for name in rk.__all__ if inspect.isfunction(getattr(rk, name))}
    data_functions = functions - SETTINGS
    assert sorted(data_functions - set(RECIPES)) == [], "add a recipe for new functions"
    assert sorted(set(RECIPES) - data_functions) == []


# --------------------------------------------------------------------------
# the matrix
# --------------------------------------------------------------------------

# Columns that carry labels (time, asset, event), not numbers: every library
# spells them its own way (row positions for numpy, Date for polars ...).
LABELS = {"asset", "date", "time", "period", "start", "end", "event"}


def _strings(values: Any, missing: Any) -> np.ndarray[Any, np.dtype[Any]]:
    return np.array(
        [
            "" if gone else str(value)
            for value, gone in zip(values, missing, strict=True)
        ]
    )


def _pandas_numbers(column: pd.Series[Any]) -> list[np.ndarray[Any, np.dtype[Any]]]:
    if pd.api.types.is_datetime64_any_dtype(column.dtype):
        return []
    if isinstance(column.dtype, pd.CategoricalDtype) or not (
        pd.api.types.is_numeric_dtype(column.dtype)
    ):
        return [_strings(column.to_numpy(), column.isna().to_numpy())]
    return [column.to_numpy(dtype=np.float64, na_value=np.nan)]


def _numbers(obj: object) -> list[np.ndarray[Any, np.dtype[Any]]]:
    """Return the numbers of a result in a library-free form, labels left out."""
    if isinstance(obj, pd.DataFrame):
        return [
            part
            for name, column in obj.items()
            if str(name) not in LABELS
            for part in _pandas_numbers(column)
        ]
    if isinstance(obj, pd.Series):
        return _pandas_numbers(obj)
    if isinstance(obj, pl.DataFrame):
        numbers = []
        for name, dtype in obj.schema.items():
            if name in LABELS or dtype.is_temporal():
                continue
            column = obj[name]
            if dtype.is_numeric() or dtype == pl.Boolean:
                numbers.append(column.cast(pl.Float64).fill_null(np.nan).to_numpy())
            else:
                text = column.cast(pl.String)
                numbers.append(_strings(text.to_list(), text.is_null().to_list()))
        return numbers
    if isinstance(obj, pl.Series):
        return [obj.cast(pl.Float64).to_numpy()]
    if isinstance(obj, xr.DataArray):
        values = np.asarray(
            obj.transpose("time", ...).values if "time" in obj.dims else obj.values
        )
        return _numbers(
            values.reshape(values.shape[0], -1) if values.ndim > 1 else values
        )
    if isinstance(obj, np.ndarray):
        if obj.ndim == 2:
            return [obj[:, i].astype(np.float64) for i in range(obj.shape[1])]
        return [np.atleast_1d(obj).astype(np.float64)]
    if isinstance(obj, (bool, int, float, np.number)):
        return [np.array([obj], dtype=np.float64)]
    msg = f"no numbers in {type(obj).__name__}"
    raise TypeError(msg)


def _is_label(value: object) -> bool:
    """Whether a field of a result object holds labels or text, not numbers."""
    return value is None or isinstance(
        value,
        (
            str,
            pd.Timestamp,
            pd.Timedelta,
            pd.Index,
            dt.date,
            dt.timedelta,
            type(pd.NaT),
            tuple,
        ),
    )


def _fields(obj: object) -> dict[str, object]:
    assert dataclasses.is_dataclass(obj)
    return {field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}


def _assert_same_numbers(got: object, expected: object, backend: Backend) -> None:
    if dataclasses.is_dataclass(expected):
        got_fields, expected_fields = _fields(got), _fields(expected)
        assert list(got_fields) == list(expected_fields)
        for name, value in expected_fields.items():
            if _is_label(value):
                continue
            if backend == "numpy" and got_fields[name] is None:
                continue  # a calendar figure: numpy data have no dates
            _assert_same_numbers(got_fields[name], value, backend)
        return
    got_numbers, expected_numbers = _numbers(got), _numbers(expected)
    assert len(got_numbers) == len(expected_numbers)
    for mine, theirs in zip(got_numbers, expected_numbers, strict=True):
        if theirs.dtype.kind == "U":
            np.testing.assert_array_equal(mine, theirs)
        elif backend == "dask":
            # Blocks hold fewer assets than the whole panel, and some kernels
            # sum in an order that depends on the width: last-bit differences.
            np.testing.assert_allclose(mine, theirs, rtol=1e-13, atol=1e-15)
        elif backend == "polars":
            # polars hands over column-major data and pandas row-major; some
            # numpy versions sum the two layouts to different last bits, which
            # a fit can amplify a little.
            np.testing.assert_allclose(mine, theirs, rtol=1e-11, atol=1e-15)
        else:
            np.testing.assert_array_equal(mine, theirs)


def _assert_type(
    result: object, recipe: Recipe, backend: Backend, expected: object
) -> None:
    kind = recipe.kind
    if kind in ("result", "number"):
        assert type(result) is type(expected)
        return
    if kind == "section":
        field = _fields(result)["interest_change"]
        kinds = {
            "pandas": pd.Series,
            "numpy": np.ndarray,
            "polars": pl.Series,
            "xarray": xr.DataArray,
            "dask": xr.DataArray,
        }
        assert isinstance(field, kinds[backend])
        return
    if kind == "table":
        assert isinstance(result, pl.DataFrame if backend == "polars" else pd.DataFrame)
        return
    if backend == "pandas":
        assert isinstance(result, pd.Series if kind != "like" else pd.DataFrame)
    elif backend == "numpy":
        assert isinstance(result, np.ndarray)
        assert result.ndim == (2 if kind == "like" else 1)
    elif backend == "polars":
        assert isinstance(result, pl.DataFrame)
        first = {"like": "date", "per_asset": "asset", "per_date": "date"}[kind]
        assert result.columns[0] == first
    else:
        assert isinstance(result, xr.DataArray)
        dims = {
            "like": ("time", "asset"),
            "per_asset": ("asset",),
            "per_date": ("time",),
        }
        assert result.dims == dims[kind]
        lazy = backend == "dask" and recipe.lazy
        assert (result.chunks is not None) == lazy


def _run(recipe: Recipe, backend: Backend) -> tuple[object, object]:
    """Return the result, and the result computed (for dask) or itself."""
    with dask.config.set(scheduler="synchronous"):
        result = recipe.call(Inputs(backend))
        if isinstance(result, xr.DataArray) and result.chunks is not None:
            return result, result.compute()
    return result, result


@pytest.mark.parametrize("backend", BACKENDS)
@pytest.mark.parametrize("name", sorted(RECIPES))
def test_every_function_in_every_library(name: str, backend: Backend) -> None:
    recipe = RECIPES[name]
    expected = recipe.call(Inputs("pandas"))
    if backend == "numpy" and (recipe.dated or recipe.labelled):
        with pytest.raises(InputError):
            recipe.call(Inputs(backend))
        return
    result, computed = _run(recipe, backend)
    _assert_type(result, recipe, backend, expected)
    _assert_same_numbers(computed, expected, backend)


# --------------------------------------------------------------------------
# polars and xarray in detail
# --------------------------------------------------------------------------


def _pandas_prices() -> pd.DataFrame:
    index = pd.bdate_range("2025-12-24", periods=8, name="date")
    data = {
        "a": [10.0, 10.5, 10.2, 10.8, 11.0, 10.9, 11.3, 11.6],
        "b": [5.0, 5.1, 5.0, 4.9, 5.2, 5.3, 5.3, 5.4],
    }
    frame: pd.DataFrame = pd.DataFrame(data, index=index)
    return frame


def _polars_prices() -> Any:
    frame = _pandas_prices()
    dates = [stamp.date() for stamp in frame.index]
    return pl.DataFrame(
        {"date": dates, "a": frame["a"].to_numpy(), "b": frame["b"].to_numpy()}
    )


def _dataarray_prices() -> Any:
    frame = _pandas_prices()
    return xr.DataArray(
        frame.to_numpy(),
        dims=("time", "asset"),
        coords={
            "time": frame.index.to_numpy(),
            "asset": ["a", "b"],
            "sector": ("asset", ["x", "y"]),
        },
        name="price",
    )


def test_polars_frame_round_trip() -> None:
    returns = rk.to_returns(_polars_prices())
    expected = rk.to_returns(_pandas_prices())
    assert isinstance(returns, pl.DataFrame)
    assert returns.columns == ["date", "a", "b"]
    assert returns["date"].dtype == pl.Date
    assert returns["date"][0] == dt.date(2025, 12, 25)
    np.testing.assert_allclose(
        returns.select("a", "b").to_numpy(), expected.to_numpy(), rtol=1e-15
    )


def test_polars_series_round_trip() -> None:
    prices = _polars_prices()["a"]
    returns = rk.to_returns(prices)
    assert isinstance(returns, pl.Series)
    assert returns.name == "a"
    np.testing.assert_allclose(
        returns.to_numpy(), rk.to_returns(_pandas_prices()["a"]).to_numpy()
    )


def test_polars_reductions_and_tables() -> None:
    returns = rk.to_returns(_polars_prices())
    vol = rk.annualized_volatility(returns)
    assert isinstance(vol, pl.DataFrame)
    assert vol["asset"].to_list() == ["a", "b"]
    expected = rk.annualized_volatility(rk.to_returns(_pandas_prices()))
    np.testing.assert_allclose(
        vol["annualized_volatility"].to_numpy(), expected.to_numpy()
    )
    table = rk.performance_table(_polars_prices())
    assert isinstance(table, pl.DataFrame)
    np.testing.assert_allclose(
        table.drop("asset").to_numpy(),
        rk.performance_table(_pandas_prices()).to_numpy(),
        equal_nan=True,
    )


def test_polars_time_column_must_be_unique_or_named() -> None:
    prices = _polars_prices().with_columns(pl.col("date").alias("other_date"))
    with pytest.raises(rk.InputError, match="several date/time columns"):
        rk.to_returns(prices)
    with (
        rk.set_options(time_column="date"),
        pytest.raises(rk.InputError, match=r"dtype Date in column .other_date."),
    ):
        rk.to_returns(prices)
    with (
        rk.set_options(time_column="when"),
        pytest.raises(rk.InputError, match="no time column 'when'"),
    ):
        rk.to_returns(_polars_prices())


def test_polars_bad_values() -> None:
    with pytest.raises(rk.InputError, match="booleans in column 'a'"):
        rk.to_returns(_polars_prices().with_columns(pl.col("a") > 10))
    with pytest.raises(rk.InputError, match="must be strictly positive"):
        rk.to_returns(_polars_prices().with_columns(pl.col("a") * 0))
    unsorted = _polars_prices().reverse()
    with pytest.raises(rk.InputError, match=r"sort_index\(\)"):
        rk.to_returns(unsorted)


def test_polars_tz_aware_datetimes() -> None:
    frame = _pandas_prices()
    moments = [
        dt.datetime(d.year, d.month, d.day, 21, tzinfo=dt.timezone.utc)
        for d in frame.index
    ]
    prices = pl.DataFrame({"t": moments, "a": frame["a"].to_numpy()}).with_columns(
        pl.col("t").dt.convert_time_zone("America/New_York")
    )
    returns = rk.to_returns(prices)
    assert returns["t"].dtype == prices["t"].dtype
    assert returns["t"][0] == prices["t"][1]
    assert rk.period_to_date(prices, "YTD").item(0, 1) == pytest.approx(11.6 / 10.9 - 1)


def test_polars_nulls_become_missing_values() -> None:
    prices = _polars_prices().with_columns(
        pl.when(pl.col("a") > 11).then(None).otherwise(pl.col("a")).alias("a")
    )
    returns = rk.to_returns(prices)
    assert returns["a"].is_nan().sum() == 2


def test_dataarray_keeps_dims_and_coords() -> None:
    prices = _dataarray_prices()
    returns = rk.to_returns(prices)
    assert isinstance(returns, xr.DataArray)
    assert returns.dims == ("time", "asset")
    assert list(returns["sector"].values) == ["x", "y"]
    assert pd.Timestamp(returns["time"].values[0]) == pd.Timestamp("2025-12-25")
    np.testing.assert_allclose(
        returns.values, rk.to_returns(_pandas_prices()).to_numpy()
    )


def test_dataarray_with_time_last_and_extra_dims() -> None:
    prices = _dataarray_prices()
    cube = xr.concat([prices, prices * 2], dim="region").assign_coords(
        region=["us", "eu"]
    )
    cube = cube.transpose("asset", "region", "time")
    returns = rk.to_returns(cube)
    assert returns.dims == ("asset", "region", "time")
    np.testing.assert_allclose(
        returns.sel(region="eu").transpose("time", "asset").values,
        rk.to_returns(_pandas_prices()).to_numpy(),
    )
    vol = rk.annualized_volatility(returns)
    assert vol.dims == ("asset", "region")
    np.testing.assert_allclose(vol.sel(region="us").values, vol.sel(region="eu").values)


def test_dataarray_reduces_to_a_scalar_array() -> None:
    prices = _dataarray_prices().sel(asset="a")
    vol = rk.annualized_volatility(rk.to_returns(prices))
    assert isinstance(vol, xr.DataArray)
    assert vol.ndim == 0
    assert float(vol) == pytest.approx(
        rk.annualized_volatility(rk.to_returns(_pandas_prices()["a"]))
    )


def test_dataarray_time_dimension_option() -> None:
    prices = _dataarray_prices().rename(time="date")
    with pytest.raises(rk.InputError, match="no dimension 'time'"):
        rk.to_returns(prices)
    with rk.set_options(time_dim="date"):
        returns = rk.to_returns(prices)
    assert returns.dims == ("date", "asset")
    one = prices.sel(asset="a")
    assert rk.to_returns(one).dims == ("date",)


def test_dataarray_aligns_with_pandas_labels() -> None:
    from rotationkit._inputs import align, as_panel

    left = as_panel(_dataarray_prices().isel(time=slice(2, None)), "returns")
    right = as_panel(_pandas_prices()["b"].iloc[:6], "benchmark")
    a, b = align(left, right)
    assert a.n_periods == b.n_periods == 4


def test_options_must_be_names() -> None:
    with pytest.raises(TypeError, match="time_column"):
        rk.set_options(time_column=3)
    with pytest.raises(TypeError, match="time_dim"):
        rk.set_options(time_dim=None)


def test_polars_tables_keep_the_time_column_dtype() -> None:
    table = rk.streaks(_polars(RETURNS), _polars(BENCH))
    assert table.schema["start"] == pl.Date
    assert table.schema["end"] == pl.Date
    assert table.schema["asset"] == pl.Enum(ASSETS)
    expected = rk.streaks(RETURNS, BENCH)
    assert table["start"].to_list() == [stamp.date() for stamp in expected["start"]]
    runs = rk.run_lengths(_polars(CONDITION))
    assert runs.columns == ["asset", "start", "end", "length"]  # a frame: 2-D
    assert runs["length"].to_list() == rk.run_lengths(CONDITION)["length"].tolist()


def test_polars_tables_keep_time_zones() -> None:
    frame = pl.DataFrame(
        {"t": INDEX.to_numpy(), "small": RETURNS["small"].to_numpy()}
    ).with_columns(pl.col("t").dt.replace_time_zone("America/New_York"))
    bench = pl.DataFrame({"t": frame["t"], "index": BENCH.to_numpy()})
    table = rk.streaks(frame, bench)
    assert table.schema["start"] == frame.schema["t"]
    assert table["start"][0] in frame["t"].to_list()


def test_polars_frames_align_on_their_time_columns() -> None:
    short = _polars(BENCH).slice(10, 40)
    result = rk.rolling_beta(_polars(RETURNS), short, 5)
    expected = rk.rolling_beta(RETURNS, BENCH.iloc[10:50], 5)
    assert result["date"].to_list() == [stamp.date() for stamp in expected.index]
    np.testing.assert_array_equal(result.drop("date").to_numpy(), expected.to_numpy())


def test_polars_series_match_by_position() -> None:
    returns = pl.Series("small", RETURNS["small"].to_numpy())
    bench = pl.Series("index", BENCH.to_numpy())
    assert isinstance(rk.excess_returns(returns, bench), pl.Series)
    assert rk.beta(returns, bench) == rk.beta(RETURNS["small"], BENCH)
    with pytest.raises(AlignmentError, match="80 rows but `benchmark` has 79"):
        rk.beta(returns, bench.head(79))


def test_polars_per_date_results_without_a_time_column() -> None:
    weights = _polars(WEIGHTS).drop("date")
    result = rk.hhi(weights)
    assert result.columns == ["hhi"]
    np.testing.assert_allclose(
        result["hhi"].to_numpy(), rk.hhi(WEIGHTS).to_numpy(), rtol=1e-15, atol=0.0
    )


def test_boolean_polars_and_xarray_conditions() -> None:
    frame = _polars(CONDITION).with_columns(
        pl.when(pl.col("small") & (pl.col("date") == INDEX[3].date()))
        .then(None)
        .otherwise(pl.col("small"))
        .alias("small")
    )
    expected_condition = CONDITION.copy()
    expected_condition.iloc[3] = False
    expected = rk.run_lengths(expected_condition)
    assert rk.run_lengths(frame)["length"].to_list() == expected["length"].tolist()
    array = _dataarray(CONDITION)
    assert rk.runs_test(array) == rk.runs_test(CONDITION)
    with pytest.raises(InputError, match="must hold booleans"):
        rk.run_lengths(_polars(RETURNS))
    with pytest.raises(InputError, match="must hold booleans"):
        rk.run_lengths(_dataarray(RETURNS))
    with pytest.raises(InputError, match="must hold booleans"):
        rk.run_lengths(pl.Series("x", [1.0, 2.0]))


def test_cross_sections_keep_their_library() -> None:
    debt = xr.DataArray(
        DEBT.to_numpy(),
        dims=("company",),
        coords={"company": list(DEBT.index), "sector": ("company", ["x", "y", "z"])},
    )
    effect = rk.floating_rate_sensitivity(debt, 0.5, 100)
    assert effect.interest_change.dims == ("company",)
    assert list(effect.interest_change["sector"].values) == ["x", "y", "z"]
    assert list(effect.companies) == ["a", "b", "c"]
    polars = rk.floating_rate_sensitivity(pl.Series("debt", DEBT.to_numpy()), 0.5, 100)
    assert polars.interest_change.name == "interest_change"
    with pytest.raises(InputError, match="polars DataFrame; select one column"):
        rk.floating_rate_sensitivity(pl.DataFrame({"debt": [1.0]}), 0.5, 100)
    with pytest.raises(InputError, match="duplicated labels"):
        rk.floating_rate_sensitivity(
            debt.assign_coords(company=["a", "a", "b"]), 0.5, 100
        )


def _cube() -> Any:
    """Returns by time, asset and region, time last, with coordinates along time."""
    array = _dataarray(RETURNS)
    cube = xr.concat([array, array * 2.0], dim="region").assign_coords(
        region=["us", "eu"], month=("time", INDEX.month)
    )
    return cube.transpose("asset", "region", "time")


def test_dataarray_results_keep_coordinates() -> None:
    cube = _cube()
    bench = _dataarray(BENCH)
    like = rk.rolling_beta(cube, bench, 10)
    assert like.dims == cube.dims
    assert list(like["month"].values) == list(INDEX.month)
    assert list(like["group"].values) == ["g0", "g1", "g0"]
    reduced = rk.beta(cube, bench)
    assert reduced.dims == ("asset", "region")
    assert "month" not in reduced.coords
    assert list(reduced["group"].values) == ["g0", "g1", "g0"]
    np.testing.assert_array_equal(
        reduced.sel(region="eu").values, 2.0 * reduced.sel(region="us").values
    )
    per_date = rk.hhi(_dataarray(WEIGHTS).assign_coords(month=("time", INDEX.month)))
    assert per_date.dims == ("time",)
    assert list(per_date["month"].values) == list(INDEX.month)
    assert "group" not in per_date.coords


def test_dataarray_attributes_follow_keep_attrs() -> None:
    prices = _dataarray(PRICES)
    assert rk.to_returns(prices).attrs == {}
    assert rk.annualized_volatility(prices).attrs == {}
    with xr.set_options(keep_attrs=True):
        assert rk.to_returns(prices).attrs == {"units": "USD"}
        assert rk.hhi(prices).attrs == {"units": "USD"}
        assert rk.to_returns(prices.chunk()).attrs == {"units": "USD"}


# --------------------------------------------------------------------------
# dask
# --------------------------------------------------------------------------


def _lazy(obj: pd.Series[Any] | pd.DataFrame, **chunks: int) -> Any:
    return _dataarray(obj).chunk(chunks or {"time": 30})


def test_dask_results_stay_lazy_until_computed() -> None:
    calls: list[int] = []

    def count(block: Any) -> Any:
        calls.append(1)
        return block

    lazy = _lazy(RETURNS, time=30, asset=1)
    meta = np.empty((0, 0))
    returns = lazy.copy(data=lazy.data.map_blocks(count, dtype=float, meta=meta))
    result = rk.rolling_beta(returns, _dataarray(BENCH), 10)
    assert calls == []
    assert result.chunks is not None
    with dask.config.set(scheduler="synchronous"):
        computed = result.compute()
    assert len(calls) == 9  # three time chunks of each of three assets
    np.testing.assert_allclose(
        computed.values, rk.rolling_beta(RETURNS, BENCH, 10).to_numpy(), rtol=1e-13
    )


def test_dask_time_chunks_are_joined_and_asset_chunks_kept() -> None:
    split = rk.zscore(_lazy(MULTIPLES, time=20, asset=1), window=10)
    assert split.chunksizes["time"] == (N_PERIODS,)
    whole = rk.zscore(_lazy(MULTIPLES, time=-1, asset=1), window=10)
    assert whole.chunksizes == {"time": (N_PERIODS,), "asset": (1, 1, 1)}
    per_date = rk.hhi(_lazy(WEIGHTS, time=20, asset=-1))
    assert per_date.chunksizes["time"] == (20, 20, 20, 20)
    assert rk.hhi(_lazy(WEIGHTS, time=20, asset=2)).chunks is not None


def test_dask_alignment_errors_come_at_once_data_errors_on_compute() -> None:
    later = _dataarray(BENCH).assign_coords(
        time=(INDEX + pd.Timedelta(days=365)).to_numpy()
    )
    with pytest.raises(AlignmentError, match="share no time label"):
        rk.beta(_lazy(RETURNS), later)
    with pytest.raises(AlignmentError, match="80 rows but `benchmark` has 70"):
        rk.beta(_lazy(RETURNS), BENCH.to_numpy()[:70])
    negative = _lazy(PRICES * np.where(INDEX[5] == INDEX, -1.0, 1.0)[:, np.newaxis])
    result = rk.to_returns(negative)  # the values are only read when computed
    with pytest.raises(InputError, match="strictly positive"):
        result.compute(scheduler="synchronous")


def test_dask_second_inputs_align_like_the_eager_path() -> None:
    bench = _lazy(BENCH.iloc[5:70], time=20)
    with dask.config.set(scheduler="synchronous"):
        lazy = rk.relative_strength(
            _lazy(PRICES), _lazy(BENCH_PRICES.iloc[5:70])
        ).compute()
        excess = rk.excess_returns(_lazy(RETURNS), bench).compute()
        yields = YIELDS.drop(INDEX[[10, 40]])  # left join: missing yields give NaN
        rolling = rk.rolling_rate_beta(_lazy(RETURNS), yields, 20).compute()
    expected = rk.relative_strength(PRICES, BENCH_PRICES.iloc[5:70])
    np.testing.assert_array_equal(lazy.values, expected.to_numpy())
    assert list(excess["time"].values) == list(INDEX[5:70].to_numpy())
    np.testing.assert_allclose(
        rolling.values, rk.rolling_rate_beta(RETURNS, yields, 20).to_numpy(), rtol=1e-13
    )


def test_dask_options_travel_with_the_blocks() -> None:
    renamed = _lazy(MULTIPLES).rename(time="day")
    with rk.set_options(time_dim="day"):
        result = rk.zscore(renamed, window=10)
    # Computed outside the block, in worker threads that never saw the option.
    computed = result.compute(scheduler="threads")
    assert computed.dims == ("day", "asset")
    np.testing.assert_allclose(
        computed.values, rk.zscore(MULTIPLES, window=10).to_numpy(), rtol=1e-13
    )


def test_dask_single_series_and_extra_dimensions() -> None:
    single = rk.hit_rate(_lazy(RETURNS["small"]), BENCH)
    assert single.ndim == 0
    assert single.chunks is not None
    assert float(single.compute()) == rk.hit_rate(RETURNS["small"], BENCH)
    cube = _cube().chunk({"asset": 1, "region": 1, "time": 40})
    with dask.config.set(scheduler="synchronous"):
        lazy = rk.current_streak(cube, BENCH).compute()
    xr.testing.assert_identical(lazy, rk.current_streak(_cube(), BENCH))


def test_dask_per_date_panels_align_and_fall_back() -> None:
    weights = _lazy(WEIGHTS, time=25, asset=2)
    earnings = _lazy(EARNINGS.iloc[3:] + 0.3, time=30, asset=4)
    with dask.config.set(scheduler="synchronous"):
        lazy = rk.aggregate_multiple(weights, earnings)
        assert lazy.chunks is not None
        expected = rk.aggregate_multiple(WEIGHTS, EARNINGS.iloc[3:] + 0.3)
        np.testing.assert_allclose(
            lazy.compute().values, expected.to_numpy(), rtol=1e-13
        )
        # Constituents in another order: matched by the function itself, eagerly.
        shuffled = earnings.isel(asset=[3, 1, 0, 2])
        eager = rk.aggregate_multiple(weights, shuffled)
        assert eager.chunks is None
        np.testing.assert_allclose(eager.values, expected.to_numpy(), rtol=1e-13)
        details = rk.aggregate_multiple(weights, earnings, details=True)
    assert isinstance(details, rk.AggregateMultiple)


# --------------------------------------------------------------------------
# warnings, signatures and imports
# --------------------------------------------------------------------------


def test_warnings_point_at_the_callers_line() -> None:
    with pytest.warns(YieldUnitsWarning) as record:
        rk.rolling_rate_beta(RETURNS, YIELDS / 100.0, 20)
    assert record[0].filename == __file__
    loss = pd.Series([10.0, 20.0], index=["a", "b"])
    with pytest.warns(UndefinedMultipleWarning) as record:
        rk.aggregate_multiple(loss, -loss)
    assert record[0].filename == __file__


def test_decorated_functions_keep_signature_and_docs() -> None:
    for name in RECIPES:
        function = getattr(rk, name)
        original = inspect.unwrap(function)
        assert inspect.signature(function) == inspect.signature(original)
        assert function.__doc__ == original.__doc__
        assert function.__module__ == original.__module__


def test_importing_rotationkit_imports_no_optional_library() -> None:
    code = (
        "import rotationkit, sys; "
        "loaded = [m for m in ('polars', 'xarray', 'dask', 'distributed', "
        "'matplotlib', 'numba') if m in sys.modules]; "
        "assert not loaded, loaded"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert completed.returncode == 0, completed.stderr
