"""Tests of the rotation report: every figure against an independent computation."""

from __future__ import annotations

import dataclasses
import json
import math
import warnings
from html.parser import HTMLParser
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk
from rotationkit.report import REPORT_PERIODS, RotationReport

ASSET, BENCH = "SMALL", "LARGE"


def make_prices(
    n_periods: int, n_assets: int, *, freq: str = "B", tz: str | None = None
) -> pd.DataFrame:
    """Return a seeded random-walk price panel with columns A0, A1, ..."""
    rng = np.random.default_rng(0)
    levels = 100.0 * np.cumprod(
        1.0 + rng.normal(0.0003, 0.01, (n_periods, n_assets)), axis=0
    )
    index = pd.date_range(
        "2020-01-01", periods=n_periods, freq=freq, tz=tz, name="date"
    )
    frame: pd.DataFrame = pd.DataFrame(
        levels, index=index, columns=[f"A{i}" for i in range(n_assets)]
    )
    return frame


@pytest.fixture(scope="module")
def panel() -> pd.DataFrame:
    return rk.datasets.synthetic_prices()


@pytest.fixture(scope="module")
def ten_year() -> pd.Series[float]:
    levels: pd.Series[float] = rk.datasets.treasury_yields()["DGS10"]
    return levels


@pytest.fixture(scope="module")
def multiples() -> pd.DataFrame:
    """Month-end P/E-like multiples of SMALL and LARGE with a widening discount."""
    rng = np.random.default_rng(3)
    index = pd.date_range("2012-01-31", "2026-06-30", freq="ME")
    large = 18.0 + np.cumsum(rng.normal(0.0, 0.3, len(index)))
    small = (
        large
        * (0.95 - np.linspace(0.0, 0.25, len(index)))
        * np.exp(rng.normal(0.0, 0.03, len(index)))
    )
    frame: pd.DataFrame = pd.DataFrame(
        {ASSET: small, BENCH: large, "OTHER": large}, index=index
    )
    return frame


@pytest.fixture(scope="module")
def full_report(
    panel: pd.DataFrame, ten_year: pd.Series[float], multiples: pd.DataFrame
) -> RotationReport:
    return rk.rotation_report(panel, ASSET, BENCH, yields=ten_year, multiples=multiples)


# -- independent computations ------------------------------------------------------


def _period_start(day: pd.Timestamp, period: str) -> pd.Timestamp:
    first_month = {"YTD": 1, "QTD": 3 * ((day.month - 1) // 3) + 1, "MTD": day.month}
    if period in first_month:
        first: pd.Timestamp = pd.Timestamp(f"{day.year}-{first_month[period]:02d}-01")
        return first
    monday: pd.Timestamp = day.normalize() - pd.Timedelta(days=day.day_of_week)
    return monday


def _brute_performance(
    prices: pd.Series[float], asof: pd.Timestamp
) -> dict[str, float]:
    upto = prices.loc[:asof]
    last = upto.iloc[-1]
    out = {"1D": last / upto.iloc[-2] - 1.0}
    for period in ("WTD", "MTD", "QTD", "YTD"):
        out[period] = last / upto[upto.index < _period_start(asof, period)].iloc[-1] - 1
    year_ago = upto[upto.index <= asof - pd.DateOffset(years=1)]
    out["1Y"] = last / year_ago.iloc[-1] - 1.0 if len(year_ago) else math.nan
    return out


def _brute_runs(wins: list[bool]) -> list[int]:
    runs, length = [], 0
    for win in wins:
        if win:
            length += 1
        elif length:
            runs.append(length)
            length = 0
    if length:
        runs.append(length)
    return runs


def _annualized_geometric(values: np.ndarray, periods_per_year: float) -> float:
    return float(np.prod(1.0 + values) ** (periods_per_year / len(values)) - 1.0)


# -- the figures --------------------------------------------------------------------


def test_returns_and_spread_match_a_brute_force(
    panel: pd.DataFrame, full_report: RotationReport
) -> None:
    asof = panel.index[-1]
    assert list(full_report.performance.columns) == list(REPORT_PERIODS)
    for name in (ASSET, BENCH):
        expected = _brute_performance(panel[name], asof)
        for period in REPORT_PERIODS:
            assert full_report.performance.loc[name, period] == pytest.approx(
                expected[period], rel=1e-12
            )
    own = _brute_performance(panel[ASSET], asof)
    other = _brute_performance(panel[BENCH], asof)
    for period in REPORT_PERIODS:
        assert full_report.spread[period] == pytest.approx(
            own[period] - other[period], rel=1e-12
        )


def test_streak_matches_a_loop_over_the_returns(
    panel: pd.DataFrame, full_report: RotationReport
) -> None:
    returns = panel.pct_change().iloc[1:]
    wins = (returns[ASSET] > returns[BENCH]).tolist()
    runs = _brute_runs(wins)
    current = 0
    for win in reversed(wins):
        if not win:
            break
        current += 1
    streak = full_report.streak
    assert streak.length == current == 10
    assert streak.start == returns.index[-current]
    assert streak.rank == 1 + sum(length > current for length in runs)
    assert streak.n_runs == len(runs)
    assert streak.hit_rate == pytest.approx(np.mean(wins))


def test_relative_strength_and_drawdown_match_pandas(
    panel: pd.DataFrame, full_report: RotationReport
) -> None:
    ratio = panel[ASSET] / panel[BENCH]
    line = ratio / ratio.iloc[0]
    drawdown = line / line.cummax() - 1.0
    assert full_report.relative_strength == pytest.approx(line.iloc[-1], rel=1e-12)
    assert full_report.relative_drawdown == pytest.approx(drawdown.iloc[-1], rel=1e-9)
    assert full_report.relative_peak == line.idxmax()
    assert full_report.data_start == panel.index[0]


def test_one_year_figures_match_numpy(
    panel: pd.DataFrame, full_report: RotationReport
) -> None:
    returns = panel.pct_change().iloc[1:]
    asof = panel.index[-1]
    window = returns[returns.index > asof - pd.DateOffset(years=1)]
    r, b = window[ASSET].to_numpy(), window[BENCH].to_numpy()
    assert full_report.window_start == window.index[0]
    assert full_report.window_periods == len(window)
    assert full_report.periods_per_year == 252
    assert full_report.beta == pytest.approx(np.polyfit(b, r, 1)[0], rel=1e-10)
    excess = r - b
    te = np.std(excess, ddof=1) * np.sqrt(252)
    assert full_report.tracking_error == pytest.approx(te, rel=1e-10)
    assert full_report.information_ratio == pytest.approx(
        np.mean(excess) / np.std(excess, ddof=1) * np.sqrt(252), rel=1e-10
    )
    up, down = b > 0, b < 0
    up_capture = _annualized_geometric(r[up], 252) / _annualized_geometric(b[up], 252)
    down_capture = _annualized_geometric(r[down], 252) / _annualized_geometric(
        b[down], 252
    )
    assert full_report.up_capture == pytest.approx(up_capture, rel=1e-10)
    assert full_report.down_capture == pytest.approx(down_capture, rel=1e-10)
    assert full_report.capture_ratio == pytest.approx(
        up_capture / down_capture, rel=1e-10
    )
    assert full_report.hit_rate == pytest.approx(np.mean(r > b))


def test_one_year_figures_match_empyrical(
    panel: pd.DataFrame, full_report: RotationReport
) -> None:
    empyrical = pytest.importorskip("empyrical")
    returns = panel.pct_change().iloc[1:]
    window = returns[returns.index > panel.index[-1] - pd.DateOffset(years=1)]
    r, b = window[ASSET], window[BENCH]
    assert full_report.beta == pytest.approx(empyrical.beta(r, b), rel=1e-10)
    assert full_report.up_capture == pytest.approx(
        empyrical.up_capture(r, b), rel=1e-10
    )
    assert full_report.down_capture == pytest.approx(
        empyrical.down_capture(r, b), rel=1e-10
    )


def test_rrg_quadrant_matches_pandas_rolling(
    panel: pd.DataFrame, full_report: RotationReport
) -> None:
    line = panel[ASSET] / panel[BENCH]
    ratio = 100 * line / line.rolling(50).mean()
    momentum = 100 * ratio / ratio.shift(10)
    assert full_report.rs_ratio == pytest.approx(ratio.iloc[-1], rel=1e-10)
    assert full_report.rs_momentum == pytest.approx(momentum.iloc[-1], rel=1e-10)
    expected = {
        (True, True): "leading",
        (True, False): "weakening",
        (False, False): "lagging",
        (False, True): "improving",
    }[(ratio.iloc[-1] >= 100, momentum.iloc[-1] >= 100)]
    assert full_report.rrg_quadrant == expected


def test_rate_betas_match_statsmodels_hac(
    panel: pd.DataFrame, ten_year: pd.Series[float], full_report: RotationReport
) -> None:
    sm = pytest.importorskip("statsmodels.api")
    returns = panel.pct_change().iloc[1:]
    window = returns[returns.index > panel.index[-1] - pd.DateOffset(years=1)]
    change = ten_year.reindex(window.index).diff()
    assert full_report.yields_name == "DGS10"
    assert full_report.rate_beta is not None
    assert full_report.benchmark_rate_beta is not None
    assert full_report.relative_rate_beta is not None
    for target, result in (
        (window[ASSET], full_report.rate_beta),
        (window[BENCH], full_report.benchmark_rate_beta),
        (window[ASSET] - window[BENCH], full_report.relative_rate_beta),
    ):
        used = change.notna() & target.notna()
        n = int(used.sum())
        lags = math.floor(4 * (n / 100) ** (2 / 9))
        fit = sm.OLS(target[used], sm.add_constant(change[used])).fit(
            cov_type="HAC", cov_kwds={"maxlags": lags}
        )
        assert result.nobs == n
        assert result.beta == pytest.approx(fit.params.iloc[1], rel=1e-9)
        assert result.stderr == pytest.approx(fit.bse.iloc[1], rel=1e-9)


def test_valuation_matches_pandas_expanding(
    multiples: pd.DataFrame, full_report: RotationReport
) -> None:
    cut = multiples.loc[: full_report.asof]
    gap = cut[ASSET] / cut[BENCH] - 1.0
    z = (gap - gap.expanding().mean()) / gap.expanding().std()
    rank = gap.expanding().rank(pct=True)
    assert full_report.valuation_date == gap.index[-1] == pd.Timestamp("2025-12-31")
    assert full_report.multiple == pytest.approx(cut[ASSET].iloc[-1])
    assert full_report.benchmark_multiple == pytest.approx(cut[BENCH].iloc[-1])
    assert full_report.valuation_gap == pytest.approx(gap.iloc[-1], rel=1e-12)
    assert full_report.valuation_zscore == pytest.approx(z.iloc[-1], rel=1e-9)
    assert full_report.valuation_percentile == pytest.approx(rank.iloc[-1], rel=1e-12)
    assert full_report.valuation_start == gap.index[0]
    assert full_report.valuation_observations == len(gap)


def test_multiples_as_a_pair_of_series(
    panel: pd.DataFrame, multiples: pd.DataFrame, full_report: RotationReport
) -> None:
    pair = (multiples[ASSET], multiples[BENCH])
    report = rk.rotation_report(panel, ASSET, BENCH, multiples=pair)
    assert report.valuation_gap == full_report.valuation_gap
    assert report.valuation_zscore == full_report.valuation_zscore


def test_without_optional_inputs_the_sections_are_absent(panel: pd.DataFrame) -> None:
    report = rk.rotation_report(panel, ASSET, BENCH)
    assert report.rate_beta is None
    assert report.valuation_gap is None
    assert report.yields is None
    assert report.multiples is None
    figures = report.to_dict()
    assert figures["rates"] is None
    assert figures["valuation"] is None
    assert "Rate sensitivity" not in str(report)
    assert "Valuation" not in str(report)
    assert report.source == panel.attrs["source"]


# -- no look-ahead -----------------------------------------------------------------


@pytest.mark.parametrize("asof", ["2025-06-13", "2019-12-31", "2016-07-13"])
def test_asof_equals_the_report_on_data_cut_at_asof(
    panel: pd.DataFrame,
    ten_year: pd.Series[float],
    multiples: pd.DataFrame,
    asof: str,
) -> None:
    report = rk.rotation_report(
        panel, ASSET, BENCH, yields=ten_year, multiples=multiples, asof=asof
    )
    cut = rk.rotation_report(
        panel.loc[:asof],
        ASSET,
        BENCH,
        yields=ten_year.loc[:asof],
        multiples=multiples.loc[:asof],
        asof=asof,
    )
    assert report.to_dict() == cut.to_dict()
    assert report.asof == pd.Timestamp(asof)
    assert report.data_end == panel.loc[:asof].index[-1]
    assert report.prices.index[-1] <= pd.Timestamp(asof)


def test_changing_later_data_changes_nothing(
    panel: pd.DataFrame, ten_year: pd.Series[float], multiples: pd.DataFrame
) -> None:
    asof = "2024-03-15"
    report = rk.rotation_report(
        panel, ASSET, BENCH, yields=ten_year, multiples=multiples, asof=asof
    )
    later = panel.index > asof
    shocked = panel.copy()
    shocked.loc[later] *= 3.0
    yields = ten_year.copy()
    yields.loc[yields.index > asof] += 5.0
    valuations = multiples.copy()
    valuations.loc[valuations.index > asof] *= 0.5
    again = rk.rotation_report(
        shocked, ASSET, BENCH, yields=yields, multiples=valuations, asof=asof
    )
    assert report.to_dict() == again.to_dict()


def test_asof_on_a_weekend_uses_the_closes_before_it(panel: pd.DataFrame) -> None:
    report = rk.rotation_report(panel, ASSET, BENCH, asof="2025-11-01")  # a Saturday
    friday = rk.rotation_report(panel, ASSET, BENCH, asof="2025-10-31")
    assert report.asof == pd.Timestamp("2025-11-01")
    assert report.data_end == friday.data_end == pd.Timestamp("2025-10-31")
    # November has no close yet: month to date is flat, October's return is not.
    assert report.performance.loc[ASSET, "MTD"] == 0.0
    assert friday.performance.loc[ASSET, "MTD"] != 0.0
    assert report.streak.to_dict() == friday.streak.to_dict()
    # The year runs back from the requested date, as the 1Y return does.
    assert report.window_start == pd.Timestamp("2024-11-04")
    assert friday.window_start == pd.Timestamp("2024-11-01")


def test_asof_default_is_the_last_date(panel: pd.DataFrame) -> None:
    assert rk.rotation_report(panel, ASSET, BENCH).asof == panel.index[-1]


# -- exports -------------------------------------------------------------------------


def test_to_dict_survives_a_json_round_trip(full_report: RotationReport) -> None:
    figures = full_report.to_dict()
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures
    assert figures["asset"] == ASSET
    assert figures["asof"] == "2026-01-30"
    assert figures["performance"]["spread"]["YTD"] == full_report.spread["YTD"]
    assert figures["streak"]["start"] == "2026-01-19"
    assert figures["one_year"]["beta"] == full_report.beta
    assert figures["rrg"]["quadrant"] == full_report.rrg_quadrant
    assert full_report.rate_beta is not None
    assert figures["rates"]["asset"]["beta"] == full_report.rate_beta.beta
    assert figures["valuation"]["date"] == "2025-12-31"


def test_to_dict_turns_missing_values_into_none() -> None:
    prices = make_prices(40, 2)  # too short for 1Y returns and for the RRG
    report = rk.rotation_report(prices, "A0", "A1")
    figures = report.to_dict()
    assert json.loads(json.dumps(figures, allow_nan=False)) == figures
    assert figures["performance"]["asset"]["1Y"] is None
    assert figures["rrg"]["quadrant"] is None
    assert figures["rrg"]["rs_ratio"] is None
    assert "n/a" in str(report)


def test_to_frame_holds_every_figure(full_report: RotationReport) -> None:
    frame = full_report.to_frame()
    assert list(frame.columns) == [f"{ASSET} vs {BENCH}"]
    assert frame.index.names == ["section", "metric"]
    column = frame.iloc[:, 0]
    assert column[("report", "asset")] == ASSET
    assert column[("data", "end")] == full_report.data_end
    assert column[("performance", "spread.1Y")] == full_report.spread["1Y"]
    assert column[("streak", "longest_since.length")] == 12
    assert column[("one_year", "tracking_error")] == full_report.tracking_error
    assert column[("valuation", "zscore")] == full_report.valuation_zscore
    sections = frame.index.get_level_values("section").unique().tolist()
    assert sections == [
        "report",
        "data",
        "performance",
        "streak",
        "relative",
        "one_year",
        "rrg",
        "rates",
        "valuation",
    ]


def test_text_shows_the_figures(full_report: RotationReport) -> None:
    text = str(full_report)
    assert repr(full_report) == text
    lines = text.splitlines()
    assert lines[0] == "Rotation report: SMALL against LARGE, as of 2026-01-30"
    assert max(len(line) for line in lines) <= 88
    header = next(line for line in lines if line.startswith("Returns (%)"))
    assert header.split()[2:] == list(REPORT_PERIODS)
    spread = next(line for line in lines if line.startswith("Spread (pp)"))
    assert spread.split()[2:] == [
        f"{100 * full_report.spread[p]:.2f}" for p in REPORT_PERIODS
    ]
    assert f"{full_report.beta:.2f}" in text
    assert f"{100 * full_report.tracking_error:.2f} %" in text
    assert "leading" in text
    assert "longest since a 12-session run ending 2016-07-13" in " ".join(text.split())
    assert "SMALL over LARGE" in text
    assert f"{full_report.valuation_zscore:.2f}" in text


def test_the_tutorial_shows_the_current_report(panel: pd.DataFrame) -> None:
    page = (
        Path(__file__).resolve().parent.parent / "docs" / "tutorials" / "ten-minutes.md"
    )
    if not page.is_file():  # an installed package without its docs
        pytest.skip("the docs are not available")
    text = page.read_text("utf-8")
    after = text[text.index("kept equal to print(report)") :]
    start = after.index("```text\n") + len("```text\n")
    shown = after[start : after.index("\n```", start)]
    ten_year = rk.datasets.treasury_yields()["DGS10"]
    assert shown == str(rk.rotation_report(panel, ASSET, BENCH, yields=ten_year))


def test_markdown_has_a_table_per_section(full_report: RotationReport) -> None:
    markdown = full_report.to_markdown()
    lines = markdown.splitlines()
    assert lines[0].startswith("## Rotation report: SMALL against LARGE")
    assert "| Returns (%) | 1D | WTD | MTD | QTD | YTD | 1Y |" in lines
    headings = [line for line in lines if line.startswith("### ")]
    assert len(headings) == 6
    assert lines.count("| figure | value |") == 6
    table_rows = [line for line in lines if line.startswith("|")]
    assert all(line.endswith("|") for line in table_rows)


class _TableReader(HTMLParser):
    """Collect the cells of an HTML document and check that its tags balance."""

    VOID = frozenset({"br", "hr", "img", "meta", "col"})

    def __init__(self) -> None:
        super().__init__()
        self.stack: list[str] = []
        self.cells: list[str] = []
        self.tags: list[str] = []
        self._cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:  # noqa: ARG002
        self.tags.append(tag)
        if tag not in self.VOID:
            self.stack.append(tag)
        if tag in ("td", "th"):
            self._cell = []

    def handle_endtag(self, tag: str) -> None:
        assert self.stack, f"</{tag}> without an opening tag"
        assert self.stack.pop() == tag, f"</{tag}> closes another tag"
        if tag in ("td", "th") and self._cell is not None:
            self.cells.append("".join(self._cell).strip())
            self._cell = None

    def handle_data(self, data: str) -> None:
        if self._cell is not None:
            self._cell.append(data)


def test_html_repr_is_well_formed_and_holds_the_figures(
    full_report: RotationReport,
) -> None:
    markup = full_report._repr_html_()
    reader = _TableReader()
    reader.feed(markup)
    reader.close()
    assert reader.stack == []
    assert reader.tags.count("table") == 2
    assert reader.cells[: 1 + len(REPORT_PERIODS)] == ["Returns (%)", *REPORT_PERIODS]
    assert "Spread (pp)" in reader.cells
    assert f"{100 * full_report.spread['YTD']:.2f}" in reader.cells
    assert "leading" in reader.cells
    assert any(cell.startswith("Rate sensitivity") for cell in reader.cells)
    assert "SMALL against LARGE" in markup
    spread_row = markup[markup.index("Spread (pp)") :].split("</tr>")[0]
    colours = [
        "green" if "#1a7f37" in cell else "red" if "#c62828" in cell else "none"
        for cell in spread_row.split("<td")[1:]
    ]
    assert colours == [
        "green" if full_report.spread[p] > 0 else "red" for p in REPORT_PERIODS
    ]


def test_html_escapes_column_names() -> None:
    prices = make_prices(80, 2).rename(columns={"A0": "<b>&co", "A1": "bench"})
    markup = rk.rotation_report(prices, "<b>&co", "bench")._repr_html_()
    assert "<b>&co" not in markup
    assert "&lt;b&gt;&amp;co" in markup
    reader = _TableReader()
    reader.feed(markup)
    assert reader.stack == []


def test_report_is_frozen(full_report: RotationReport) -> None:
    with pytest.raises(dataclasses.FrozenInstanceError):
        full_report.beta = 0.0  # type: ignore[misc]


# -- other data ------------------------------------------------------------------------


def test_weekly_prices_are_annualized_with_52_weeks() -> None:
    prices = make_prices(200, 2, freq="W-FRI")
    report = rk.rotation_report(prices, "A0", "A1")
    assert report.periods_per_year == 52
    assert report.streak.unit == "week"
    returns = prices.pct_change().iloc[1:]
    window = returns[returns.index > prices.index[-1] - pd.DateOffset(years=1)]
    excess = window["A0"] - window["A1"]
    assert report.window_periods == len(window)
    assert report.tracking_error == pytest.approx(excess.std() * np.sqrt(52), rel=1e-10)
    assert f"({len(window)} weeks)" in str(report)


def test_time_zone_aware_prices_and_naive_asof() -> None:
    prices = make_prices(400, 2, tz="America/New_York")
    report = rk.rotation_report(prices, "A0", "A1", asof="2020-12-31")
    naive = make_prices(400, 2)
    expected = rk.rotation_report(naive, "A0", "A1", asof="2020-12-31")
    assert report.asof == pd.Timestamp("2020-12-31", tz="America/New_York")
    assert report.beta == expected.beta
    assert report.performance.equals(expected.performance)


def test_missing_prices_are_skipped_where_the_functions_say_so() -> None:
    prices = make_prices(300, 3)
    prices.iloc[100, 0] = np.nan
    report = rk.rotation_report(prices, "A0", "A1")
    assert math.isfinite(report.beta)
    assert math.isfinite(report.relative_strength)


def test_a_short_history_gives_nan_not_errors() -> None:
    prices = make_prices(3, 2)
    report = rk.rotation_report(prices, "A0", "A1")
    assert report.window_periods == 2
    assert math.isnan(report.performance["1Y"].to_numpy()[0])
    assert report.rrg_quadrant is None


def test_inputs_are_not_mutated(
    panel: pd.DataFrame, ten_year: pd.Series[float], multiples: pd.DataFrame
) -> None:
    copies = panel.copy(), ten_year.copy(), multiples.copy()
    rk.rotation_report(
        panel, ASSET, BENCH, yields=ten_year, multiples=multiples, asof="2025-01-02"
    )
    pd.testing.assert_frame_equal(panel, copies[0])
    pd.testing.assert_series_equal(ten_year, copies[1])
    pd.testing.assert_frame_equal(multiples, copies[2])


def test_a_yield_units_doubt_is_shown_once(panel: pd.DataFrame) -> None:
    decimals = rk.datasets.treasury_yields()["DGS10"] / 100
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("default")  # Python's own: once per place
        rk.rotation_report(panel, ASSET, BENCH, yields=decimals)
    doubts = [w for w in caught if issubclass(w.category, rk.YieldUnitsWarning)]
    assert len(doubts) == 1
    with pytest.warns(rk.YieldUnitsWarning, match="declared in percent"):
        rk.rotation_report(panel, ASSET, BENCH, yields=decimals)


def test_relative_rate_beta_equals_the_public_function(
    panel: pd.DataFrame, ten_year: pd.Series[float], full_report: RotationReport
) -> None:
    returns = rk.to_returns(panel)
    window = returns[returns.index > panel.index[-1] - pd.DateOffset(years=1)]
    expected = rk.relative_rate_beta(window[ASSET], window[BENCH], ten_year)
    assert full_report.relative_rate_beta is not None
    assert full_report.relative_rate_beta.to_dict() == expected.to_dict()


def test_a_one_column_frame_of_yields_is_accepted(
    panel: pd.DataFrame, ten_year: pd.Series[float], full_report: RotationReport
) -> None:
    report = rk.rotation_report(panel, ASSET, BENCH, yields=ten_year.to_frame())
    assert report.rate_beta is not None
    assert full_report.rate_beta is not None
    assert report.rate_beta.beta == full_report.rate_beta.beta


# -- bad input ---------------------------------------------------------------------------


def test_prices_must_be_a_dataframe(panel: pd.DataFrame) -> None:
    with pytest.raises(rk.InputError, match="`prices` must be a pandas DataFrame"):
        rk.rotation_report(panel[ASSET], ASSET, BENCH)  # type: ignore[arg-type]
    with pytest.raises(rk.InputError, match="`prices` must be a pandas DataFrame"):
        rk.rotation_report(panel.to_numpy(), 0, 1)  # type: ignore[arg-type]


def test_unknown_columns_are_listed(panel: pd.DataFrame) -> None:
    with pytest.raises(
        rk.InputError,
        match=r"`asset` 'TINY' is not a column.*'SMALL', 'LARGE', 'GROWTH'",
    ):
        rk.rotation_report(panel, "TINY", BENCH)
    with pytest.raises(rk.InputError, match="`benchmark` 'HUGE' is not a column"):
        rk.rotation_report(panel, ASSET, "HUGE")


def test_asset_and_benchmark_must_differ(panel: pd.DataFrame) -> None:
    with pytest.raises(rk.InputError, match="the same column"):
        rk.rotation_report(panel, ASSET, ASSET)


def test_prices_need_a_datetime_index(panel: pd.DataFrame) -> None:
    with pytest.raises(rk.InputError, match="needs a DatetimeIndex"):
        rk.rotation_report(panel.reset_index(drop=True), ASSET, BENCH)


@pytest.mark.parametrize("asof", ["2010-12-31", "2026-02-02"])
def test_asof_outside_the_data(panel: pd.DataFrame, asof: str) -> None:
    with pytest.raises(rk.InputError, match=r"`asof` .* is outside the data \(2011"):
        rk.rotation_report(panel, ASSET, BENCH, asof=asof)


def test_asof_must_be_a_date(panel: pd.DataFrame) -> None:
    with pytest.raises(rk.InputError, match="`asof` must be a date"):
        rk.rotation_report(panel, ASSET, BENCH, asof="soon")


def test_aware_asof_for_naive_prices(panel: pd.DataFrame) -> None:
    with pytest.raises(rk.AlignmentError, match="time-zone aware"):
        rk.rotation_report(
            panel, ASSET, BENCH, asof=pd.Timestamp("2025-01-02", tz="UTC")
        )


def test_too_few_dates(panel: pd.DataFrame) -> None:
    with pytest.raises(rk.InputError, match="at least two"):
        rk.rotation_report(panel, ASSET, BENCH, asof=panel.index[0])


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (lambda frame: frame.iloc[::-1], "not sorted"),
        (lambda frame: frame.assign(SMALL=frame["SMALL"].astype(str)), "real numbers"),
        (lambda frame: frame.assign(SMALL=-frame["SMALL"]), "positive"),
        (lambda frame: frame.assign(LARGE=np.inf), "infinite"),
    ],
)
def test_bad_prices(panel: pd.DataFrame, change: object, message: str) -> None:
    assert callable(change)
    with pytest.raises(rk.InputError, match=message):
        rk.rotation_report(change(panel), ASSET, BENCH)


def test_bad_yields(panel: pd.DataFrame, ten_year: pd.Series[float]) -> None:
    rates = rk.datasets.treasury_yields()
    with pytest.raises(rk.InputError, match="`yields` must be a single series"):
        rk.rotation_report(panel, ASSET, BENCH, yields=rates[["DGS10", "DGS2"]])
    with pytest.raises(rk.InputError, match="`yields` must be a pandas Series"):
        rk.rotation_report(panel, ASSET, BENCH, yields=[4.0, 4.1])  # type: ignore[arg-type]
    with pytest.raises(rk.AlignmentError, match="`yields` is in time zone UTC"):
        rk.rotation_report(panel, ASSET, BENCH, yields=ten_year.tz_localize("UTC"))
    with pytest.raises(ValueError, match="yield_units"):
        rk.rotation_report(
            panel,
            ASSET,
            BENCH,
            yields=ten_year,
            yield_units="basis",  # type: ignore[arg-type]
        )


def test_bad_multiples(panel: pd.DataFrame, multiples: pd.DataFrame) -> None:
    with pytest.raises(rk.InputError, match="`multiples` has no column 'SMALL'"):
        rk.rotation_report(panel, ASSET, BENCH, multiples=multiples[[BENCH]])
    with pytest.raises(rk.InputError, match="or a pair of Series"):
        rk.rotation_report(panel, ASSET, BENCH, multiples=12.5)  # type: ignore[arg-type]
    late = multiples.loc["2026-03":]
    with pytest.raises(rk.InputError, match="no date with both multiples"):
        rk.rotation_report(panel, ASSET, BENCH, multiples=late)
    with pytest.raises(rk.InputError, match=r"zero or less|positive"):
        rk.rotation_report(panel, ASSET, BENCH, multiples=multiples - 100.0)


def test_a_late_starting_asset_counts_and_streaks_from_its_first_price() -> None:
    prices = rk.datasets.synthetic_prices().copy()
    prices.iloc[:3000, 0] = np.nan
    report = rk.rotation_report(prices, "SMALL", "LARGE")
    both = prices[["SMALL", "LARGE"]].dropna()
    assert report.data_start == both.index[0]
    assert report.n_periods == len(both)
    returns = rk.to_returns(both)
    expected = rk.streak_context(returns["SMALL"], returns["LARGE"])
    assert report.streak == expected
