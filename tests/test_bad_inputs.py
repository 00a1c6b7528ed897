"""The bad-input matrix: every public function against every kind of bad input.

Each public function of ``rotationkit.__all__`` has a *recipe* in
:data:`RECIPES` that says how to call it: which arguments hold data and what
kind of data (prices, returns, multiples, weights ...), which keywords are
windows or counts, and which are option strings. From the recipes the module
builds one test per function, argument, bad input and container, and checks
the outcome against the input contract of the design document:

* a documented result (NaN where the input is NaN, the same numbers for
  float32 and integer input as for float64), or
* an ``InputError``, ``AlignmentError`` or ``FrequencyError`` (a
  ``ValueError``/``TypeError`` for windows and options) whose message names
  the argument,

and never another exception (``IndexError``, ``KeyError``,
``ZeroDivisionError`` ...), never a warning other than rotationkit's own
``RotationkitWarning`` categories, never an infinite number, and never a
changed input (inputs are hashed before and after each call).

A new public function without a recipe fails
:func:`test_every_public_name_has_a_recipe`; classes, exceptions and modules
are listed in :data:`EXEMPT` with the reason.
"""

from __future__ import annotations

import ast
import dataclasses
import functools
import hashlib
import inspect
import pickle
import warnings
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk
from rotationkit.errors import (
    AlignmentError,
    FrequencyError,
    InputError,
    RotationkitWarning,
)

# --- the data every recipe starts from ---

N = 40
DATES = pd.bdate_range("2025-11-03", periods=N, name="date")
ASSETS = ["a", "b"]
CONSTITUENTS = [f"c{i}" for i in range(6)]
COMPANIES = [f"d{i}" for i in range(5)]
MIDDLE = N // 2

Kind = Literal[
    "prices",  # strictly positive levels
    "positive",  # strictly positive ratios (valuation multiples)
    "returns",  # simple returns
    "real",  # any real number (a valuation gap, a z-score input)
    "earnings",  # any real number, some negative (constituent earnings)
    "weights",  # zero or more (weights, debt)
    "share",  # a fraction between 0 and 1
    "earnings_yield",  # a fraction between -1 and 1
    "yields",  # a yield in percent
    "policy",  # a policy-rate target in percent (steps)
    "condition",  # booleans
]
Axis = Literal["time", "constituent", "company"]
Container = Literal["series", "frame", "array", "array2d"]
Outcome = Literal[
    "ok",  # a result
    "error",  # InputError (or a subclass) naming the argument
    "alignment",  # AlignmentError
    "frequency",  # FrequencyError naming periods_per_year
    "value",  # ValueError naming the argument
    "type_or_value",  # TypeError or ValueError naming the argument
    "ok_or_error",  # a documented result or an InputError naming the argument
]

# Kinds where zero, or a negative number, is not a valid value.
ZERO_IS_INVALID = frozenset({"prices", "positive"})
NEGATIVE_IS_INVALID = frozenset({"prices", "positive", "weights", "share"})
# Kinds whose integer version is 0/1 (other kinds are rounded).
ZERO_ONE_INTEGERS = frozenset({"returns", "share", "earnings_yield"})


def _base_values(kind: Kind, shape: tuple[int, int], seed: int) -> np.ndarray[Any, Any]:
    """Return good values of ``kind``: rows are periods (or constituents)."""
    rng = np.random.default_rng(seed)
    n_rows = shape[0]
    if kind == "prices":
        return 100.0 * np.cumprod(1.0 + rng.normal(0.0005, 0.01, shape), axis=0)
    if kind == "positive":
        return 15.0 + np.cumsum(rng.normal(0.0, 0.1, shape), axis=0)
    if kind == "returns":
        return rng.normal(0.0005, 0.01, shape)
    if kind == "real":
        return -0.1 + np.cumsum(rng.normal(0.0, 0.02, shape), axis=0)
    if kind == "earnings":
        return rng.uniform(-1.0, 5.0, shape)
    if kind == "weights":
        return rng.uniform(1.0, 10.0, shape)
    if kind == "share":
        return rng.uniform(0.05, 0.95, shape)
    if kind == "earnings_yield":
        return rng.uniform(0.03, 0.08, shape)
    if kind == "yields":
        return 4.0 + np.cumsum(rng.normal(0.0, 0.03, shape), axis=0)
    if kind == "policy":
        steps = np.repeat([5.5, 5.25, 5.0, 4.75], -(-n_rows // 4))[:n_rows]
        return np.tile(steps[:, np.newaxis], (1, shape[1]))
    return rng.uniform(size=shape) > 0.4


def _integers(kind: Kind, values: np.ndarray[Any, Any]) -> np.ndarray[Any, Any]:
    """Return an integer version of good ``values``."""
    if kind in ZERO_ONE_INTEGERS:
        zero_one: np.ndarray[Any, Any] = (values > np.median(values)).astype(np.int64)
        return zero_one
    if kind == "real":
        return np.round(100.0 * values).astype(np.int64)
    return np.round(values).astype(np.int64)


# --- recipes: how to call each public function ---


@dataclass(frozen=True)
class Arg:
    """A data argument of a public function."""

    name: str
    kind: Kind
    single: bool = False  # one series only (a benchmark): never a DataFrame
    axis: Axis = "time"
    frame: bool = False  # a table of named columns only (never one series)


@dataclass(frozen=True)
class Per:
    """A fixed keyword whose value depends on whether the data are labelled."""

    labelled: object
    positional: object


@dataclass(frozen=True)
class Extra:
    """A function-specific bad input: keywords that replace the good ones."""

    name: str
    kwargs: Mapping[str, object]
    outcome: Outcome
    argname: str


@dataclass(frozen=True)
class Recipe:
    """How to call one public function with good data, and what it documents."""

    args: tuple[Arg, ...]
    fixed: Mapping[str, object] = field(default_factory=dict)
    # Window-like whole-number keywords and a valid value for each.
    windows: Mapping[str, int] = field(default_factory=dict)
    # Option keywords and their default (valid) value.
    options: Mapping[str, str] = field(default_factory=dict)
    labelled_only: bool = False  # needs a DatetimeIndex
    propagates: bool = False  # output labelled like the input: NaN in, NaN out
    # Documented deviations from the default outcome: "<arg>:<case>" or "*:<case>".
    outcomes: Mapping[str, Outcome] = field(default_factory=dict)
    extra: tuple[Extra, ...] = ()
    # all-NaN input may give finite numbers (counts, probabilities of no run).
    finite_from_nan: bool = False
    call: Callable[..., Any] | None = None  # default: rk.<name>(**kwargs)
    good_call: bool = True  # False: a good call changes global state
    direct_extras: bool = False  # extras call rk.<name> with their keywords only


PRICES = Arg("prices", "prices")
BENCHMARK_PRICES = Arg("benchmark_prices", "prices", single=True)
RETURNS = Arg("returns", "returns")
BENCHMARK = Arg("benchmark", "returns", single=True)
YIELDS = Arg("yields", "yields", single=True)
WEIGHTS = Arg("weights", "weights", axis="constituent")
PPY = {"periods_per_year": 252}


def _scalar_extras(name: str, *, valid: object, kind: str) -> tuple[Extra, ...]:
    """Bad values of a scalar keyword that must be a finite real number."""
    bad: list[Extra] = [
        Extra(f"{name}_nan", {name: float("nan")}, "value", name),
        Extra(f"{name}_inf", {name: float("inf")}, "value", name),
        Extra(f"{name}_text", {name: "1"}, "type_or_value", name),
        Extra(f"{name}_bool", {name: True}, "type_or_value", name),
    ]
    if kind == "positive":
        bad += [
            Extra(f"{name}_zero", {name: 0}, "value", name),
            Extra(f"{name}_negative", {name: -1}, "value", name),
        ]
    if kind == "probability":
        bad += [
            Extra(f"{name}_below_zero", {name: -0.1}, "value", name),
            Extra(f"{name}_above_one", {name: 1.1}, "value", name),
        ]
    del valid
    return tuple(bad)


PPY_EXTRAS = _scalar_extras("periods_per_year", valid=252, kind="positive")
THRESHOLD_EXTRAS = _scalar_extras("threshold", valid=0.0, kind="real")


def _count_extras(name: str, **others: object) -> tuple[Extra, ...]:
    """Bad values of a whole-number argument (a count, n, k)."""
    return (
        Extra(f"{name}_negative", {**others, name: -1}, "value", name),
        Extra(f"{name}_fraction", {**others, name: 2.5}, "type_or_value", name),
        Extra(f"{name}_text", {**others, name: "10"}, "type_or_value", name),
        Extra(f"{name}_bool", {**others, name: True}, "type_or_value", name),
        Extra(f"{name}_nan", {**others, name: float("nan")}, "type_or_value", name),
    )


def _quadrant_transitions(rrg_result: Any) -> Any:
    return rk.quadrant_transitions(rrg_result)


def _inside_engine(name: Any) -> Any:
    """Enter and leave ``rk.engine(name)``: the engine in use is restored."""
    with rk.engine(name):
        return rk.get_engine()


def _rotation_report(prices: Any, yields: Any, **options: Any) -> Any:
    options = {"asset": "a", "benchmark": "b", **options}
    return rk.rotation_report(prices, yields=yields, **options)


RECIPES: dict[str, Recipe] = {
    # returns.py
    "to_returns": Recipe((PRICES,), options={"method": "simple"}, propagates=True),
    "to_prices": Recipe((RETURNS,), options={"method": "simple"}, propagates=True),
    "annualized_return": Recipe((RETURNS,), fixed=PPY, extra=PPY_EXTRAS),
    "annualized_volatility": Recipe((RETURNS,), fixed=PPY, extra=PPY_EXTRAS),
    "period_return": Recipe(
        (PRICES,),
        extra=(
            Extra(
                "start_after_end",
                {"start": DATES[30], "end": DATES[10]},
                "error",
                "start",
            ),
            Extra("start_before_data", {"start": "2000-01-03"}, "error", "start"),
            Extra("start_not_a_date", {"start": "soon"}, "error", "start"),
            Extra(
                "end_aware_for_naive",
                {"end": DATES[30].tz_localize("UTC")},
                "alignment",
                "end",
            ),
        ),
    ),
    "period_to_date": Recipe(
        (PRICES,),
        options={"period": "YTD"},
        labelled_only=True,
        extra=(
            Extra("asof_before_data", {"asof": "2000-01-03"}, "error", "asof"),
            Extra("asof_not_a_date", {"asof": "soon"}, "error", "asof"),
        ),
    ),
    "performance_table": Recipe(
        (PRICES,),
        labelled_only=True,
        extra=(Extra("asof_not_a_date", {"asof": "soon"}, "error", "asof"),),
    ),
    # relative.py
    "relative_strength": Recipe((PRICES, BENCHMARK_PRICES), propagates=True),
    "excess_returns": Recipe(
        (RETURNS, BENCHMARK), options={"method": "arithmetic"}, propagates=True
    ),
    "tracking_error": Recipe((RETURNS, BENCHMARK), fixed=PPY, extra=PPY_EXTRAS),
    "information_ratio": Recipe((RETURNS, BENCHMARK), fixed=PPY, extra=PPY_EXTRAS),
    "beta": Recipe((RETURNS, BENCHMARK)),
    "alpha": Recipe(
        (RETURNS, BENCHMARK),
        fixed=PPY,
        options={"method": "geometric"},
        extra=(
            *PPY_EXTRAS,
            Extra("risk_free_inf", {"risk_free": float("inf")}, "value", "risk_free"),
        ),
    ),
    "up_capture": Recipe((RETURNS, BENCHMARK), fixed=PPY, extra=PPY_EXTRAS),
    "down_capture": Recipe((RETURNS, BENCHMARK), fixed=PPY, extra=PPY_EXTRAS),
    "capture_ratio": Recipe((RETURNS, BENCHMARK), fixed=PPY, extra=PPY_EXTRAS),
    "hit_rate": Recipe((RETURNS, BENCHMARK)),
    "rolling_beta": Recipe(
        (RETURNS, BENCHMARK),
        fixed={"window": 10},
        windows={"window": 10, "min_periods": 5},
        outcomes={"min_periods:window_too_large": "value"},
    ),
    "rolling_correlation": Recipe(
        (RETURNS, BENCHMARK),
        fixed={"window": 10},
        windows={"window": 10, "min_periods": 5},
        outcomes={"min_periods:window_too_large": "value"},
    ),
    "relative_drawdown": Recipe((PRICES, BENCHMARK_PRICES), propagates=True),
    # rrg.py
    "rrg": Recipe(
        (PRICES, BENCHMARK_PRICES),
        fixed={"window": 10, "momentum": 3},
        windows={"window": 10, "momentum": 3},
        # The RS-ratio needs `window` periods only; the RS-momentum is NaN.
        outcomes={"momentum:window_too_large": "ok"},
    ),
    "quadrant_transitions": Recipe(
        (PRICES, BENCHMARK_PRICES),
        call=lambda prices, benchmark_prices: _quadrant_transitions(
            rk.rrg(prices, benchmark_prices, window=10, momentum=3)
        ),
        direct_extras=True,
        extra=(
            Extra("not_a_frame", {"rrg_result": [1.0, 2.0]}, "error", "rrg_result"),
            Extra(
                "no_quadrant_column",
                {"rrg_result": pd.DataFrame({"x": [1.0]})},
                "error",
                "rrg_result",
            ),
            Extra(
                "unknown_quadrant",
                {
                    "rrg_result": pd.DataFrame(
                        {"quadrant": ["leading", "sideways"]}, index=DATES[:2]
                    )
                },
                "error",
                "rrg_result",
            ),
            Extra(
                "empty_frame",
                {"rrg_result": pd.DataFrame({"quadrant": pd.Series([], dtype=object)})},
                "ok_or_error",
                "rrg_result",
            ),
        ),
    ),
    # streaks.py
    "outperformance": Recipe(
        (RETURNS, BENCHMARK), extra=THRESHOLD_EXTRAS, propagates=False
    ),
    "run_lengths": Recipe((Arg("condition", "condition"),)),
    "streaks": Recipe(
        (RETURNS, BENCHMARK),
        windows={"min_length": 1},
        outcomes={"min_length:window_too_large": "ok"},
        extra=THRESHOLD_EXTRAS,
        finite_from_nan=True,
    ),
    "current_streak": Recipe(
        (RETURNS, BENCHMARK), extra=THRESHOLD_EXTRAS, finite_from_nan=True
    ),
    "longest_streak": Recipe(
        (RETURNS, BENCHMARK), extra=THRESHOLD_EXTRAS, finite_from_nan=True
    ),
    "streak_context": Recipe(
        (Arg("returns", "returns", single=True), BENCHMARK),
        extra=(
            *THRESHOLD_EXTRAS,
            Extra("asof_not_a_date", {"asof": "soon"}, "error", "asof"),
            Extra("asof_before_data", {"asof": "2000-01-03"}, "error", "asof"),
        ),
        finite_from_nan=True,
    ),
    "longest_run_probability": Recipe(
        (),
        fixed={"n": 30, "k": 5, "p": 0.5},
        extra=(
            *_count_extras("n"),
            *_count_extras("k"),
            *_scalar_extras("p", valid=0.5, kind="probability"),
            Extra("k_zero", {"k": 0}, "ok_or_error", "k"),
            Extra("k_above_n", {"k": 31}, "ok", "k"),
            Extra("n_zero", {"n": 0}, "ok_or_error", "n"),
            Extra("p_zero", {"p": 0.0}, "ok", "p"),
            Extra("p_one", {"p": 1.0}, "ok", "p"),
            Extra("n_huge", {"n": 10**6}, "ok_or_error", "n"),
        ),
    ),
    "expected_longest_run": Recipe(
        (),
        fixed={"n": 30, "p": 0.5},
        extra=(
            *_count_extras("n"),
            *_scalar_extras("p", valid=0.5, kind="probability"),
            Extra("n_zero", {"n": 0}, "ok_or_error", "n"),
            Extra("p_zero", {"p": 0.0}, "ok", "p"),
            Extra("p_one", {"p": 1.0}, "ok", "p"),
            Extra("n_huge", {"n": 10**6}, "ok_or_error", "n"),
        ),
    ),
    "runs_test": Recipe((Arg("condition", "condition", single=True),)),
    # valuation.py
    "aggregate_multiple": Recipe(
        (
            Arg("value", "positive", axis="constituent"),
            Arg("earnings", "earnings", axis="constituent"),
        ),
        options={"negative": "include", "method": "aggregate"},
    ),
    "negative_earnings_share": Recipe(
        (Arg("earnings", "earnings", axis="constituent"), WEIGHTS),
    ),
    "earnings_yield": Recipe((Arg("multiple", "positive"),), propagates=True),
    "valuation_gap": Recipe(
        (
            Arg("multiple", "positive"),
            Arg("benchmark_multiple", "positive", single=True),
        ),
        options={"method": "ratio"},
        propagates=True,
    ),
    "zscore": Recipe(
        (Arg("values", "real"),),
        windows={"window": 10, "min_periods": 5},
        propagates=True,
    ),
    "percentile_rank": Recipe(
        (Arg("values", "real"),),
        windows={"window": 10, "min_periods": 5},
        propagates=True,
    ),
    "half_life": Recipe(
        (Arg("values", "real", single=True),),
        outcomes={"values:alternating_nan": "error"},  # no consecutive pair to fit
    ),
    "implied_rerating": Recipe(
        (
            Arg("multiple", "positive"),
            Arg("benchmark_multiple", "positive", single=True),
        ),
        options={"target": "mean"},
        windows={"window": 10, "min_periods": 5},
        extra=(
            Extra("target_zero", {"target": 0.0}, "error", "target"),
            Extra("target_nan", {"target": float("nan")}, "type_or_value", "target"),
            Extra("half_life_zero", {"half_life": 0.0}, "value", "half_life"),
            Extra("half_life_negative", {"half_life": -3.0}, "value", "half_life"),
            Extra("half_life_text", {"half_life": "3"}, "type_or_value", "half_life"),
        ),
    ),
    "yield_gap": Recipe(
        (
            Arg("earnings_yield", "earnings_yield"),
            Arg("bond_yield", "yields", single=True),
        ),
        options={"yield_units": "percent"},
    ),
    # rates.py
    "rate_beta": Recipe(
        (RETURNS, YIELDS),
        options={"yield_units": "percent"},
        extra=_count_extras("lags"),
    ),
    "rolling_rate_beta": Recipe(
        (RETURNS, YIELDS),
        fixed={"window": 10},
        windows={"window": 10, "min_periods": 5},
        options={"yield_units": "percent"},
        outcomes={
            # min_periods defaults to 3/4 of the window: a window longer than
            # the data still has enough observations.
            "window:window_too_large": "ok",
            "min_periods:window_too_large": "value",
            "min_periods:window_one": "value",  # a slope needs two points
        },
    ),
    "empirical_duration": Recipe((RETURNS, YIELDS), options={"yield_units": "percent"}),
    "relative_rate_beta": Recipe(
        (RETURNS, BENCHMARK, YIELDS),
        options={"yield_units": "percent"},
        extra=_count_extras("lags"),
    ),
    "floating_rate_sensitivity": Recipe(
        (
            Arg("debt", "weights", axis="company"),
            Arg("floating_share", "share", axis="company"),
            Arg("earnings", "earnings", axis="company"),
        ),
        fixed={"rate_change_bp": -75.0},
        extra=(
            *_scalar_extras("rate_change_bp", valid=-75.0, kind="real"),
            Extra(
                "floating_share_above_one",
                {"floating_share": 1.5},
                "error",
                "floating_share",
            ),
            Extra("tax_rate_one", {"tax_rate": 1.0}, "error", "tax_rate"),
            Extra("tax_rate_negative", {"tax_rate": -0.2}, "error", "tax_rate"),
            Extra("tax_rate_text", {"tax_rate": "0.2"}, "error", "tax_rate"),
        ),
        finite_from_nan=True,  # the interest saving does not need earnings
    ),
    "rate_regimes": Recipe(
        (Arg("policy_rate", "policy", single=True),),
        labelled_only=True,
        options={"rate_units": "percent"},
        windows={"hold_after": 5},
        outcomes={"hold_after:window_too_large": "ok"},
        extra=(
            Extra(
                "hold_after_text", {"hold_after": "soon"}, "type_or_value", "hold_after"
            ),
            Extra(
                "hold_after_negative_span", {"hold_after": "-3D"}, "value", "hold_after"
            ),
        ),
        finite_from_nan=True,
    ),
    "event_study": Recipe(
        (RETURNS, BENCHMARK),
        fixed={"events": Per([DATES[20]], [20]), "window": (-2, 3)},
        options={"cumulative": "sum"},
        extra=(
            Extra("events_empty", {"events": []}, "error", "events"),
            Extra("events_single_date", {"events": DATES[20]}, "error", "events"),
            Extra("events_not_dates", {"events": ["soon"]}, "error", "events"),
            Extra(
                "events_repeated", {"events": [DATES[20], DATES[20]]}, "error", "events"
            ),
            Extra(
                "events_outside_data",
                {"events": ["2000-01-03"]},
                "ok_or_error",
                "events",
            ),
            Extra(
                "events_aware_for_naive",
                {"events": [DATES[20].tz_localize("UTC")]},
                "alignment",
                "events",
            ),
            Extra("window_reversed", {"window": (3, -2)}, "value", "window"),
            Extra("window_not_a_pair", {"window": 5}, "type_or_value", "window"),
            Extra("window_fractions", {"window": (-2.5, 3)}, "type_or_value", "window"),
            Extra("window_too_wide", {"window": (-100, 100)}, "ok_or_error", "window"),
        ),
        finite_from_nan=True,
    ),
    # concentration.py
    "top_n_share": Recipe(
        (WEIGHTS,), windows={"n": 3}, outcomes={"n:window_too_large": "ok"}
    ),
    "hhi": Recipe((WEIGHTS,)),
    "effective_n": Recipe((WEIGHTS,)),
    "concentration_summary": Recipe(
        (WEIGHTS,), windows={"n": 3}, outcomes={"n:window_too_large": "ok"}
    ),
    "breadth": Recipe((PRICES,), windows={"window": 10}),
    # _engine.py: the computing engine
    "set_engine": Recipe(
        (),
        fixed={"name": "auto"},
        options={"name": "auto"},
        extra=(
            Extra("name_number", {"name": 3}, "type_or_value", "name"),
            Extra("name_none", {"name": None}, "type_or_value", "name"),
        ),
        good_call=False,  # a good call would switch the engine of later tests
    ),
    "engine": Recipe(
        (),
        fixed={"name": "numpy"},
        options={"name": "numpy"},
        call=_inside_engine,
        extra=(Extra("name_number", {"name": 3}, "type_or_value", "name"),),
    ),
    # report.py
    "rotation_report": Recipe(
        (Arg("prices", "prices", frame=True), YIELDS),
        labelled_only=True,
        options={"yield_units": "percent"},
        call=_rotation_report,
        finite_from_nan=True,  # the figures from prices do not need yields
        outcomes={
            "prices:nan_column": "error",  # no date with both the asset and the benchmark
            "*:disjoint_dates": "error",  # "`yields` has no date in the one-year window"
        },
        extra=(
            Extra(
                "one_series",
                {"prices": pd.Series(100.0, index=DATES)},
                "error",
                "prices",
            ),
            Extra("asset_not_a_column", {"asset": "zz"}, "error", "asset"),
            Extra("benchmark_not_a_column", {"benchmark": "zz"}, "error", "benchmark"),
            Extra("asof_not_a_date", {"asof": "soon"}, "error", "asof"),
            Extra("asof_before_data", {"asof": "2000-01-03"}, "error", "asof"),
        ),
    ),
}

EXEMPT: dict[str, str] = {
    "AggregateMultiple": "result class",
    "AlignmentError": "exception class",
    "Concentration": "result class",
    "EventStudy": "result class",
    "FloatingRateSensitivity": "result class",
    "FrequencyError": "exception class",
    "HalfLife": "result class",
    "InputError": "exception class",
    "RateBeta": "result class",
    "RotationkitError": "exception class",
    "RotationkitWarning": "warning class",
    "Run": "result class",
    "RunsTest": "result class",
    "StreakContext": "result class",
    "UndefinedMultipleWarning": "warning class",
    "YieldUnitsWarning": "warning class",
    "__version__": "version string",
    "datasets": "module; its functions are checked in test_datasets_bad_input",
    "set_options": "options context manager; takes no data (checked in test_set_options_bad_input)",
    "get_engine": "takes no argument",
    "precompile": "takes no argument",
    "RotationReport": "result class",
    "plotting": "module; its functions are checked in test_plotting_bad_input",
}


# --- building good and bad inputs ---

NUMERIC_CASES = (
    "empty",
    "single_row",
    "all_nan",
    "nan_start",
    "nan_middle",
    "nan_end",
    "posinf",
    "neginf",
    "zero",
    "negative",
    "strings",
    "objects",
    "booleans",
    "float32",
    "int",
    "three_dims",
    "duplicated_labels",
    "unsorted_labels",
    "two_columns",
    "nan_column",
    "alternating_nan",
    "constant",
    "nullable",
    "range_index",
    "python_list",
    "scaled_up",
    "scaled_down",
    "read_only",
    "strided",
    "big_endian",
    "complex",
    "datetimes",
    "extreme",
    "all_zero",
)
CONDITION_CASES = (
    "empty",
    "single_row",
    "missing_values",
    "numbers",
    "int",
    "strings",
    "three_dims",
    "duplicated_labels",
    "unsorted_labels",
    "two_columns",
)
LABEL_CASES = frozenset(
    {
        "duplicated_labels",
        "unsorted_labels",
        "missing_values",
        "nullable",
        "range_index",
    }
)
ARRAY_CASES = frozenset(
    {"three_dims", "python_list", "read_only", "strided", "big_endian"}
)
SCALED_KINDS = frozenset({"prices", "positive", "weights"})
# A constant that is not a binary fraction, per kind: round-off in running
# sums must still give a variance of exactly zero (NaN statistics, never inf).
CONSTANTS: dict[str, float] = {
    "prices": 101.3,
    "positive": 15.3,
    "returns": 0.001,
    "real": 0.1,
    "earnings": 1.1,
    "weights": 2.2,
    "share": 0.3,
    "earnings_yield": 0.05,
    "yields": 4.1,
    "policy": 5.25,
}
LABELLED: tuple[Container, ...] = ("series", "frame")
OK_CASES = frozenset(
    {
        "nan_start",
        "nan_middle",
        "nan_end",
        "nan_column",
        "alternating_nan",
        "float32",
        "int",
        "nullable",
        "python_list",
        "scaled_up",
        "scaled_down",
        "read_only",
        "strided",
        "big_endian",
    }
)
# Cases whose result must equal the result for the same numbers as float64.
REFERENCE_CASES = frozenset(
    {"float32", "int", "nullable", "python_list", "read_only", "strided", "big_endian"}
)


def _containers(recipe: Recipe, arg: Arg) -> tuple[Container, ...]:
    """Return the containers ``arg`` accepts."""
    if arg.single or arg.axis == "company":
        options: tuple[Container, ...] = ("series", "array")
    elif arg.frame:
        options = ("frame", "array2d")
    else:
        options = ("series", "frame", "array", "array2d")
    if recipe.labelled_only:
        options = tuple(c for c in options if c in LABELLED)
    return options


def _companion(arg: Arg, target: Container) -> Container:
    """Return the container of a good argument beside a target in ``target``."""
    labelled = target in LABELLED
    if arg.single or arg.axis == "company":
        return "series" if labelled else "array"
    if arg.frame:
        return "frame" if labelled else "array2d"
    return target


def _layout(arg: Arg, container: Container) -> tuple[pd.Index, list[str]]:
    """Return the row labels and column labels of ``arg`` in ``container``."""
    if arg.axis == "company":
        return pd.Index(COMPANIES, name="company"), [arg.name]
    if arg.axis == "constituent":
        if container in ("series", "array"):
            return pd.Index(CONSTITUENTS, name="constituent"), [arg.name]
        return DATES, CONSTITUENTS
    if container in ("frame", "array2d"):
        return DATES, ASSETS
    return DATES, [arg.name]


def _materialize(
    values: np.ndarray[Any, Any],
    rows: pd.Index,
    columns: list[str],
    container: Container,
) -> object:
    """Return ``values`` (rows x columns) in ``container``."""
    if container == "series":
        return pd.Series(values[:, 0], index=rows, name=columns[0])
    if container == "frame":
        return pd.DataFrame(values, index=rows, columns=columns)
    if container == "array":
        return values[:, 0].copy()
    return values.copy()


def _with_labels(rows: pd.Index, labels: np.ndarray[Any, Any]) -> pd.Index:
    relabelled: pd.Index = (
        pd.DatetimeIndex(labels, name=rows.name)
        if isinstance(rows, pd.DatetimeIndex)
        else pd.Index(labels, name=rows.name)
    )
    return relabelled


def _bad_value(
    arg: Arg,
    case: str,
    container: Container,
    values: np.ndarray[Any, Any],
    rows: pd.Index,
    columns: list[str],
) -> object:
    """Return ``arg``'s good data spoilt by ``case``."""
    middle = len(rows) // 2
    if case == "empty":
        return _materialize(values[:0], rows[:0], columns, container)
    if case == "single_row":
        return _materialize(values, rows, columns, container)
    if case == "two_columns":
        both = np.column_stack([values[:, 0], values[:, 0]])
        return _materialize(
            both, rows, ["x", "y"], "frame" if container in LABELLED else "array2d"
        )
    if case == "three_dims":
        return np.stack([values, values], axis=-1)
    if case == "python_list":
        listed: object = (
            values[:, 0].tolist() if container == "array" else values.tolist()
        )
        return listed
    if case == "nullable":
        obj = _materialize(values, rows, columns, container)
        assert isinstance(obj, (pd.Series, pd.DataFrame))
        masked: Any = obj.astype("Float64")
        masked.iloc[len(rows) // 2] = pd.NA
        return masked
    if case == "range_index":
        return _materialize(values, pd.RangeIndex(len(rows)), columns, container)
    if case in ("read_only", "strided", "big_endian"):
        return _unusual_array(case, _materialize(values, rows, columns, container))
    if case == "missing_values":
        masked = pd.array(values[:, 0].tolist(), dtype="boolean")
        masked[middle] = pd.NA
        return pd.Series(masked, index=rows, name=columns[0])
    if case in ("duplicated_labels", "unsorted_labels"):
        labels = rows.to_numpy().copy()
        if case == "duplicated_labels":
            labels[middle] = labels[middle - 1]
            return _materialize(values, _with_labels(rows, labels), columns, container)
        order = np.arange(len(rows))
        order[[middle - 1, middle]] = order[[middle, middle - 1]]
        return _materialize(values[order], rows[order], columns, container)
    spoilt = _spoil(arg.kind, case, values, middle)
    return _materialize(spoilt, rows, columns, container)


def _unusual_array(case: str, array: object) -> object:
    """Return ``array`` read-only, as a strided view, or big-endian."""
    assert isinstance(array, np.ndarray)
    if case == "read_only":
        array.flags.writeable = False
        return array
    if case == "strided":
        doubled = np.repeat(array, 2, axis=0)
        return doubled[::2]
    return array.astype(array.dtype.newbyteorder(">"))


def _spoil(
    kind: Kind, case: str, values: np.ndarray[Any, Any], middle: int
) -> np.ndarray[Any, Any]:
    """Return a spoilt copy of ``values`` (a value case)."""
    conversions: dict[str, Callable[[np.ndarray[Any, Any]], np.ndarray[Any, Any]]] = {
        "strings": lambda v: v.astype(str),
        "objects": lambda v: v.astype(object),
        "booleans": lambda v: v > np.median(v),
        "float32": lambda v: v.astype(np.float32),
        "int": lambda v: (
            v.astype(np.int64) if v.dtype == np.bool_ else _integers(kind, v)
        ),
        "numbers": lambda v: v.astype(np.float64),
        "all_nan": lambda v: np.full(v.shape, np.nan),
        "constant": lambda v: np.full(v.shape, CONSTANTS[kind]),
        "scaled_up": lambda v: v * 1e150,
        "scaled_down": lambda v: v * 1e-150,
        "extreme": lambda v: v * 1e100,
        "all_zero": lambda v: np.zeros(v.shape),
        "complex": lambda v: v + 1j,
        "datetimes": lambda v: (
            np.datetime64("2026-01-02") + np.arange(v.size).reshape(v.shape)
        ),
    }
    if case in conversions:
        return conversions[case](values)
    spoilt = values.astype(np.float64)
    if case == "nan_column":
        spoilt[:, -1] = np.nan
        return spoilt
    if case == "alternating_nan":
        spoilt[::2] = np.nan
        return spoilt
    position = {"nan_start": 0, "nan_end": -1}.get(case, middle)
    replacement = {
        "nan_start": np.nan,
        "nan_middle": np.nan,
        "nan_end": np.nan,
        "posinf": np.inf,
        "neginf": -np.inf,
        "zero": 0.0,
        "negative": -abs(spoilt[middle, 0]) or -1.0,
    }[case]
    if case.startswith("nan_"):
        spoilt[position, :] = replacement
    else:
        spoilt[position, 0] = replacement
    return spoilt


def _fixed(recipe: Recipe, *, labelled: bool) -> dict[str, object]:
    return {
        key: (value.labelled if labelled else value.positional)
        if isinstance(value, Per)
        else value
        for key, value in recipe.fixed.items()
    }


def _good_inputs(recipe: Recipe, container: Container) -> dict[str, object]:
    """Return good keyword arguments with the first data argument in ``container``."""
    kwargs: dict[str, object] = {}
    for position, arg in enumerate(recipe.args):
        chosen = container if position == 0 else _companion(arg, container)
        if position == 0 and arg.single and container not in ("series", "array"):
            chosen = "series"
        rows, columns = _layout(arg, chosen)
        values = _base_values(arg.kind, (len(rows), len(columns)), position)
        kwargs[arg.name] = _materialize(values, rows, columns, chosen)
    kwargs.update(_fixed(recipe, labelled=container in LABELLED))
    return kwargs


def _value_inputs(
    recipe: Recipe, target: Arg, case: str, container: Container
) -> dict[str, object]:
    """Return keyword arguments where ``target`` holds the bad value ``case``."""
    kwargs: dict[str, object] = {}
    for position, arg in enumerate(recipe.args):
        chosen = container if arg is target else _companion(arg, container)
        rows, columns = _layout(arg, chosen)
        values = _base_values(arg.kind, (len(rows), len(columns)), position)
        if case == "single_row":
            values, rows = values[:1], rows[:1]
        if arg is target:
            kwargs[arg.name] = _bad_value(arg, case, chosen, values, rows, columns)
        else:
            kwargs[arg.name] = _materialize(values, rows, columns, chosen)
    kwargs.update(_fixed(recipe, labelled=container in LABELLED))
    return kwargs


def _reference_inputs(kwargs: Mapping[str, object], target: str) -> dict[str, object]:
    """Return ``kwargs`` with ``target`` converted to float64 (the dtype reference)."""
    converted = dict(kwargs)
    value = kwargs[target]
    if isinstance(value, (pd.Series, pd.DataFrame)):
        converted[target] = value.astype(np.float64)
    else:
        converted[target] = np.asarray(value, dtype=np.float64)
    return converted


def _relabel(obj: object, index: pd.Index) -> object:
    assert isinstance(obj, (pd.Series, pd.DataFrame))
    moved = obj.copy()
    moved.index = index
    return moved


def _relation_inputs(recipe: Recipe, case: str) -> dict[str, object]:
    """Return inputs where the data arguments do not match each other."""
    time_args = [arg for arg in recipe.args if arg.axis != "company"]
    labelled_case = case not in ("length_mismatch", "company_length_mismatch")
    first = recipe.args[0]
    first_container: Container = (
        "frame" if first.axis == "constituent" or first.frame else "series"
    )
    if not labelled_case:
        first_container = "array"
    kwargs = _good_inputs(recipe, first_container)
    first_name, second = time_args[0].name, time_args[-1].name
    if case == "tz_aware":
        for arg in time_args:
            obj = kwargs[arg.name]
            assert isinstance(obj, (pd.Series, pd.DataFrame))
            kwargs[arg.name] = obj.tz_localize("UTC")
    elif case == "tz_naive_vs_aware":
        obj = kwargs[first_name]
        assert isinstance(obj, (pd.Series, pd.DataFrame))
        kwargs[first_name] = obj.tz_localize("UTC")
    elif case == "two_time_zones":
        for name, zone in ((first_name, "UTC"), (second, "America/New_York")):
            obj = kwargs[name]
            assert isinstance(obj, (pd.Series, pd.DataFrame))
            kwargs[name] = obj.tz_localize(zone)
    elif case == "disjoint_dates":
        kwargs[second] = _relabel(kwargs[second], DATES + pd.offsets.BDay(N + 5))
    elif case == "partial_overlap":
        kwargs[second] = _relabel(kwargs[second], DATES + pd.offsets.BDay(5))
    elif case == "labels_and_array":
        obj = kwargs[second]
        assert isinstance(obj, (pd.Series, pd.DataFrame))
        kwargs[second] = obj.to_numpy()
    elif case == "length_mismatch":
        value = kwargs[second]
        assert isinstance(value, np.ndarray)
        kwargs[second] = value[:-5]
    return kwargs


def _cross_section_inputs(recipe: Recipe, case: str) -> dict[str, object]:
    """Return one-dimensional constituent or company inputs that do not match."""
    container: Container = "array" if case == "length_mismatch" else "series"
    kwargs = _good_inputs(recipe, container)
    second = recipe.args[1].name
    value = kwargs[second]
    if isinstance(value, pd.Series):
        renamed = value.copy()
        renamed.index = pd.Index([f"z{i}" for i in range(len(value))])
        kwargs[second] = renamed
    else:
        assert isinstance(value, np.ndarray)
        kwargs[second] = value[:-1]
    return kwargs


# --- the cases ---


@dataclass(frozen=True)
class Case:
    """One call of one public function with one bad input."""

    function: str
    target: str  # the argument an error must name ("*": any data argument)
    name: str
    container: str
    outcome: Outcome
    build: Callable[[], dict[str, object]]
    reference_of: str | None = None  # dtype cases: compare with float64 input
    nan_label: object = None  # a label whose output must be NaN

    @property
    def id(self) -> str:
        return f"{self.function}-{self.target}-{self.name}-{self.container}"


def _outcome(recipe: Recipe, arg: Arg | None, case: str, default: Outcome) -> Outcome:
    name = "*" if arg is None else arg.name
    return recipe.outcomes.get(
        f"{name}:{case}", recipe.outcomes.get(f"*:{case}", default)
    )


def _default_value_outcome(arg: Arg, case: str, container: Container) -> Outcome:
    if arg.kind == "condition":
        documented: dict[str, Outcome] = {
            "single_row": "ok_or_error",
            "missing_values": "ok",
        }
        return documented.get(case, "error")
    if case in (
        "single_row",
        "all_nan",
        "constant",
        "range_index",
        "extreme",
        "all_zero",
    ):
        return "ok_or_error"
    if case in OK_CASES:
        return "ok"
    if case == "zero":
        return "error" if arg.kind in ZERO_IS_INVALID else "ok"
    if case == "negative":
        return "error" if arg.kind in NEGATIVE_IS_INVALID else "ok"
    if case == "unsorted_labels" and arg.axis != "time" and container == "series":
        return "ok"  # constituent or company labels need not be sorted
    return "error"


def _applies(arg: Arg, case: str, container: Container) -> bool:
    labelled = container in LABELLED
    if case in LABEL_CASES and not labelled:
        return False
    if case in ARRAY_CASES and labelled:
        return False
    if case == "two_columns":
        return arg.single
    if case == "nan_column":
        return container in ("frame", "array2d")
    if case in ("scaled_up", "scaled_down"):
        return arg.kind in SCALED_KINDS
    if case == "extreme":
        return arg.kind not in SCALED_KINDS
    if case == "all_zero":
        return arg.kind not in ZERO_IS_INVALID
    if case == "range_index" and arg.axis != "time" and container == "series":
        return False  # the labels of a cross-section are not times anyway
    return not (case == "missing_values" and container != "series")


def _value_cases(name: str, recipe: Recipe) -> Iterator[Case]:
    for arg in recipe.args:
        catalogue = CONDITION_CASES if arg.kind == "condition" else NUMERIC_CASES
        for container in _containers(recipe, arg):
            for case in catalogue:
                if not _applies(arg, case, container):
                    continue
                if case == "single_row" and arg is not recipe.args[0]:
                    continue  # every argument is cut to one row: once is enough
                outcome = _outcome(
                    recipe, arg, case, _default_value_outcome(arg, case, container)
                )
                dtype_case = case in REFERENCE_CASES and arg.kind != "condition"
                propagates = (
                    recipe.propagates and case == "nan_middle" and container in LABELLED
                )
                yield Case(
                    name,
                    "*" if case == "single_row" else arg.name,
                    case,
                    container,
                    outcome,
                    functools.partial(_value_inputs, recipe, arg, case, container),
                    reference_of=arg.name if dtype_case else None,
                    nan_label=DATES[MIDDLE]
                    if propagates and arg.axis == "time"
                    else None,
                )


def _relation_cases(name: str, recipe: Recipe) -> Iterator[Case]:
    time_args = [arg for arg in recipe.args if arg.axis != "company"]
    if not time_args:
        return
    cases: list[tuple[str, Outcome]] = []
    if not (time_args[0].axis == "constituent" and len(time_args) == 1):
        cases.append(("tz_aware", "ok"))
    if len(time_args) >= 2:
        cases += [
            ("tz_naive_vs_aware", "alignment"),
            ("two_time_zones", "alignment"),
            ("disjoint_dates", "alignment"),
            ("partial_overlap", "ok"),
        ]
        if not recipe.labelled_only:
            cases += [("length_mismatch", "alignment"), ("labels_and_array", "ok")]
    for case, default in cases:
        container = "array" if case == "length_mismatch" else "labelled"
        yield Case(
            name,
            "*",
            case,
            container,
            _outcome(recipe, None, case, default),
            functools.partial(_relation_inputs, recipe, case),
        )
    cross = [arg for arg in recipe.args if arg.axis != "time"]
    if len(cross) >= 2:
        for case in ("label_mismatch", "length_mismatch"):
            yield Case(
                name,
                "*",
                f"cross_section_{case}",
                "array" if case == "length_mismatch" else "series",
                _outcome(recipe, None, f"cross_section_{case}", "alignment"),
                functools.partial(_cross_section_inputs, recipe, case),
            )


def _keyword_cases(name: str, recipe: Recipe) -> Iterator[Case]:
    container: Container = (
        _containers(recipe, recipe.args[0])[0] if recipe.args else "array"
    )
    labelled = container in LABELLED

    def build(**changes: object) -> Callable[[], dict[str, object]]:
        def inputs() -> dict[str, object]:
            kwargs = (
                _good_inputs(recipe, container)
                if recipe.args
                else _fixed(recipe, labelled=labelled)
            )
            kwargs.update(changes)
            return kwargs

        return inputs

    for window, valid in recipe.windows.items():
        too_large = recipe.outcomes.get(f"{window}:window_too_large", "ok_or_error")
        yield Case(
            name,
            window,
            "window_too_large",
            container,
            too_large,
            build(**{window: N + 5}),
        )
        if valid > 1:
            one = recipe.outcomes.get(f"{window}:window_one", "ok_or_error")
            yield Case(name, window, "window_one", container, one, build(**{window: 1}))
        yield Case(
            name, window, "window_zero", container, "value", build(**{window: 0})
        )
        yield Case(
            name, window, "window_negative", container, "value", build(**{window: -3})
        )
        yield Case(
            name,
            window,
            "window_fraction",
            container,
            "type_or_value",
            build(**{window: 2.5}),
        )
        yield Case(
            name,
            window,
            "window_text",
            container,
            "type_or_value",
            build(**{window: "10"}),
        )
    for option in recipe.options:
        yield Case(
            name,
            option,
            "unknown_option",
            container,
            "value",
            build(**{option: "bogus"}),
        )
        yield Case(
            name,
            option,
            "option_case",
            container,
            "value",
            build(**{option: recipe.options[option].upper() + "x"}),
        )
    if recipe.labelled_only:
        arrays = _good_inputs(dataclasses.replace(recipe, labelled_only=False), "array")
        yield Case(
            name,
            recipe.args[0].name,
            "unlabelled",
            "array",
            "error",
            functools.partial(dict, arrays),
        )
    for extra in recipe.extra:
        if recipe.direct_extras:
            direct = Case(
                name,
                extra.argname,
                extra.name,
                "custom",
                extra.outcome,
                functools.partial(dict, extra.kwargs),
            )
            yield direct
        else:
            yield Case(
                name,
                extra.argname,
                extra.name,
                container,
                extra.outcome,
                build(**extra.kwargs),
            )
    if "periods_per_year" in recipe.fixed:
        arrays = _good_inputs(recipe, "array")
        arrays.pop("periods_per_year")
        yield Case(
            name,
            "periods_per_year",
            "frequency_unknown",
            "array",
            "frequency",
            functools.partial(dict, arrays),
        )


def _all_cases() -> list[Case]:
    cases: list[Case] = []
    for name, recipe in RECIPES.items():
        cases += _value_cases(name, recipe)
        cases += _relation_cases(name, recipe)
        cases += _keyword_cases(name, recipe)
    return cases


CASES = _all_cases()


# --- checking an outcome ---

ALLOWED_ERRORS: dict[Outcome, tuple[type[Exception], ...]] = {
    "ok": (),
    "error": (InputError,),
    "alignment": (AlignmentError,),
    "frequency": (FrequencyError,),
    "value": (ValueError,),
    "type_or_value": (TypeError, ValueError),
    "ok_or_error": (InputError,),
}


def _function(case: Case) -> Callable[..., Any]:
    recipe = RECIPES[case.function]
    if recipe.call is None or case.container == "custom":
        function: Callable[..., Any] = getattr(rk, case.function)
        return function
    return recipe.call


def _run(
    function: Callable[..., Any], kwargs: Mapping[str, object]
) -> tuple[object, Exception | None, list[warnings.WarningMessage]]:
    """Call ``function``; return its result or error and the warnings it issued."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        try:
            result = function(**kwargs)
        except Exception as exc:  # noqa: BLE001 - the matrix judges every exception
            return None, exc, list(caught)
    return result, None, list(caught)


def _fingerprint(obj: object) -> str:
    """Return a hash of ``obj``'s values, labels, dtypes and writeability."""
    digest = hashlib.sha256()
    if isinstance(obj, (pd.Series, pd.DataFrame)):
        digest.update(pd.util.hash_pandas_object(obj, index=True).to_numpy().tobytes())
        dtypes = obj.dtypes.to_dict() if isinstance(obj, pd.DataFrame) else obj.dtype
        names = list(obj.columns) if isinstance(obj, pd.DataFrame) else obj.name
        digest.update(repr((dtypes, names, obj.index.dtype, obj.index.name)).encode())
    elif isinstance(obj, np.ndarray):
        digest.update(repr((obj.dtype, obj.shape, obj.flags.writeable)).encode())
        digest.update(pickle.dumps(obj))
    else:
        digest.update(pickle.dumps(obj))
    return digest.hexdigest()


def _leaves(obj: object) -> Iterator[np.ndarray[Any, Any]]:
    """Yield every array or number in a result (Series, tables, result objects)."""
    if obj is None or isinstance(obj, (str, bytes, pd.Timestamp, pd.Index)):
        return
    if isinstance(obj, (bool, int, float, np.bool_, np.number)):
        yield np.asarray(obj)
    elif isinstance(obj, pd.DataFrame):
        for position in range(obj.shape[1]):
            yield from _leaves(obj.iloc[:, position])
    elif isinstance(obj, pd.Series):
        if pd.api.types.is_float_dtype(obj.dtype):
            yield obj.to_numpy(dtype=np.float64, na_value=np.nan)
        else:
            yield obj.to_numpy()
    elif isinstance(obj, np.ndarray):
        yield obj
    elif dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        for item in dataclasses.fields(obj):
            yield from _leaves(getattr(obj, item.name))
    elif isinstance(obj, Mapping):
        for value in obj.values():
            yield from _leaves(value)
    elif isinstance(obj, (list, tuple)):
        for value in obj:
            yield from _leaves(value)


def _floats(obj: object) -> list[np.ndarray[Any, Any]]:
    return [leaf for leaf in _leaves(obj) if leaf.dtype.kind == "f"]


def _assert_same_result(result: object, reference: object) -> None:
    ours, theirs = list(_leaves(result)), list(_leaves(reference))
    assert len(ours) == len(theirs)
    for mine, other in zip(ours, theirs, strict=True):
        if mine.dtype.kind in "iuf" and other.dtype.kind in "iuf":
            # (a result object may keep the input as given: integers stay integers)
            np.testing.assert_allclose(
                mine.astype(np.float64),
                other.astype(np.float64),
                rtol=1e-12,
                atol=0.0,
                equal_nan=True,
            )
        else:
            assert [repr(x) for x in np.ravel(mine)] == [
                repr(x) for x in np.ravel(other)
            ]


def _nan_at(result: object, label: Any) -> None:
    assert isinstance(result, (pd.Series, pd.DataFrame)), type(result)
    if label not in result.index:
        return
    row = result.loc[label]
    values = np.atleast_1d(np.asarray(row, dtype=np.float64))
    assert np.isnan(values).all(), row


def _argument_names(case: Case) -> list[str]:
    if case.target != "*":
        return [case.target]
    return [arg.name for arg in RECIPES[case.function].args]


def _check_error(case: Case, error: Exception) -> None:
    allowed = ALLOWED_ERRORS[case.outcome]
    assert isinstance(error, allowed), (
        f"{case.id}: expected {case.outcome}, got {type(error).__name__}: {error}"
    )
    names = _argument_names(case)
    if case.outcome == "frequency":  # "pass periods_per_year (252 business days ...)"
        names = ["periods_per_year"]
        assert "periods_per_year" in str(error), f"{case.id}: {error}"
        return
    assert any(f"`{name}`" in str(error) for name in names), (
        f"{case.id}: the message does not name {names}: {error}"
    )
    if case.name in ("unknown_option", "option_case"):
        default = RECIPES[case.function].options[case.target]
        assert repr(default) in str(error), (
            f"{case.id}: valid choices not listed: {error}"
        )


def _check_result(case: Case, kwargs: Mapping[str, object], result: object) -> None:
    assert case.outcome in ("ok", "ok_or_error"), (
        f"{case.id}: expected {case.outcome}, got {result!r}"
    )
    for leaf in _floats(result):
        assert not np.isinf(leaf).any(), f"{case.id}: infinite output"
    recipe = RECIPES[case.function]
    if case.name in ("all_nan", "window_too_large") and not recipe.finite_from_nan:
        if case.name == "window_too_large" and case.outcome == "ok":
            return
        finite = [leaf for leaf in _floats(result) if np.isfinite(leaf).any()]
        assert not finite, f"{case.id}: numbers from no data: {finite}"
    if case.name in ("constant", "all_zero"):
        huge = [
            leaf
            for leaf in _floats(result)
            if (np.abs(leaf[np.isfinite(leaf)]) > 1e8).any()
        ]
        assert not huge, f"{case.id}: round-off blown up on constant input: {huge}"
    if case.nan_label is not None:
        _nan_at(result, case.nan_label)
    if case.reference_of is not None:
        reference, error, _ = _run(
            _function(case), _reference_inputs(kwargs, case.reference_of)
        )
        assert error is None, (
            f"{case.id}: float64 input fails but {case.name} works: {error}"
        )
        _assert_same_result(result, reference)


@pytest.mark.parametrize("case", CASES, ids=[case.id for case in CASES])
def test_bad_input(case: Case) -> None:
    kwargs = case.build()
    before = {key: _fingerprint(value) for key, value in kwargs.items()}
    result, error, caught = _run(_function(case), kwargs)
    after = {key: _fingerprint(value) for key, value in kwargs.items()}
    assert before == after, f"{case.id}: the input was mutated"
    foreign = [w for w in caught if not issubclass(w.category, RotationkitWarning)]
    assert not foreign, f"{case.id}: " + "; ".join(
        f"{w.category.__name__}: {w.message} ({w.filename}:{w.lineno})" for w in foreign
    )
    if error is not None:
        if case.outcome == "ok":
            msg = f"{case.id}: expected a result, got {type(error).__name__}: {error}"
            raise AssertionError(msg) from error
        _check_error(case, error)
    else:
        _check_result(case, kwargs, result)


# --- the matrix itself ---


def test_every_public_name_has_a_recipe() -> None:
    public = set(rk.__all__)
    missing = sorted(public - set(RECIPES) - set(EXEMPT))
    assert not missing, f"public names without a bad-input recipe: {missing}"
    stale = sorted((set(RECIPES) | set(EXEMPT)) - public)
    assert not stale, f"recipes for names that are not public: {stale}"
    for name in EXEMPT:
        obj = getattr(rk, name)
        if inspect.isfunction(obj):  # only a function without parameters
            assert not inspect.signature(obj).parameters, f"{name}: give it a recipe"


def test_every_recipe_matches_the_signature() -> None:
    for name, recipe in RECIPES.items():
        if recipe.call is not None:
            continue
        parameters = inspect.signature(getattr(rk, name)).parameters
        keywords = [arg.name for arg in recipe.args]
        keywords += [*recipe.fixed, *recipe.windows, *recipe.options]
        keywords += [key for extra in recipe.extra for key in extra.kwargs]
        unknown = sorted(set(keywords) - set(parameters))
        assert not unknown, f"{name}: {unknown} are not parameters"


def test_every_function_takes_good_input() -> None:
    for name, recipe in RECIPES.items():
        if not recipe.good_call:
            continue
        function = _function(Case(name, "*", "good", "", "ok", dict))
        containers = _containers(recipe, recipe.args[0]) if recipe.args else ("array",)
        for container in containers:
            kwargs = (
                _good_inputs(recipe, container) if recipe.args else dict(recipe.fixed)
            )
            result, error, caught = _run(function, kwargs)
            assert error is None, f"{name}/{container}: {error!r}"
            assert not caught, f"{name}/{container}: {[str(w.message) for w in caught]}"
            for leaf in _floats(result):
                assert not np.isinf(leaf).any(), f"{name}/{container}: infinite output"


def test_the_matrix_is_large() -> None:
    functions = {case.function for case in CASES}
    assert functions == set(RECIPES)
    assert len(CASES) > 20 * len(RECIPES)


# --- warnings policy and the callables outside the function table ---

SOURCE = Path(rk.__file__).resolve().parent


def _warnings_calls(attribute: str) -> Iterator[tuple[str, ast.Call]]:
    """Yield every call ``warnings.<attribute>(...)`` in the library's source."""
    for path in sorted(SOURCE.glob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Call)
                and isinstance(node.func, ast.Attribute)
                and node.func.attr == attribute
                and isinstance(node.func.value, ast.Name)
                and node.func.value.id == "warnings"
            ):
                yield f"{path.name}:{node.lineno}", node


# The command line is an application, not the library: it may collect the
# warnings of a run to print them, and quiet pandas while it parses a file.
APPLICATION_MODULES = ("cli.py", "__main__.py")


def test_the_library_filters_no_warnings() -> None:
    filters = ("filterwarnings", "simplefilter", "catch_warnings", "resetwarnings")
    offenders = [
        place
        for name in filters
        for place, _ in _warnings_calls(name)
        if not place.startswith(APPLICATION_MODULES)
    ]
    assert not offenders, offenders


def test_warnings_use_rotationkit_categories() -> None:
    own = {
        name
        for name in rk.errors.__all__
        if issubclass(getattr(rk.errors, name), Warning)
    }
    for name in own:
        assert issubclass(getattr(rk.errors, name), RotationkitWarning), name
        assert getattr(rk.errors, name).__doc__, name
    for place, call in _warnings_calls("warn"):
        category = call.args[1] if len(call.args) > 1 else None
        for keyword in call.keywords:
            if keyword.arg == "category":
                category = keyword.value
        assert isinstance(category, ast.Name), f"{place}: warning without a category"
        assert category.id in own, (
            f"{place}: {category.id} is not a rotationkit warning"
        )
        stacklevel = [k for k in call.keywords if k.arg == "stacklevel"]
        assert stacklevel, (
            f"{place}: no stacklevel (the warning points inside rotationkit)"
        )


def test_datasets_bad_input() -> None:
    with pytest.raises(InputError, match=r"`end`|`start`"):
        rk.datasets.synthetic_prices(start="2026-01-30", end="2011-01-03")
    with pytest.raises(InputError, match="`start`"):
        rk.datasets.synthetic_prices(start="soon")
    with pytest.raises((TypeError, ValueError), match="`seed`"):
        rk.datasets.synthetic_prices(seed="0")  # type: ignore[arg-type]


def test_set_options_bad_input() -> None:
    with pytest.raises(TypeError, match="`time_column`"):
        rk.set_options(time_column=3)
    with pytest.raises(TypeError, match="`time_dim`"):
        rk.set_options(time_dim=None)


def _plotting_cases() -> list[tuple[str, dict[str, object], str]]:
    """Bad calls of the chart functions: (function, keywords, argument named)."""
    prices = pd.Series(_base_values("prices", (N, 1), 0)[:, 0], index=DATES, name="a")
    bench = pd.Series(_base_values("prices", (N, 1), 1)[:, 0], index=DATES, name="b")
    returns, bench_returns = prices.pct_change().iloc[1:], bench.pct_change().iloc[1:]
    bad_values: dict[str, Callable[[pd.Series[float]], object]] = {
        "empty": lambda x: x.iloc[:0],
        "infinite": lambda x: x.where(x.index != x.index[5], np.inf),
        "strings": lambda x: x.astype(str),
        "unsorted": lambda x: x.iloc[::-1],
        "unlabelled": lambda x: x.to_numpy()[:-3],
    }
    cases: list[tuple[str, dict[str, object], str]] = []
    for bad, spoil in bad_values.items():
        del bad
        cases += [
            (
                "plot_relative_strength",
                {"prices": spoil(prices), "benchmark_prices": bench},
                "prices",
            ),
            (
                "plot_relative_strength",
                {"prices": prices, "benchmark_prices": spoil(bench)},
                "benchmark_prices",
            ),
            (
                "plot_streaks",
                {"returns": spoil(returns), "benchmark": bench_returns},
                "returns",
            ),
            (
                "plot_rrg",
                {
                    "prices": spoil(prices),
                    "benchmark_prices": bench,
                    "window": 5,
                    "momentum": 2,
                },
                "prices",
            ),
            ("plot_zscore", {"values": spoil(prices)}, "values"),
            (
                "plot_rolling_beta",
                {"returns": returns, "benchmark": spoil(bench_returns), "window": 5},
                "benchmark",
            ),
        ]
    cases += [
        (
            "plot_rolling_beta",
            {"returns": returns, "benchmark": bench_returns, "window": 0},
            "window",
        ),
        ("plot_zscore", {"values": prices, "window": -1}, "window"),
        (
            "plot_rrg",
            {"prices": prices, "benchmark_prices": bench.tz_localize("UTC")},
            "prices",
        ),
        ("plot_report", {"report": prices}, "report"),
    ]
    return cases


PLOTTING_CASES = _plotting_cases()


@pytest.mark.parametrize(
    ("function", "kwargs", "argname"),
    PLOTTING_CASES,
    ids=[f"{case[0]}-{case[2]}-{i}" for i, case in enumerate(PLOTTING_CASES)],
)
def test_plotting_bad_input(
    function: str, kwargs: dict[str, object], argname: str
) -> None:
    matplotlib = pytest.importorskip("matplotlib")
    matplotlib.use("Agg", force=True)
    import matplotlib.pyplot as plt

    before = {key: _fingerprint(value) for key, value in kwargs.items()}
    try:
        _, error, caught = _run(getattr(rk.plotting, function), kwargs)
    finally:
        plt.close("all")
    assert before == {key: _fingerprint(value) for key, value in kwargs.items()}
    assert not caught, [str(w.message) for w in caught]
    assert isinstance(error, (InputError, TypeError, ValueError)), repr(error)
    assert f"`{argname}`" in str(error) or (
        argname == "prices" and "`benchmark_prices`" in str(error)
    ), str(error)
