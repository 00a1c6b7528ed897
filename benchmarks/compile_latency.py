#!/usr/bin/env python3
"""Measure the first-call latency of the compiled engine: compiling, then loading the cache.

Each measurement runs in a fresh Python process that imports rotationkit,
switches to the numba engine and calls public functions backed by compiled
kernels once, on small column-major DataFrames (the layout frames of several
assets usually have; see :data:`PANEL`). The time of the same calls once
compiled is subtracted, so what remains is the latency the engine adds.

* **Every kernel**: one process calls every function, starting from an empty
  cache directory (``NUMBA_CACHE_DIR``), so every kernel is compiled; a
  second process finds the machine code the first one cached.
* **Per function**: one process per function, each with an empty cache of
  its own: what the first call of that function costs in a new session on a
  fresh install. Functions share kernels (rolling beta and correlation, for
  instance), so these add up to more than the first figure.
* **precompile()**: one process runs :func:`rotationkit.precompile` with an
  empty cache (every kernel, for every memory layout), a second one with the
  cache the first filled (measured only with every function).

Usage::

    python benchmarks/compile_latency.py
    python benchmarks/compile_latency.py --functions streaks,rrg
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = ["CALLS", "PANEL", "Latency", "main", "measure"]

#: The inputs every probe builds (``_SETUP``), for the report.
PANEL = (
    "column-major frames of 400 business days x 3 assets, one missing return; "
    "`wide`: 400 x 400, large enough for the compiled check of the values"
)

_SETUP = r"""
import json, sys, time
start = time.perf_counter()
import numba
imported = time.perf_counter() - start
import numpy as np, pandas as pd
import rotationkit as rk

rng = np.random.default_rng(0)
index = pd.bdate_range("2020-01-01", periods=400)


def frame(values):
    # Column-major, as frames of several assets usually come.
    return pd.DataFrame(np.asfortranarray(values), index=index)


returns = frame(rng.normal(0.0, 0.01, (400, 3)))
returns.iloc[5, 1] = np.nan
bench = pd.Series(rng.normal(0.0, 0.01, 400), index=index)
prices = frame((1.0 + returns.fillna(0.0)).cumprod().to_numpy())
bench_prices = (1.0 + bench).cumprod()
yields = 4.0 + bench.cumsum()
# The compiled check of the values (infinite, not positive) takes over from
# numpy only on panels of at least _PARALLEL_CELLS values.
wide = frame(rng.normal(0.0, 0.01, (400, 400)))
from rotationkit._kernels_numba import _PARALLEL_CELLS
assert wide.size >= _PARALLEL_CELLS
assert all(x.to_numpy().flags.f_contiguous for x in (returns, prices, wide))
"""

_TIMING = r"""
rk.set_engine("numba")
start = time.perf_counter()
calls()
first = time.perf_counter() - start
start = time.perf_counter()
calls()
again = time.perf_counter() - start
print(json.dumps({"import": imported, "first": first, "again": again}))
"""

#: Public functions that between them use every compiled kernel for
#: column-major frames, as the probe calls them (the kernels for row-major
#: ones, a tiled copy and row-wise returns, are left out). ``hit_rate`` stands
#: for the check of the values that every function makes on its inputs,
#: compiled on large panels only.
CALLS: dict[str, str] = {
    "to_returns": "rk.to_returns(prices)",
    "rolling_beta": "rk.rolling_beta(returns, bench, 60)",
    "rolling_correlation": "rk.rolling_correlation(returns, bench, 60)",
    "zscore_rolling": "rk.zscore(prices, window=100)",
    "zscore_expanding": "rk.zscore(prices)",
    "percentile_rank": "rk.percentile_rank(prices, window=100)",
    "implied_rerating": (
        'rk.implied_rerating(prices, bench_prices, target="median", window=100)'
    ),
    "streaks": "rk.streaks(returns, bench)",
    "run_lengths": "rk.run_lengths(returns > 0.0)",
    "current_streak": "rk.current_streak(returns, bench)",
    "longest_streak": "rk.longest_streak(returns, bench)",
    "rate_beta": "rk.rate_beta(returns, yields)",
    "rrg": "rk.rrg(prices, bench_prices)",
    "breadth": "rk.breadth(prices, window=50)",
    "value_check": "rk.hit_rate(wide, bench)",
}


_PRECOMPILE = r"""
import json
import rotationkit as rk
print(json.dumps({"seconds": rk.precompile()}))
"""


def _probe_code(names: Sequence[str]) -> str:
    body = "".join(f"    {CALLS[name]}\n" for name in names)
    return f"{_SETUP}\ndef calls():\n{body}\n{_TIMING}"


@dataclass(frozen=True)
class Latency:
    """Seconds the numba engine adds on first use, without and with a cache."""

    import_numba: float
    compile_cold: float
    load_cached: float
    #: (call, seconds) of each function's first call alone, compiling its kernels.
    per_function: tuple[tuple[str, float], ...] = ()
    #: The names of :data:`CALLS` measured; empty for all of them.
    functions: tuple[str, ...] = ()
    #: Seconds of ``rk.precompile()`` with an empty cache, then cached.
    precompile: tuple[float, float] | None = None

    def summary(self) -> str:
        """One sentence for the report."""
        measured = (
            "the kernels of " + ", ".join(self.functions)
            if self.functions
            else "every compiled kernel"
        )
        text = (
            f"first use of {measured}: {self.compile_cold:.2f} s with an "
            f"empty cache (compiling), {self.load_cached:.2f} s once cached; "
            f"importing numba itself: {self.import_numba:.2f} s"
        )
        if self.precompile is not None:
            cold, cached = self.precompile
            text += (
                f"; `rk.precompile()`, every kernel for every memory layout: "
                f"{cold:.2f} s with an empty cache, {cached:.2f} s once cached"
            )
        return text

    def table(self) -> str:
        """The first call of each function alone, as a Markdown table."""
        if not self.per_function:
            return ""
        rows = "".join(
            f"| `{call}` | {seconds:.2f} s |\n" for call, seconds in self.per_function
        )
        return (
            "| first call, empty cache | latency |\n| --- | ---: |\n" + rows
        ).rstrip("\n")


def _probe(cache: str, names: Sequence[str]) -> dict[str, float]:
    return _run_probe(cache, _probe_code(names))


def _run_probe(cache: str, code: str) -> dict[str, float]:
    environment = {**os.environ, "NUMBA_CACHE_DIR": cache}
    environment.pop("ROTATIONKIT_ENGINE", None)
    completed = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        env=environment,
    )
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def _cold_latency(names: Sequence[str]) -> float:
    with tempfile.TemporaryDirectory(prefix="rotationkit-numba-cache-") as cache:
        timings = _probe(cache, names)
    return timings["first"] - timings["again"]


def _precompile_latency() -> tuple[float, float]:
    with tempfile.TemporaryDirectory(prefix="rotationkit-numba-cache-") as cache:
        cold = _run_probe(cache, _PRECOMPILE)
        cached = _run_probe(cache, _PRECOMPILE)
    return cold["seconds"], cached["seconds"]


def _checked_names(functions: Sequence[str] | None) -> list[str]:
    if functions is None:
        return list(CALLS)
    names = list(dict.fromkeys(functions))  # each once, in order
    if not names:
        msg = "no functions given"
        raise ValueError(msg)
    unknown = sorted(set(names) - set(CALLS))
    if unknown:
        msg = f"unknown functions {unknown}; choose from {sorted(CALLS)}"
        raise ValueError(msg)
    return names


def measure(functions: Sequence[str] | None = None) -> Latency:
    """Return the latency of a cold (empty cache) and of a cached first use.

    ``functions`` (names from :data:`CALLS`; all by default) are called
    together for the cold and cached figures, and each alone for the
    per-function ones; ``rk.precompile()`` is measured only with all of them.
    """
    names = _checked_names(functions)
    with tempfile.TemporaryDirectory(prefix="rotationkit-numba-cache-") as cache:
        cold = _probe(cache, names)
        cached = _probe(cache, names)
    compile_cold = cold["first"] - cold["again"]
    per_function: tuple[tuple[str, float], ...]
    if len(names) == 1:  # the cold figure is already that call alone
        per_function = ((CALLS[names[0]], compile_cold),)
    else:
        per_function = tuple((CALLS[name], _cold_latency([name])) for name in names)
    return Latency(
        import_numba=cached["import"],
        compile_cold=compile_cold,
        load_cached=cached["first"] - cached["again"],
        per_function=per_function,
        functions=() if functions is None else tuple(names),
        precompile=_precompile_latency() if functions is None else None,
    )


def _parse_functions(text: str) -> list[str]:
    try:
        return _checked_names(
            [name.strip() for name in text.split(",") if name.strip()]
        )
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def main(argv: Sequence[str] | None = None) -> int:
    """Print the latency."""
    parser = argparse.ArgumentParser(description=(__doc__ or "").splitlines()[0])
    parser.add_argument(
        "--functions",
        type=_parse_functions,
        default=None,
        help="comma-separated names to measure (default: all): " + ", ".join(CALLS),
    )
    args = parser.parse_args(argv)
    latency = measure(args.functions)
    print(latency.summary())
    print(latency.table())
    return 0


if __name__ == "__main__":
    sys.exit(main())
