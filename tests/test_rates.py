"""Tests of rate betas, floating-rate debt, policy regimes and event studies.

Numbers are checked against statsmodels (OLS with HAC errors), scipy
(one-sample t-tests), brute-force loops and hand-worked examples. Real data
come from the packaged H.15 yields, never from outside the package.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import warnings
from typing import TYPE_CHECKING, Any

import numpy as np
import numpy.typing as npt
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from typing_extensions import assert_type

import rotationkit as rk
from rotationkit import _kernels
from rotationkit.errors import AlignmentError, InputError, YieldUnitsWarning

if TYPE_CHECKING:
    from collections.abc import Callable, Sequence

sm = pytest.importorskip("statsmodels.api")

FloatArray = npt.NDArray[np.float64]


# --------------------------------------------------------------------------
# data
# --------------------------------------------------------------------------


def make_yields(
    n_periods: int = 400, *, seed: int = 0, start: str = "2020-01-01"
) -> pd.Series[float]:
    """A business-daily 10-year-like yield path in percent (around 4 %)."""
    rng = np.random.default_rng(seed)
    index = pd.bdate_range(start, periods=n_periods, name="date")
    levels = 4.0 + np.cumsum(rng.normal(0.0, 0.05, n_periods))
    series: pd.Series[float] = pd.Series(levels, index=index, name="DGS10")
    return series


def make_returns(
    yields: pd.Series[float],
    betas: Sequence[float] = (-0.03, -0.01, 0.0),
    *,
    seed: int = 1,
    autocorrelated: bool = True,
) -> pd.DataFrame:
    """Returns that load on the yield change (per +100 bp) plus AR(1) noise."""
    rng = np.random.default_rng(seed)
    changes = yields.diff().fillna(0.0).to_numpy()
    noise = rng.normal(0.0, 0.004, (len(yields), len(betas)))
    if autocorrelated:
        for row in range(1, len(noise)):
            noise[row] += 0.3 * noise[row - 1]
    values = changes[:, np.newaxis] * np.asarray(betas) + noise
    columns = [f"A{i}" for i in range(len(betas))]
    frame: pd.DataFrame = pd.DataFrame(values, index=yields.index, columns=columns)
    return frame


def statsmodels_hac(
    returns: pd.Series[float], changes: pd.Series[float], lags: int
) -> Any:
    """OLS of returns on yield changes with HAC errors, dropping missing rows."""
    data = pd.concat([returns, changes], axis=1).dropna()
    exog = sm.add_constant(data.iloc[:, 1].to_numpy())
    return sm.OLS(data.iloc[:, 0].to_numpy(), exog).fit(
        cov_type="HAC", cov_kwds={"maxlags": lags}
    )


def default_lags(nobs: int) -> int:
    return int(np.floor(4.0 * (nobs / 100.0) ** (2.0 / 9.0)))


# --------------------------------------------------------------------------
# rate_beta: cross-checks against statsmodels
# --------------------------------------------------------------------------


@pytest.mark.parametrize("lags", [None, 0, 3, 12])
def test_rate_beta_matches_statsmodels_hac(lags: int | None) -> None:
    yields = make_yields()
    returns = make_returns(yields)
    result = rk.rate_beta(returns, yields, lags=lags)
    changes = yields.diff()
    for column in [str(name) for name in returns.columns]:
        used = default_lags(len(yields) - 1) if lags is None else lags
        reference = statsmodels_hac(returns[column], changes, used)
        assert result.beta[column] == pytest.approx(
            reference.params[1], rel=1e-8, abs=1e-12
        )
        assert result.stderr[column] == pytest.approx(reference.bse[1], rel=1e-8)
        assert result.tstat[column] == pytest.approx(reference.tvalues[1], rel=1e-8)
        assert result.pvalue[column] == pytest.approx(
            reference.pvalues[1], rel=1e-8, abs=1e-15
        )
        assert result.r2[column] == pytest.approx(
            reference.rsquared, rel=1e-8, abs=1e-12
        )
        assert result.nobs[column] == reference.nobs
        assert result.lags[column] == used


def test_rate_beta_with_missing_returns_matches_statsmodels_drop() -> None:
    yields = make_yields(300)
    returns = make_returns(yields, (-0.02, 0.01, -0.04, 0.0, -0.01))  # A4 complete
    returns.iloc[:40, 0] = np.nan  # listed later
    returns.iloc[100:107, 1] = np.nan  # a gap in the middle
    returns.iloc[[5, 50, 250], 2] = np.nan  # scattered
    returns.iloc[-20:, 3] = np.nan  # stopped trading
    original = returns.copy()
    result = rk.rate_beta(returns, yields)
    pd.testing.assert_frame_equal(returns, original)
    for column in [str(name) for name in returns.columns]:
        nobs = int(returns[column].iloc[1:].notna().sum())
        reference = statsmodels_hac(returns[column], yields.diff(), default_lags(nobs))
        assert result.nobs[column] == nobs
        assert result.beta[column] == pytest.approx(reference.params[1], rel=1e-8)
        assert result.stderr[column] == pytest.approx(reference.bse[1], rel=1e-8)
        assert result.r2[column] == pytest.approx(reference.rsquared, rel=1e-8)


def test_zero_lags_is_whites_heteroskedasticity_robust_error() -> None:
    yields = make_yields(200)
    returns = make_returns(yields)["A0"]
    data = pd.concat([returns, yields.diff()], axis=1).dropna()
    white = sm.OLS(
        data.iloc[:, 0].to_numpy(), sm.add_constant(data.iloc[:, 1].to_numpy())
    ).fit(cov_type="HC0")
    result = rk.rate_beta(returns, yields, lags=0)
    assert result.stderr == pytest.approx(white.bse[1], rel=1e-10)


def test_beta_is_per_100_bp_in_every_unit() -> None:
    yields = make_yields(250)
    exact = -0.02 * yields.diff().fillna(0.0)  # -2 % per +1 percentage point
    rng = np.random.default_rng(3)
    returns = exact + rng.normal(0.0, 1e-6, len(exact))
    percent = rk.rate_beta(returns, yields)
    decimal = rk.rate_beta(returns, yields / 100.0, yield_units="decimal")
    bp = rk.rate_beta(returns, yields * 100.0, yield_units="bp")
    assert percent.beta == pytest.approx(-0.02, abs=1e-5)
    for other in (decimal, bp):
        assert other.beta == pytest.approx(percent.beta, rel=1e-10)
        assert other.stderr == pytest.approx(percent.stderr, rel=1e-8)
        assert other.r2 == pytest.approx(percent.r2, rel=1e-10)


def test_default_lag_rule() -> None:
    nobs = np.array([0, 1, 99, 100, 7559, 10_000], dtype=np.intp)
    assert _kernels.newey_west_lags(nobs).tolist() == [0, 1, 3, 4, 10, 11]


# --------------------------------------------------------------------------
# rate_beta: calendars, output types, results
# --------------------------------------------------------------------------


def test_bond_holidays_are_dropped_and_counted_never_filled() -> None:
    yields = make_yields(120)
    returns = make_returns(yields)["A0"]
    holiday, other = yields.index[30], yields.index[80]
    with_gaps = yields.copy()
    with_gaps[[holiday, other]] = np.nan
    without_labels = yields.drop([holiday, other])
    # A bond-market session on a stock-market holiday (a Saturday here).
    extra = pd.Series([9.99], index=pd.DatetimeIndex([pd.Timestamp("2020-03-07")]))
    with_extra = pd.concat([without_labels, extra]).sort_index()
    results = [
        rk.rate_beta(returns, y) for y in (with_gaps, without_labels, with_extra)
    ]
    expected_changes = with_gaps.diff()  # NaN on and after each holiday
    reference = statsmodels_hac(returns, expected_changes, default_lags(119 - 4))
    for result in results:
        assert result.missing_yield_changes == 4
        assert result.nobs == 119 - 4
        assert result.beta == pytest.approx(reference.params[1], rel=1e-10)
        assert result.stderr == pytest.approx(reference.bse[1], rel=1e-10)
    filled = rk.rate_beta(returns, with_gaps.ffill())
    assert filled.nobs == 119
    assert filled.beta != pytest.approx(results[0].beta, rel=1e-6)


def test_yields_outside_the_returns_span_are_not_counted() -> None:
    yields = make_yields(200)
    returns = make_returns(yields)["A0"]
    short = yields.iloc[50:150]
    result = rk.rate_beta(returns, short)
    assert result.missing_yield_changes == 0
    assert result.nobs == 99
    reference = statsmodels_hac(
        returns, short.diff().reindex(returns.index), default_lags(99)
    )
    assert result.beta == pytest.approx(reference.params[1], rel=1e-10)


def test_output_types_follow_the_input() -> None:
    yields = make_yields(150)
    frame = make_returns(yields)
    single = rk.rate_beta(frame["A1"], yields)
    assert isinstance(single.beta, float)
    assert isinstance(single.nobs, int)
    assert isinstance(single.lags, int)
    assert list(single.to_frame().index) == ["A1"]
    panel = rk.rate_beta(frame, yields)
    assert isinstance(panel.beta, pd.Series)
    assert list(panel.beta.index) == list(frame.columns)
    assert panel.nobs.dtype == np.int64
    table = panel.to_frame()
    assert list(table.columns) == [
        "beta",
        "stderr",
        "tstat",
        "pvalue",
        "r2",
        "nobs",
        "lags",
    ]
    assert table.loc["A1", "beta"] == pytest.approx(single.beta, rel=1e-12)
    array = rk.rate_beta(frame.to_numpy(), yields.to_numpy())
    assert isinstance(array.beta, np.ndarray)
    np.testing.assert_allclose(array.beta, panel.beta.to_numpy(), rtol=1e-12)
    assert list(array.to_frame().index) == [0, 1, 2]
    vector = rk.rate_beta(frame["A1"].to_numpy(), yields.to_numpy())
    assert vector.beta == pytest.approx(single.beta, rel=1e-12)
    assert set(panel.to_dict()) == {
        "beta", "stderr", "tstat", "pvalue", "r2", "nobs", "lags",
        "missing_yield_changes", "assets",
    }  # fmt: skip


def test_reprs_are_readable() -> None:
    yields = make_yields(150)
    frame = make_returns(yields)
    single = repr(rk.rate_beta(frame["A0"], yields))
    assert single.startswith("RateBeta(beta=")
    assert "missing_yield_changes=0" in single
    panel = repr(rk.rate_beta(frame, yields))
    assert panel.startswith("RateBeta: 3 assets")
    assert "A2" in panel


def test_rate_beta_is_frozen() -> None:
    result = rk.rate_beta(make_returns(make_yields(100))["A0"], make_yields(100))
    with pytest.raises(dataclasses.FrozenInstanceError):
        result.beta = 1.0  # type: ignore[misc]


def test_constant_yield_and_tiny_samples_give_nan() -> None:
    index = pd.bdate_range("2024-01-01", periods=30)
    flat = pd.Series(4.0, index=index)
    returns = pd.Series(np.linspace(-0.01, 0.01, 30), index=index)
    result = rk.rate_beta(returns, flat)
    assert np.isnan(result.beta)
    assert np.isnan(result.stderr)
    assert np.isnan(result.pvalue)
    short = rk.rate_beta(returns.iloc[:3], make_yields(3, start="2024-01-01"))
    assert short.nobs == 2
    assert np.isnan(short.beta)
    all_missing = rk.rate_beta(
        pd.DataFrame({"a": returns, "b": np.nan}), make_yields(30, start="2024-01-01")
    )
    assert all_missing.nobs["b"] == 0
    assert np.isnan(all_missing.beta["b"])
    assert np.isfinite(all_missing.beta["a"])


# --------------------------------------------------------------------------
# yield units
# --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("scale", "declared", "looks_like"),
    [
        (0.01, "percent", "decimal"),  # 0.04 declared as percent
        (100.0, "percent", "bp"),  # 400 declared as percent
        (1.0, "decimal", "percent"),  # 4.0 declared as decimal
        (1.0, "bp", "percent"),  # 4.0 declared as bp: 0.04 %
        (0.01, "bp", "decimal"),
    ],
)
def test_suspicious_units_warn(scale: float, declared: Any, looks_like: str) -> None:
    yields = make_yields(100) * scale
    returns = make_returns(make_yields(100))["A0"]
    with pytest.warns(YieldUnitsWarning, match=f"look like {looks_like}") as record:
        rk.rate_beta(returns, yields, yield_units=declared)
    assert record[0].filename == __file__  # points at the caller


def test_plausible_units_do_not_warn() -> None:
    yields = make_yields(100)
    returns = make_returns(yields)["A0"]
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        rk.rate_beta(returns, yields)
        rk.rate_beta(returns, yields / 100.0, yield_units="decimal")
        rk.rate_beta(returns, yields * 100.0, yield_units="bp")
        rk.empirical_duration(returns, yields)


def test_every_public_function_checks_units() -> None:
    yields = make_yields(100) / 100.0
    returns = make_returns(make_yields(100))["A0"]
    calls: list[Callable[[], object]] = [
        lambda: rk.rate_beta(returns, yields),
        lambda: rk.empirical_duration(returns, yields),
        lambda: rk.relative_rate_beta(returns, returns * 0.5, yields),
        lambda: rk.rolling_rate_beta(returns, yields, 20),
        lambda: rk.rate_regimes(yields),
    ]
    for call in calls:
        with pytest.warns(YieldUnitsWarning) as record:
            call()
        assert record[0].filename == __file__


def test_unknown_units_raise() -> None:
    yields = make_yields(50)
    with pytest.raises(
        ValueError, match=r"`yield_units` must be one of \['bp', 'decimal', 'percent'\]"
    ):
        rk.rate_beta(yields.diff(), yields, yield_units="pct")  # type: ignore[call-overload]


# --------------------------------------------------------------------------
# rate_beta: bad input
# --------------------------------------------------------------------------


def test_bad_input_names_the_argument() -> None:
    yields = make_yields(60)
    returns = make_returns(yields)
    infinite = returns.copy()
    infinite.iloc[3, 0] = np.inf
    with pytest.raises(InputError, match="`returns` contains infinite"):
        rk.rate_beta(infinite, yields)
    with pytest.raises(InputError, match="`yields` must be a single series"):
        rk.rate_beta(returns, pd.concat([yields, yields], axis=1))
    with pytest.raises(InputError, match="`yields` must hold real numbers"):
        rk.rate_beta(returns, yields.astype(str))  # type: ignore[arg-type]
    with pytest.raises(InputError, match="`returns` must hold real numbers"):
        rk.rate_beta(returns > 0, yields)
    with pytest.raises(InputError, match="`returns` is empty"):
        rk.rate_beta(returns.iloc[:0], yields)
    with pytest.raises(InputError, match="sort_index"):
        rk.rate_beta(returns.iloc[::-1], yields)
    with pytest.raises(
        AlignmentError, match="`returns` has 60 rows but `yields` has 59"
    ):
        rk.rate_beta(returns.to_numpy(), yields.to_numpy()[1:])
    with pytest.raises(AlignmentError, match="share no time label"):
        rk.rate_beta(returns, make_yields(60, start="2010-01-01"))
    with pytest.raises(AlignmentError, match="time-zone"):
        rk.rate_beta(returns, yields.tz_localize("UTC"))
    with pytest.raises(ValueError, match="`lags`"):
        rk.rate_beta(returns, yields, lags=-1)
    with pytest.raises(TypeError, match="`lags`"):
        rk.rate_beta(returns, yields, lags=2.5)  # type: ignore[call-overload]


def _input_check_error(returns: Any) -> str:
    """The message of the up-front search of ``returns`` for infinite values."""
    from rotationkit import _inputs

    with pytest.raises(InputError) as raised:
        _inputs.as_panel(returns, "returns")
    return str(raised.value)


def _fit_rate_beta(returns: Any, yields: Any) -> Any:
    return rk.rate_beta(returns, yields)


def _fit_relative_rate_beta(returns: Any, yields: Any) -> Any:
    # a finite benchmark on the returns' dates
    benchmark = 0.5 * make_returns(make_yields(len(returns)), seed=5)["A0"]
    return rk.relative_rate_beta(returns, benchmark.set_axis(returns.index), yields)


def _fit_empirical_duration(returns: Any, yields: Any) -> Any:
    return rk.empirical_duration(returns, yields)


# The three fits whose returns are searched for infinite values by the fit's
# own column sums, not by a pass of their own.
UNCHECKED_FITS = [
    pytest.param(_fit_rate_beta, id="rate_beta"),
    pytest.param(_fit_relative_rate_beta, id="relative_rate_beta"),
    pytest.param(_fit_empirical_duration, id="empirical_duration"),
]


@pytest.mark.parametrize("fit", UNCHECKED_FITS)
@pytest.mark.parametrize("engine", ["numpy", "auto"])
@pytest.mark.parametrize(
    "spoil",
    [
        pytest.param([(0, 1, np.inf)], id="first row, which has no yield change"),
        pytest.param([(30, 0, -np.inf), (50, 2, np.inf)], id="two, first wins"),
        pytest.param([(79, 2, np.inf)], id="last row"),
        pytest.param([(10, 1, np.inf)], id="row without a yield"),
        pytest.param([(20, 0, np.inf), (40, 0, -np.inf)], id="sum is NaN"),
        pytest.param([(20, 1, np.nan), (40, 1, np.inf)], id="column with a gap"),
    ],
)
def test_fits_name_the_first_infinite_return(
    fit: Callable[[Any, Any], Any], engine: Any, spoil: list[tuple[int, int, float]]
) -> None:
    # The fit's column sums vouch for the rows it reads and the first row is
    # searched on its own; with a yield missing, the returns are searched
    # before the fit. Either way the error is the up-front check's.
    yields = make_yields(80)
    returns = make_returns(yields)
    spoilt = returns.copy()
    for row, column, value in spoil:
        spoilt.iloc[row, column] = value
    gappy_yields = yields.where(yields.index != yields.index[10])
    expected = _input_check_error(spoilt)
    with rk.engine(engine):
        for yield_path in (yields, gappy_yields):
            with pytest.raises(InputError) as raised:
                fit(spoilt, yield_path)
            assert str(raised.value) == expected
            assert raised.value.__context__ is None


@pytest.mark.parametrize("fit", UNCHECKED_FITS)
def test_fits_name_the_returns_before_bad_yields(
    fit: Callable[[Any, Any], Any],
) -> None:
    yields = make_yields(60)
    spoilt = make_returns(yields)
    spoilt.iloc[7, 2] = np.inf
    expected = _input_check_error(spoilt)
    bad_yields: list[Any] = [yields.astype(str), make_yields(60, start="2010-01-01")]
    for bad in bad_yields:
        with pytest.raises(InputError) as raised:
            fit(spoilt, bad)
        assert str(raised.value) == expected
        # raised on its own, not while handling the yields' error
        assert raised.value.__context__ is None


def test_relative_rate_beta_names_the_returns_before_a_bad_benchmark() -> None:
    yields = make_yields(60)
    spoilt = make_returns(yields)
    spoilt.iloc[7, 2] = np.inf
    expected = _input_check_error(spoilt)
    benchmark = make_returns(yields, seed=5)["A0"]
    bad_benchmarks: list[Any] = [
        benchmark.where(benchmark.index != benchmark.index[3], np.inf),
        benchmark.astype(str),
        benchmark.set_axis(make_yields(60, start="2010-01-01").index),
    ]
    for bad in bad_benchmarks:
        with pytest.raises(InputError) as raised:
            rk.relative_rate_beta(spoilt, bad, yields)
        assert str(raised.value) == expected
        assert raised.value.__context__ is None


def _first_two(result: Any) -> pd.Series[float]:
    """The first two assets' slopes (or durations) of a fit."""
    values: pd.Series[float] = getattr(result, "beta", result)
    return values.iloc[:2]


@pytest.mark.parametrize("fit", UNCHECKED_FITS)
def test_fits_search_the_returns_only_when_needed(
    fit: Callable[[Any, Any], Any], monkeypatch: pytest.MonkeyPatch
) -> None:
    # The fit's column sums vouch for the rows it reads when it reads all
    # but the first; with gaps in the yields the returns are searched first.
    from rotationkit import _inputs, rates

    searches: list[str] = []
    full_search = rates.check_value_range  # type: ignore[attr-defined]
    search_first = rates.check_values_now  # type: ignore[attr-defined]

    def counted_full(panel: Any, *, positive: bool) -> None:
        searches.append("full")
        full_search(panel, positive=positive)

    def counted_first(panel: Any, *, positive: bool) -> Any:
        searches.append("first")
        return search_first(panel, positive=positive)

    def counted_input_check(panel: Any, *, positive: bool) -> Any:
        # the input layer's own search, as coercing the returns at once does
        if panel.argname == "returns":
            searches.append("input")
        return search_first(panel, positive=positive)

    monkeypatch.setattr(rates, "check_value_range", counted_full)
    monkeypatch.setattr(rates, "check_values_now", counted_first)
    monkeypatch.setattr(_inputs, "check_values_now", counted_input_check)
    yields = make_yields(80)
    returns = make_returns(yields)
    fit(returns, yields)
    assert searches == []
    fit(returns, yields.where(yields.index != yields.index[10]))
    assert searches == ["first"]
    # Sums that overflow only ask for the search, which finds nothing: the
    # fit goes on as with the search done at once, numpy's warning included,
    # also beside a column with a gap.
    huge = returns.assign(A2=1e307 + returns["A2"])
    gap = huge.assign(A0=returns["A0"].where(returns.index != returns.index[30]))
    for panel in (huge, gap):
        searches.clear()
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            found = fit(panel, yields)
        assert "overflow encountered in reduce" in [str(w.message) for w in caught]
        assert searches == ["full"]
        expected = fit(panel[["A0", "A1"]], yields)
        pd.testing.assert_series_equal(_first_two(found), _first_two(expected))
        if hasattr(found, "stderr"):
            pd.testing.assert_series_equal(found.stderr.iloc[:2], expected.stderr)


@pytest.mark.parametrize("row", [0, 20])
def test_relative_rate_beta_names_an_infinite_return_beside_a_missing_benchmark(
    row: int,
) -> None:
    # inf - NaN is NaN: the excess returns cannot vouch for the returns there.
    yields = make_yields(60)
    spoilt = make_returns(yields)
    spoilt.iloc[row, 1] = np.inf
    benchmark = make_returns(yields, seed=5)["A0"]
    gappy = benchmark.where(benchmark.index != benchmark.index[row])
    with pytest.raises(InputError) as raised:
        rk.relative_rate_beta(spoilt, gappy, yields)
    assert str(raised.value) == _input_check_error(spoilt)


# --------------------------------------------------------------------------
# relative_rate_beta, empirical_duration
# --------------------------------------------------------------------------


def test_relative_rate_beta_is_the_rate_beta_of_excess_returns() -> None:
    yields = make_yields(300)
    returns = make_returns(yields, (-0.04, -0.02))
    benchmark = make_returns(yields, (-0.01,), seed=9)["A0"].rename("bench")
    result = rk.relative_rate_beta(returns, benchmark, yields)
    for column in [str(name) for name in returns.columns]:
        excess = returns[column] - benchmark
        reference = statsmodels_hac(excess, yields.diff(), default_lags(299))
        assert result.beta[column] == pytest.approx(reference.params[1], rel=1e-8)
        assert result.stderr[column] == pytest.approx(reference.bse[1], rel=1e-8)
        own = rk.rate_beta(returns[column], yields).beta
        bench = rk.rate_beta(benchmark, yields).beta
        assert result.beta[column] == pytest.approx(own - bench, rel=1e-9)


def test_relative_rate_beta_aligns_returns_and_benchmark() -> None:
    yields = make_yields(120)
    returns = make_returns(yields)["A0"]
    benchmark = make_returns(yields, (0.01,), seed=4)["A0"].iloc[10:]
    result = rk.relative_rate_beta(returns, benchmark, yields)
    expected = rk.rate_beta((returns - benchmark).dropna(), yields)
    assert result.nobs == expected.nobs == 109
    assert result.beta == pytest.approx(expected.beta, rel=1e-12)


def test_empirical_duration_sign_and_scale() -> None:
    yields = make_yields(200)
    loses_when_yields_rise = -0.05 * yields.diff().fillna(0.0)  # bond-like
    assert rk.empirical_duration(loses_when_yields_rise, yields) == pytest.approx(5.0)
    assert rk.empirical_duration(
        loses_when_yields_rise, yields / 100, yield_units="decimal"
    ) == pytest.approx(5.0)
    returns = make_returns(yields)
    duration = rk.empirical_duration(returns, yields)
    expected = -100.0 * rk.rate_beta(returns, yields).beta
    pd.testing.assert_series_equal(
        duration, expected.rename("empirical_duration"), check_exact=False, rtol=1e-10
    )
    arrays = rk.empirical_duration(returns.to_numpy(), yields.to_numpy())
    np.testing.assert_allclose(arrays, expected.to_numpy(), rtol=1e-10)


# --------------------------------------------------------------------------
# rolling_rate_beta
# --------------------------------------------------------------------------


def brute_force_rolling_beta(
    returns: pd.Series[float], changes: pd.Series[float], window: int, min_periods: int
) -> FloatArray:
    result = np.full(len(returns), np.nan)
    for end in range(len(returns)):
        start = max(0, end - window + 1)
        pair = pd.concat(
            [returns.iloc[start : end + 1], changes.iloc[start : end + 1]], axis=1
        )
        pair = pair.dropna()
        if len(pair) >= min_periods and pair.iloc[:, 1].var() > 0:
            slope = np.polyfit(
                pair.iloc[:, 1].to_numpy(), pair.iloc[:, 0].to_numpy(), 1
            )[0]
            result[end] = slope
    return result


def test_rolling_rate_beta_matches_a_brute_force_loop() -> None:
    yields = make_yields(200)
    yields.iloc[[40, 41, 120]] = np.nan  # bond holidays
    returns = make_returns(make_yields(200))
    returns.iloc[60:65, 1] = np.nan
    result = rk.rolling_rate_beta(returns, yields, 30)
    assert isinstance(result, pd.DataFrame)
    assert result.index.equals(returns.index)
    for column in [str(name) for name in returns.columns]:
        expected = brute_force_rolling_beta(returns[column], yields.diff(), 30, 23)
        np.testing.assert_allclose(
            result[column].to_numpy(), expected, rtol=1e-8, atol=1e-12
        )


def test_rolling_rate_beta_min_periods_and_types() -> None:
    yields = make_yields(80)
    returns = make_returns(yields)["A0"]
    result = rk.rolling_rate_beta(returns, yields, 10, min_periods=10)
    assert isinstance(result, pd.Series)
    assert result.iloc[:10].isna().all()
    assert result.iloc[10:].notna().all()
    expected = brute_force_rolling_beta(returns, yields.diff(), 10, 10)
    np.testing.assert_allclose(result.to_numpy(), expected, rtol=1e-8)
    arrays = rk.rolling_rate_beta(
        returns.to_numpy(), yields.to_numpy(), 10, min_periods=10
    )
    np.testing.assert_allclose(arrays, expected, rtol=1e-8)
    with pytest.raises(ValueError, match="`window`"):
        rk.rolling_rate_beta(returns, yields, 0)
    with pytest.raises(ValueError, match="`min_periods`"):
        rk.rolling_rate_beta(returns, yields, 10, min_periods=11)
    with pytest.raises(ValueError, match="`min_periods`"):
        rk.rolling_rate_beta(returns, yields, 10, min_periods=1)


def test_rolling_rate_beta_is_causal() -> None:
    yields = make_yields(150)
    returns = make_returns(yields)
    full = rk.rolling_rate_beta(returns, yields, 40)
    early = rk.rolling_rate_beta(returns.iloc[:90], yields.iloc[:90], 40)
    pd.testing.assert_frame_equal(full.iloc[:90], early, check_freq=False)


# --------------------------------------------------------------------------
# floating_rate_sensitivity
# --------------------------------------------------------------------------


def test_half_floating_75_bp_cut_by_hand() -> None:
    # 1,000 of debt, half floating, 75 bp of cuts: 1000 * 0.5 * 0.0075 = 3.75
    # less interest; after 21 % tax 3.75 * 0.79 = 2.9625 more earnings, on
    # earnings of 50 that is +5.925 %.
    result = rk.floating_rate_sensitivity(
        1_000.0, 0.5, -75, earnings=50.0, tax_rate=0.21
    )
    assert result.interest_change == pytest.approx(-3.75)
    assert result.earnings_impact == pytest.approx(2.9625)
    assert result.earnings_change == pytest.approx(0.05925)
    assert result.index_earnings_change == pytest.approx(0.05925)
    assert result.total_interest_change == pytest.approx(-3.75)
    assert result.rate_change_bp == -75.0
    assert "FloatingRateSensitivity(-75 bp, 1 companies)" in repr(result)


def test_companies_and_the_index_aggregate() -> None:
    debt = pd.Series({"A": 800.0, "B": 200.0, "C": 500.0})
    share = pd.Series({"C": 0.2, "A": 0.5, "B": 1.0})  # another order
    earnings = pd.Series({"B": 10.0, "A": 40.0, "C": -5.0})
    result = rk.floating_rate_sensitivity(debt, share, -100, earnings=earnings)
    # A: 800*0.5*0.01 = 4, B: 200*1*0.01 = 2, C: 500*0.2*0.01 = 1 (all savings)
    expected_interest = pd.Series(
        {"A": -4.0, "B": -2.0, "C": -1.0}, name="interest_change"
    )
    pd.testing.assert_series_equal(result.interest_change, expected_interest)
    assert result.earnings_change is not None
    assert result.earnings_change["A"] == pytest.approx(4.0 / 40.0)
    assert result.earnings_change["B"] == pytest.approx(2.0 / 10.0)
    assert np.isnan(result.earnings_change["C"])  # a loss-maker has no % change
    # Index: (4 + 2 + 1) / (40 + 10 - 5)
    assert result.index_earnings_change == pytest.approx(7.0 / 45.0)
    assert result.total_earnings_impact == pytest.approx(7.0)
    table = result.to_frame()
    assert list(table.columns) == [
        "interest_change",
        "earnings_impact",
        "earnings_change",
    ]
    assert list(table.index) == ["A", "B", "C"]


def test_floating_rate_sensitivity_arrays_and_options() -> None:
    debt = np.array([100.0, 300.0])
    result = rk.floating_rate_sensitivity(debt, [0.5, 0.1], 50, tax_rate=[0.25, 0.0])
    np.testing.assert_allclose(result.interest_change, [0.25, 0.15])
    np.testing.assert_allclose(result.earnings_impact, [-0.1875, -0.15])
    assert result.earnings_change is None
    assert result.index_earnings_change is None
    assert list(result.to_frame().columns) == ["interest_change", "earnings_impact"]
    assert result.to_dict()["total_interest_change"] == pytest.approx(0.4)
    with_nan = rk.floating_rate_sensitivity([100.0, np.nan], 0.5, -25)
    assert np.isnan(with_nan.interest_change[1])
    assert np.isnan(with_nan.total_interest_change)
    none_positive = rk.floating_rate_sensitivity(
        [1.0, 1.0], 1.0, -25, earnings=[-1.0, 0.5]
    )
    assert none_positive.index_earnings_change is not None
    assert np.isnan(none_positive.index_earnings_change)


def test_floating_rate_sensitivity_bad_input() -> None:
    with pytest.raises(InputError, match=r"`floating_share` must lie in \[0, 1\]"):
        rk.floating_rate_sensitivity(100.0, 1.2, -25)
    with pytest.raises(InputError, match=r"`tax_rate` must lie in \[0, 1\)"):
        rk.floating_rate_sensitivity(100.0, 0.5, -25, tax_rate=1.0)
    with pytest.raises(InputError, match="`debt` must lie"):
        rk.floating_rate_sensitivity([100.0, -1.0], 0.5, -25)
    with pytest.raises(InputError, match="`debt` contains infinite"):
        rk.floating_rate_sensitivity([np.inf], 0.5, -25)
    with pytest.raises(InputError, match="`debt` must hold real numbers"):
        rk.floating_rate_sensitivity(["a"], 0.5, -25)  # type: ignore[list-item]
    with pytest.raises(InputError, match="`earnings` must hold one value per company"):
        rk.floating_rate_sensitivity(
            [1.0],
            0.5,
            -25,
            earnings=pd.DataFrame({"a": [1.0]}),
        )
    with pytest.raises(AlignmentError, match="same companies"):
        rk.floating_rate_sensitivity(
            pd.Series({"A": 1.0, "B": 2.0}), pd.Series({"A": 0.5, "C": 0.5}), -25
        )
    with pytest.raises(
        AlignmentError, match="`floating_share` has 3 values but `debt` has 2"
    ):
        rk.floating_rate_sensitivity([1.0, 2.0], [0.1, 0.2, 0.3], -25)
    with pytest.raises(AlignmentError, match="`debt` is a single number"):
        rk.floating_rate_sensitivity(1.0, [0.1, 0.2], -25)  # type: ignore[call-overload]
    with pytest.raises(TypeError, match="`rate_change_bp`"):
        rk.floating_rate_sensitivity(1.0, 0.5, "25")  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="`rate_change_bp` must be finite"):
        rk.floating_rate_sensitivity(1.0, 0.5, np.nan)
    with pytest.raises(InputError, match="duplicated labels"):
        rk.floating_rate_sensitivity(pd.Series([1.0, 2.0], index=["A", "A"]), 0.5, -25)


# --------------------------------------------------------------------------
# rate_regimes
# --------------------------------------------------------------------------

# Upper bound of the Fed's target range through the 2024-2025 easing:
# cuts of 50, 25 and 25 bp in September, November and December 2024, a pause,
# then 25 bp each in September, October and December 2025 to 3.50-3.75 %.
EASING_MOVES = {
    "2023-07-27": 5.50,
    "2024-09-19": 5.00,
    "2024-11-08": 4.75,
    "2024-12-19": 4.50,
    "2025-09-18": 4.25,
    "2025-10-30": 4.00,
    "2025-12-11": 3.75,
}


def easing_path() -> pd.Series[float]:
    """The daily (calendar-day) target from mid-2023 to January 2026."""
    days = pd.date_range("2023-08-01", "2026-01-30", freq="D")
    moves = pd.Series(EASING_MOVES)
    moves.index = pd.to_datetime(moves.index)
    path: pd.Series[float] = moves.reindex(days.union(moves.index)).ffill().loc[days]
    return path


def brute_force_regimes(
    dates: pd.DatetimeIndex, rates: Sequence[float], hold_after: pd.Timedelta
) -> list[tuple[str, pd.Timestamp, int, float]]:
    """A plain loop over the days implementing the documented rule."""
    labels: list[tuple[str, pd.Timestamp, int, float]] = []
    regime, start, moves, change = "hold", dates[0], 0, 0.0
    last_move: pd.Timestamp | None = None
    previous = rates[0]
    for day, rate in zip(dates, rates, strict=True):
        step = round((rate - previous) * 100.0, 6)
        previous = rate
        if step != 0:
            direction = "cutting" if step < 0 else "hiking"
            in_cycle = regime == direction
            if in_cycle and last_move is not None and day - last_move < hold_after:
                moves, change = moves + 1, change + step
            else:
                regime, start, moves, change = direction, day, 1, step
            last_move = day
        elif (
            last_move is not None and regime != "hold" and day >= last_move + hold_after
        ):
            regime, start, moves, change = "hold", day, 0, 0.0
        labels.append((regime, start, moves, change))
    return labels


def test_easing_cycle_2024_2025_by_hand() -> None:
    regimes = rk.rate_regimes(easing_path())
    assert list(regimes.columns) == [
        "regime",
        "cycle_start",
        "moves",
        "change_bp",
        "last_move",
    ]
    first = regimes.loc["2024-12-19"]
    assert first["regime"] == "cutting"
    assert first["cycle_start"] == pd.Timestamp("2024-09-19")
    assert first["moves"] == 3
    assert first["change_bp"] == -100.0
    # Six months (26 weeks) after 19 December 2024 without a move: a hold.
    assert regimes.loc["2025-06-18", "regime"] == "cutting"
    assert regimes.loc["2025-06-19", "regime"] == "hold"
    assert regimes.loc["2025-06-19", "cycle_start"] == pd.Timestamp("2025-06-19")
    # The September 2025 cut starts a new cycle: three cuts to 3.50-3.75 %.
    latest = regimes.loc["2026-01-30"]
    assert latest["regime"] == "cutting"
    assert latest["cycle_start"] == pd.Timestamp("2025-09-18")
    assert latest["moves"] == 3
    assert latest["change_bp"] == -75.0
    assert latest["last_move"] == pd.Timestamp("2025-12-11")
    # Before the first cut the target had been on hold since July 2023.
    assert regimes.loc["2024-09-18", "regime"] == "hold"
    assert regimes["last_move"].isna().iloc[0]


def test_a_longer_hold_after_joins_the_two_easing_legs() -> None:
    regimes = rk.rate_regimes(easing_path(), hold_after="365D")
    latest = regimes.loc["2026-01-30"]
    assert latest["cycle_start"] == pd.Timestamp("2024-09-19")
    assert latest["moves"] == 6
    assert latest["change_bp"] == -175.0
    assert (regimes.loc["2024-09-19":, "regime"] == "cutting").all()
    offset = rk.rate_regimes(easing_path(), hold_after=pd.DateOffset(months=12))
    pd.testing.assert_frame_equal(offset.loc["2024-09-19":], regimes.loc["2024-09-19":])


@pytest.mark.parametrize("hold_after", ["26W", "60D", "400D"])
def test_regimes_match_a_day_by_day_loop(hold_after: str) -> None:
    path = easing_path()
    regimes = rk.rate_regimes(path, hold_after=hold_after)
    expected = brute_force_regimes(
        pd.DatetimeIndex(path.index), path.tolist(), pd.Timedelta(hold_after)
    )
    found = list(
        zip(
            regimes["regime"].astype(str),
            regimes["cycle_start"],
            regimes["moves"].astype(int),
            regimes["change_bp"],
            strict=True,
        )
    )
    assert found == expected


@settings(max_examples=40, deadline=None)
@given(
    steps=st.lists(
        st.sampled_from([-50, -25, 0, 0, 0, 0, 25]), min_size=2, max_size=120
    ),
    hold_days=st.integers(min_value=1, max_value=40),
)
def test_regimes_match_the_loop_on_random_paths(
    steps: list[int], hold_days: int
) -> None:
    dates = pd.date_range("2020-01-01", periods=len(steps), freq="D")
    rates = 3.0 + np.cumsum(steps) / 100.0
    regimes = rk.rate_regimes(
        pd.Series(rates, index=dates), hold_after=pd.Timedelta(days=hold_days)
    )
    expected = brute_force_regimes(dates, rates.tolist(), pd.Timedelta(days=hold_days))
    assert regimes["regime"].astype(str).tolist() == [label[0] for label in expected]
    assert regimes["moves"].astype(int).tolist() == [label[2] for label in expected]
    np.testing.assert_allclose(
        regimes["change_bp"], [label[3] for label in expected], atol=1e-9
    )


def test_a_move_the_other_way_starts_a_new_cycle_at_once() -> None:
    dates = pd.to_datetime(["2022-03-16", "2022-05-04", "2022-06-15", "2022-07-27"])
    target = pd.Series([0.50, 1.00, 1.75, 1.50], index=dates)
    regimes = rk.rate_regimes(target)
    assert regimes["regime"].tolist() == ["hold", "hiking", "hiking", "cutting"]
    assert regimes["change_bp"].tolist() == [0.0, 50.0, 125.0, -25.0]
    assert regimes.loc["2022-07-27", "cycle_start"] == pd.Timestamp("2022-07-27")


def test_hold_after_as_a_number_of_observations() -> None:
    dates = pd.date_range("2024-01-31", periods=6, freq="ME")
    target = pd.Series([5.0, 4.75, 4.75, 4.75, 4.5, 4.5], index=dates)
    regimes = rk.rate_regimes(target, hold_after=2)
    assert regimes["regime"].tolist() == [
        "hold",
        "cutting",
        "cutting",
        "hold",
        "cutting",
        "cutting",
    ]
    assert regimes["moves"].tolist() == [0, 1, 1, 0, 1, 1]


def test_regimes_are_causal_and_unit_free() -> None:
    path = easing_path()
    full = rk.rate_regimes(path)
    for cut in (200, 500, 800):
        pd.testing.assert_frame_equal(rk.rate_regimes(path.iloc[:cut]), full.iloc[:cut])
    in_bp = rk.rate_regimes(path * 100.0, rate_units="bp")
    pd.testing.assert_frame_equal(in_bp, full)
    in_decimal = rk.rate_regimes(path / 100.0, rate_units="decimal")
    pd.testing.assert_frame_equal(in_decimal, full)


def test_missing_rates_give_missing_labels() -> None:
    path = easing_path()
    path.iloc[:10] = np.nan
    path.loc["2024-10-01"] = np.nan
    regimes = rk.rate_regimes(path)
    assert regimes["regime"].iloc[:10].isna().all()
    assert regimes["moves"].iloc[:10].isna().all()
    assert regimes["cycle_start"].iloc[10] == path.index[10]
    assert regimes["regime"].isna()["2024-10-01"]
    assert regimes.loc["2024-10-02", "moves"] == 1
    assert regimes["regime"].dtype == "category"
    assert list(regimes["regime"].cat.categories) == list(rk.rates.REGIMES)


def test_regimes_of_the_packaged_target() -> None:
    target = rk.datasets.treasury_yields()["TARGET_HI"]
    regimes = rk.rate_regimes(target)
    latest = regimes.loc["2026-01-30"]
    assert (latest["regime"], latest["moves"], latest["change_bp"]) == (
        "cutting",
        3,
        -75.0,
    )
    assert latest["cycle_start"] == pd.Timestamp("2025-09-18")
    assert regimes.loc["2023-06-30", "regime"] == "hiking"
    assert regimes.loc["2023-06-30", "change_bp"] == 500.0  # 0.25 % to 5.25 %
    assert regimes.loc["2021-06-30", "regime"] == "hold"


def test_rate_regimes_bad_input() -> None:
    path = easing_path()
    with pytest.raises(InputError, match="`policy_rate` needs a DatetimeIndex"):
        rk.rate_regimes(path.reset_index(drop=True))
    with pytest.raises(ValueError, match="`hold_after`"):
        rk.rate_regimes(path, hold_after=0)
    with pytest.raises(ValueError, match="`hold_after` must be a time span"):
        rk.rate_regimes(path, hold_after="soon")
    with pytest.raises(ValueError, match="positive time span"):
        rk.rate_regimes(path, hold_after=pd.Timedelta(days=-1))
    with pytest.raises(TypeError, match="`hold_after`"):
        rk.rate_regimes(path, hold_after=1.5)  # type: ignore[arg-type]
    with pytest.raises(TypeError, match="`hold_after`"):
        rk.rate_regimes(path, hold_after=True)
    with pytest.raises(InputError, match="`policy_rate` must be a single series"):
        rk.rate_regimes(pd.concat([path, path], axis=1))
    with pytest.raises(ValueError, match="`rate_units`"):
        rk.rate_regimes(path, rate_units="percent points")  # type: ignore[arg-type]
    assert rk.rate_regimes(path, hold_after=dt.timedelta(days=182)).equals(
        rk.rate_regimes(path)
    )


# --------------------------------------------------------------------------
# event_study
# --------------------------------------------------------------------------


def small_returns() -> pd.DataFrame:
    index = pd.bdate_range("2026-01-05", periods=12, name="date")
    frame: pd.DataFrame = pd.DataFrame(
        {
            "SMALL": [
                0.0,
                0.01,
                0.02,
                -0.01,
                0.0,
                0.01,
                0.03,
                0.0,
                -0.02,
                0.01,
                0.0,
                0.02,
            ],
            "LARGE": [
                0.0,
                0.005,
                0.01,
                0.0,
                0.0,
                0.0,
                0.01,
                0.0,
                -0.01,
                0.0,
                0.0,
                0.01,
            ],
        },
        index=index,
    )
    return frame


def test_event_study_by_hand() -> None:
    returns = small_returns()
    # 2026-01-07 is row 2; 2026-01-10 (a Saturday) snaps to Monday 2026-01-12, row 5.
    study = rk.event_study(
        returns["SMALL"], ["2026-01-07", "2026-01-10"], window=(-1, 1)
    )
    first = np.cumsum([0.01, 0.02, -0.01])
    second = np.cumsum([0.0, 0.01, 0.03])
    np.testing.assert_allclose(study.mean.to_numpy(), (first + second) / 2)
    assert list(study.mean.index) == [-1, 0, 1]
    assert study.n_events == 2
    np.testing.assert_allclose(study.paths.to_numpy(), np.column_stack([first, second]))
    assert study.events["date"].tolist() == [
        pd.Timestamp("2026-01-07"),
        pd.Timestamp("2026-01-12"),
    ]
    assert study.events["complete"].all()


def test_event_study_tstat_matches_scipy() -> None:
    stats = pytest.importorskip("scipy.stats")
    rng = np.random.default_rng(5)
    index = pd.bdate_range("2020-01-01", periods=400)
    returns = pd.Series(rng.normal(0.0005, 0.01, 400), index=index)
    events = index[[30, 70, 95, 150, 220, 301, 350]]
    study = rk.event_study(returns, events, window=(-3, 10))
    paths = study.paths.to_numpy()
    expected = stats.ttest_1samp(paths, 0.0, axis=1)
    np.testing.assert_allclose(study.tstat.to_numpy(), expected.statistic, rtol=1e-10)
    np.testing.assert_allclose(study.mean.to_numpy(), paths.mean(axis=1), rtol=1e-12)
    frame = study.to_frame()
    assert list(frame.columns) == ["mean", "tstat", "n_events"]
    assert (frame["n_events"] == 7).all()


def test_event_study_excess_and_compound() -> None:
    returns = small_returns()
    events = ["2026-01-07", "2026-01-13"]
    summed = rk.event_study(
        returns[["SMALL"]], events, benchmark=returns["LARGE"], window=(0, 2)
    )
    excess = (returns["SMALL"] - returns["LARGE"]).to_numpy()
    expected_sum = (np.cumsum(excess[2:5]) + np.cumsum(excess[6:9])) / 2
    np.testing.assert_allclose(summed.mean["SMALL"].to_numpy(), expected_sum)
    assert summed.excess
    compound = rk.event_study(
        returns[["SMALL"]],
        events,
        benchmark=returns["LARGE"],
        window=(0, 2),
        cumulative="compound",
    )
    small, large = returns["SMALL"].to_numpy(), returns["LARGE"].to_numpy()

    def bhar(rows: slice) -> FloatArray:
        path: FloatArray = np.cumprod(1 + small[rows]) - np.cumprod(1 + large[rows])
        return path

    np.testing.assert_allclose(
        compound.mean["SMALL"].to_numpy(), (bhar(slice(2, 5)) + bhar(slice(6, 9))) / 2
    )


def test_events_without_a_full_window_are_reported() -> None:
    returns = small_returns()
    events = ["2025-12-31", "2026-01-06", "2026-01-08", "2026-01-19", "2026-02-02"]
    study = rk.event_study(returns, events, window=(-2, 3))
    table = study.events
    assert table["event"].tolist() == [pd.Timestamp(day) for day in events]
    assert table["complete"].tolist() == [False, False, True, False, False]
    assert pd.isna(table["date"].iloc[0])  # before the data
    assert table["date"].iloc[1] == pd.Timestamp("2026-01-06")  # too close to the start
    assert table["date"].iloc[3] == pd.Timestamp("2026-01-19")  # too close to the end
    assert pd.isna(table["date"].iloc[4])  # after the data
    assert len(study.incomplete) == 4
    assert study.n_events.tolist() == [1, 1]
    assert "5 events (4 without a full window)" in repr(study)
    assert list(study.paths.columns.names) == ["asset", "event"]


def test_missing_returns_drop_the_event_for_that_asset_only() -> None:
    returns = small_returns()
    returns.iloc[3, 0] = np.nan
    study = rk.event_study(returns, ["2026-01-07", "2026-01-13"], window=(-1, 1))
    assert study.n_events.to_dict() == {"SMALL": 1, "LARGE": 2}
    assert np.isnan(study.tstat["SMALL"]).all()
    expected_small = np.cumsum(returns["SMALL"].to_numpy()[5:8])  # rows of the 13th
    np.testing.assert_allclose(study.mean["SMALL"].to_numpy(), expected_small)
    frame = study.to_frame()
    assert frame.columns.nlevels == 2
    assert frame[("n_events", "LARGE")].eq(2).all()


def test_event_study_on_arrays_uses_row_positions() -> None:
    returns = small_returns()
    study = rk.event_study(returns.to_numpy(), [2, 5, 40], window=(-1, 1))
    assert isinstance(study.mean, pd.DataFrame)
    assert study.events["complete"].tolist() == [True, True, False]
    labelled = rk.event_study(returns, ["2026-01-07", "2026-01-12"], window=(-1, 1))
    np.testing.assert_allclose(study.mean.to_numpy(), labelled.mean.to_numpy())
    single = rk.event_study(
        returns["SMALL"].to_numpy(), np.array([2, 5]), window=(-1, 1)
    )
    assert isinstance(single.mean, pd.Series)
    assert single.n_events == 2


def test_event_study_with_fomc_decisions_and_synthetic_prices() -> None:
    returns = rk.to_returns(rk.datasets.synthetic_prices())
    decisions = rk.datasets.fomc_decisions()
    cuts = decisions.index[decisions["change_bp"] < 0]
    study = rk.event_study(returns, cuts, benchmark=returns["LARGE"])
    inside = (cuts > returns.index[5]) & (cuts < returns.index[-21])
    assert study.events["complete"].sum() == inside.sum()
    assert (study.n_events == inside.sum()).all()
    np.testing.assert_allclose(study.mean["LARGE"].to_numpy(), 0.0, atol=1e-15)


def test_event_study_bad_input() -> None:
    returns = small_returns()
    with pytest.raises(InputError, match="`events` must be a collection of dates"):
        rk.event_study(returns, "2026-01-07")
    with pytest.raises(InputError, match="`events` is empty"):
        rk.event_study(returns, [])
    with pytest.raises(InputError, match="more than once"):
        rk.event_study(returns, ["2026-01-07", "2026-01-07"])
    with pytest.raises(InputError, match="`events` must be a date"):
        rk.event_study(returns, ["not a date"])
    with pytest.raises(InputError, match="row positions"):
        rk.event_study(returns.to_numpy(), ["2026-01-07"])
    decisions = rk.datasets.fomc_decisions()
    with pytest.raises(InputError, match="got a DataFrame; pass its index"):
        rk.event_study(returns, decisions)  # type: ignore[call-overload]
    with pytest.raises(InputError, match="got the number -50"):
        rk.event_study(returns, decisions["change_bp"].loc["2024-09":])
    with pytest.raises(AlignmentError, match="time-zone"):
        rk.event_study(returns, [pd.Timestamp("2026-01-07", tz="UTC")])
    with pytest.raises(TypeError, match="`window`"):
        rk.event_study(returns, ["2026-01-07"], window=[-1, 1])  # type: ignore[call-overload]
    with pytest.raises(ValueError, match="first <= last"):
        rk.event_study(returns, ["2026-01-07"], window=(2, 1))
    with pytest.raises(ValueError, match="`cumulative`"):
        rk.event_study(returns, ["2026-01-07"], cumulative="mean")  # type: ignore[call-overload]
    with pytest.raises(InputError, match="below -1"):
        rk.event_study(returns - 2.0, ["2026-01-07"], cumulative="compound")
    with pytest.raises(InputError, match="`benchmark` must be a single series"):
        rk.event_study(returns, ["2026-01-07"], benchmark=returns)  # type: ignore[call-overload]


# --------------------------------------------------------------------------
# packaged data
# --------------------------------------------------------------------------


def test_treasury_yields_are_packaged() -> None:
    rates = rk.datasets.treasury_yields()
    assert list(rates.columns) == [
        "DFF",
        "DGS10",
        "DGS2",
        "DGS3MO",
        "TARGET_LO",
        "TARGET_HI",
    ]
    assert isinstance(rates.index, pd.DatetimeIndex)
    assert rates.index.name == "date"
    assert rates.index.is_monotonic_increasing
    assert rates.index.is_unique
    assert rates.index[0] == pd.Timestamp("1954-07-01")
    assert rates.index[-1] == pd.Timestamp("2026-08-21")
    assert (rates.dtypes == np.float64).all()
    assert rates.attrs["units"] == "percent"
    assert "H.15" in rates.attrs["source"]
    assert rates.loc["2025-12-31", "DGS10"] == 4.18
    assert rates.loc["2026-01-30", ["TARGET_LO", "TARGET_HI"]].tolist() == [3.5, 3.75]
    # Bond-market holiday (Columbus Day) and a weekend: no Treasury yield.
    assert rates["DGS10"].isna()[["2025-10-13", "2026-01-31"]].all()
    assert rates.loc["2025-10-13", "DFF"] == 4.1
    assert rates["DGS10"].first_valid_index() == pd.Timestamp("1962-01-02")
    # A single target before December 2008, a range after.
    assert rates.loc["2008-12-15", ["TARGET_LO", "TARGET_HI"]].tolist() == [1.0, 1.0]
    assert rates.loc["2008-12-16", ["TARGET_LO", "TARGET_HI"]].tolist() == [0.0, 0.25]


def test_fomc_decisions_agree_with_the_target_series() -> None:
    decisions = rk.datasets.fomc_decisions()
    assert len(decisions) == 221
    assert list(decisions.columns) == [
        "change_bp", "target_lo", "target_hi", "effective_date", "change_lo_bp",
    ]  # fmt: skip
    assert decisions["change_bp"].dtype == np.int64
    assert (decisions["change_bp"] > 0).sum() == 40
    assert (decisions["change_bp"] < 0).sum() == 34
    target = rk.datasets.treasury_yields()["TARGET_HI"]
    moves = decisions.loc[decisions["change_bp"] != 0]
    for _, row in moves.iterrows():
        effective = row["effective_date"]
        before = target.loc[: effective - pd.Timedelta(days=1)].iloc[-1]
        assert round((target.loc[effective] - before) * 100) == row["change_bp"]
        assert target.loc[effective] == row["target_hi"]
    easing = decisions.loc["2024-09-01":"2025-12-31", "change_bp"]
    assert easing.sum() == -175
    assert easing[easing != 0].tolist() == [-50, -25, -25, -25, -25, -25]


def test_rate_beta_on_packaged_yields_and_synthetic_prices() -> None:
    returns = rk.to_returns(rk.datasets.synthetic_prices())
    ten_year = rk.datasets.treasury_yields()["DGS10"]
    result = rk.rate_beta(returns, ten_year)
    # synthetic_prices has every weekday; each bond-market holiday removes the
    # change on that day and the next.
    levels = ten_year.reindex(returns.index)
    expected_missing = int(levels.diff().iloc[1:].isna().sum())
    assert result.missing_yield_changes == expected_missing > 100
    assert (result.nobs == len(returns) - 1 - expected_missing).all()
    reference = statsmodels_hac(
        returns["SMALL"], levels.diff(), int(result.lags["SMALL"])
    )
    assert result.beta["SMALL"] == pytest.approx(reference.params[1], rel=1e-8)
    assert result.stderr["SMALL"] == pytest.approx(reference.bse[1], rel=1e-8)


# --------------------------------------------------------------------------
# properties and typing
# --------------------------------------------------------------------------


@settings(max_examples=25, deadline=None)
@given(scale=st.floats(min_value=0.1, max_value=10.0), seed=st.integers(0, 1000))
def test_rate_beta_scales_with_returns_and_flips_with_yields(
    scale: float, seed: int
) -> None:
    yields = make_yields(120, seed=seed)
    returns = make_returns(yields, (-0.02,), seed=seed + 1)["A0"]
    base = rk.rate_beta(returns, yields)
    scaled = rk.rate_beta(returns * scale, yields)
    assert scaled.beta == pytest.approx(scale * base.beta, rel=1e-9, abs=1e-15)
    assert scaled.tstat == pytest.approx(base.tstat, rel=1e-9, abs=1e-12)
    mirrored = rk.rate_beta(returns, 8.0 - yields)
    assert mirrored.beta == pytest.approx(-base.beta, rel=1e-9, abs=1e-15)
    assert mirrored.stderr == pytest.approx(base.stderr, rel=1e-9)


def test_static_types() -> None:
    yields = make_yields(60)
    frame = make_returns(yields)
    series: pd.Series[float] = frame["A0"]
    matrix: np.ndarray[tuple[int, int], np.dtype[np.float64]] = frame.to_numpy()
    assert_type(rk.rate_beta(series, yields), "rk.RateBeta[float, int]")
    assert_type(
        rk.rate_beta(frame, yields), "rk.RateBeta[pd.Series[float], pd.Series[int]]"
    )
    assert_type(
        rk.rate_beta(matrix, yields), "rk.RateBeta[FloatArray, npt.NDArray[np.intp]]"
    )
    assert_type(rk.empirical_duration(series, yields), float)
    assert_type(rk.empirical_duration(frame, yields), "pd.Series[float]")
    assert_type(rk.rolling_rate_beta(frame, yields, 20), pd.DataFrame)
    assert_type(rk.rolling_rate_beta(series, yields, 20), "pd.Series[float]")
    assert_type(
        rk.relative_rate_beta(frame, series, yields),
        "rk.RateBeta[pd.Series[float], pd.Series[int]]",
    )
    assert_type(
        rk.floating_rate_sensitivity(1.0, 0.5, -25), "rk.FloatingRateSensitivity[float]"
    )
    debt: pd.Series[float] = pd.Series({"A": 1.0})
    assert_type(
        rk.floating_rate_sensitivity(debt, 0.5, -25),
        "rk.FloatingRateSensitivity[pd.Series[float]]",
    )
    assert_type(
        rk.event_study(series, [yields.index[30]]),
        "rk.EventStudy[pd.Series[float], int]",
    )
    assert_type(
        rk.event_study(frame, [yields.index[30]]),
        "rk.EventStudy[pd.DataFrame, pd.Series[int]]",
    )
    assert_type(rk.rate_regimes(yields), pd.DataFrame)


def test_public_contract() -> None:
    import inspect

    expected = {
        "rate_beta": ["returns", "yields"],
        "rolling_rate_beta": ["returns", "yields", "window"],
        "empirical_duration": ["returns", "yields"],
        "relative_rate_beta": ["returns", "benchmark", "yields"],
        "floating_rate_sensitivity": ["debt", "floating_share", "rate_change_bp"],
        "rate_regimes": ["policy_rate"],
        "event_study": ["returns", "events"],
    }
    for name, lead in expected.items():
        parameters = inspect.signature(getattr(rk, name)).parameters.values()
        positional = [
            p.name
            for p in parameters
            if p.kind is inspect.Parameter.POSITIONAL_OR_KEYWORD
        ]
        assert positional == lead, name
    defaults = inspect.signature(rk.rate_beta).parameters
    assert defaults["yield_units"].default == "percent"
    assert defaults["lags"].default is None
    assert inspect.signature(rk.event_study).parameters["window"].default == (-5, 20)
    assert (
        inspect.signature(rk.floating_rate_sensitivity).parameters["tax_rate"].default
        == 0.0
    )


def test_event_study_reads_an_intraday_event_as_its_day() -> None:
    index = pd.bdate_range("2026-01-02", periods=10)
    returns = pd.Series(np.arange(10) / 100.0, index=index)
    study = rk.event_study(
        returns,
        [pd.Timestamp("2026-01-07 14:00"), pd.Timestamp("2026-01-10")],
        window=(0, 0),
    )
    dates = study.events["date"]
    assert list(dates) == [pd.Timestamp("2026-01-07"), pd.Timestamp("2026-01-12")]
    assert study.events["event"].iloc[0] == pd.Timestamp("2026-01-07 14:00")
    intraday = pd.date_range("2026-01-07 09:30", periods=8, freq="h")
    hourly = rk.event_study(
        pd.Series(0.001, index=intraday),
        [pd.Timestamp("2026-01-07 11:15")],
        window=(0, 0),
    )
    assert hourly.events["date"].iloc[0] == pd.Timestamp("2026-01-07 11:30")
