#!/usr/bin/env python3
"""Measure the first-call latency of the compiled engine: compiling, then loading the cache.

Each measurement runs in a fresh Python process that imports rotationkit,
switches to the numba engine and calls every public function backed by a
compiled kernel once, on a small panel (a pandas DataFrame, the usual
layout). The first process starts from an empty cache directory
(``NUMBA_CACHE_DIR``), so every kernel is compiled; the second finds the
machine code the first one cached. The time of the same calls once compiled
is subtracted, so what remains is the latency the engine adds.

Usage::

    python benchmarks/compile_latency.py
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from dataclasses import dataclass

__all__ = ["Latency", "main", "measure"]

_PROBE = r"""
import json, sys, time
start = time.perf_counter()
import numba
imported = time.perf_counter() - start
import numpy as np, pandas as pd
import rotationkit as rk

rng = np.random.default_rng(0)
index = pd.bdate_range("2020-01-01", periods=400)
returns = pd.DataFrame(rng.normal(0.0, 0.01, (400, 3)), index=index)
returns.iloc[5, 1] = np.nan
bench = pd.Series(rng.normal(0.0, 0.01, 400), index=index)
prices = (1.0 + returns.fillna(0.0)).cumprod()
bench_prices = (1.0 + bench).cumprod()
yields = 4.0 + bench.cumsum()

def calls():
    rk.rolling_beta(returns, bench, 60)
    rk.rolling_correlation(returns, bench, 60)
    rk.zscore(prices, window=100)
    rk.zscore(prices)
    rk.percentile_rank(prices, window=100)
    rk.implied_rerating(prices, bench_prices, target="median", window=100)
    rk.streaks(returns, bench)
    rk.run_lengths(returns > 0.0)
    rk.current_streak(returns, bench)
    rk.longest_streak(returns, bench)
    rk.rate_beta(returns, yields)
    rk.rrg(prices, bench_prices)

rk.set_engine("numba")
start = time.perf_counter()
calls()
first = time.perf_counter() - start
start = time.perf_counter()
calls()
again = time.perf_counter() - start
print(json.dumps({"import": imported, "first": first, "again": again}))
"""


@dataclass(frozen=True)
class Latency:
    """Seconds the numba engine adds on first use, without and with a cache."""

    import_numba: float
    compile_cold: float
    load_cached: float

    def summary(self) -> str:
        """One sentence for the report."""
        return (
            f"first use of every compiled kernel: {self.compile_cold:.2f} s with an "
            f"empty cache (compiling), {self.load_cached:.2f} s once cached; "
            f"importing numba itself: {self.import_numba:.2f} s"
        )


def _probe(cache: str) -> dict[str, float]:
    environment = {**os.environ, "NUMBA_CACHE_DIR": cache}
    environment.pop("ROTATIONKIT_ENGINE", None)
    completed = subprocess.run(
        [sys.executable, "-c", _PROBE],
        capture_output=True,
        text=True,
        timeout=600,
        check=True,
        env=environment,
    )
    result: dict[str, float] = json.loads(completed.stdout.strip().splitlines()[-1])
    return result


def measure() -> Latency:
    """Return the latency of a cold (empty cache) and of a cached first use."""
    with tempfile.TemporaryDirectory(prefix="rotationkit-numba-cache-") as cache:
        cold = _probe(cache)
        cached = _probe(cache)
    return Latency(
        import_numba=cached["import"],
        compile_cold=cold["first"] - cold["again"],
        load_cached=cached["first"] - cached["again"],
    )


def main() -> int:
    """Print the latency."""
    print(measure().summary())
    return 0


if __name__ == "__main__":
    sys.exit(main())
