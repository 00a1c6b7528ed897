"""rotationkit: measure market rotations from your own data.

Relative performance, consecutive-outperformance streaks, valuation gaps and
rate sensitivity for pandas, numpy (and, with extras, polars and xarray)
inputs. The output has the type of the input.

>>> import rotationkit as rk
>>> prices = rk.datasets.synthetic_prices()
>>> table = rk.performance_table(prices)
"""

from __future__ import annotations

from rotationkit import datasets, plotting
from rotationkit._engine import engine, get_engine, precompile, set_engine
from rotationkit._version import version as __version__
from rotationkit.concentration import (
    Concentration,
    breadth,
    concentration_summary,
    effective_n,
    hhi,
    top_n_share,
)
from rotationkit.errors import (
    AlignmentError,
    FrequencyError,
    InputError,
    RotationkitError,
    RotationkitWarning,
    UndefinedMultipleWarning,
    YieldUnitsWarning,
)
from rotationkit.options import set_options
from rotationkit.rates import (
    EventStudy,
    FloatingRateSensitivity,
    RateBeta,
    empirical_duration,
    event_study,
    floating_rate_sensitivity,
    rate_beta,
    rate_regimes,
    relative_rate_beta,
    rolling_rate_beta,
)
from rotationkit.relative import (
    alpha,
    beta,
    capture_ratio,
    down_capture,
    excess_returns,
    hit_rate,
    information_ratio,
    relative_drawdown,
    relative_strength,
    rolling_beta,
    rolling_correlation,
    tracking_error,
    up_capture,
)
from rotationkit.report import RotationReport, rotation_report
from rotationkit.returns import (
    annualized_return,
    annualized_volatility,
    performance_table,
    period_return,
    period_to_date,
    to_prices,
    to_returns,
)
from rotationkit.rrg import quadrant_transitions, rrg
from rotationkit.streaks import (
    Run,
    RunsTest,
    StreakContext,
    current_streak,
    expected_longest_run,
    longest_run_probability,
    longest_streak,
    outperformance,
    run_lengths,
    runs_test,
    streak_context,
    streaks,
)
from rotationkit.valuation import (
    AggregateMultiple,
    HalfLife,
    aggregate_multiple,
    earnings_yield,
    half_life,
    implied_rerating,
    negative_earnings_share,
    percentile_rank,
    valuation_gap,
    yield_gap,
    zscore,
)

__all__ = [
    "AggregateMultiple",
    "AlignmentError",
    "Concentration",
    "EventStudy",
    "FloatingRateSensitivity",
    "FrequencyError",
    "HalfLife",
    "InputError",
    "RateBeta",
    "RotationReport",
    "RotationkitError",
    "RotationkitWarning",
    "Run",
    "RunsTest",
    "StreakContext",
    "UndefinedMultipleWarning",
    "YieldUnitsWarning",
    "__version__",
    "aggregate_multiple",
    "alpha",
    "annualized_return",
    "annualized_volatility",
    "beta",
    "breadth",
    "capture_ratio",
    "concentration_summary",
    "current_streak",
    "datasets",
    "down_capture",
    "earnings_yield",
    "effective_n",
    "empirical_duration",
    "engine",
    "event_study",
    "excess_returns",
    "expected_longest_run",
    "floating_rate_sensitivity",
    "get_engine",
    "half_life",
    "hhi",
    "hit_rate",
    "implied_rerating",
    "information_ratio",
    "longest_run_probability",
    "longest_streak",
    "negative_earnings_share",
    "outperformance",
    "percentile_rank",
    "performance_table",
    "period_return",
    "period_to_date",
    "plotting",
    "precompile",
    "quadrant_transitions",
    "rate_beta",
    "rate_regimes",
    "relative_drawdown",
    "relative_rate_beta",
    "relative_strength",
    "rolling_beta",
    "rolling_correlation",
    "rolling_rate_beta",
    "rotation_report",
    "rrg",
    "run_lengths",
    "runs_test",
    "set_engine",
    "set_options",
    "streak_context",
    "streaks",
    "to_prices",
    "to_returns",
    "top_n_share",
    "tracking_error",
    "up_capture",
    "valuation_gap",
    "yield_gap",
    "zscore",
]
