#!/usr/bin/env python3
"""Out-of-core: a panel larger than the workers' memory, through dask.

The panel of daily returns (20,000 assets x 7,560 days, 1.2 GB of float64 by
default) is generated chunk by chunk inside a dask.distributed ``LocalCluster``
whose workers may use 512 MB each: it never exists in memory as a whole.
rotationkit computes each workload lazily, block by block (the whole history
of some assets per block), and only the per-asset results come back. The same
workloads then run in memory on the numpy panel in a fresh process, for
comparison; both results must agree. Both use the numpy engine unless
``--engine`` says otherwise.

Reported per workload: wall time, throughput (GB of input panel per second)
and peak resident memory per process, as the operating system counts it
(``ru_maxrss``: the Python interpreter and its libraries included). Each
workload gets a fresh cluster, so the workers' peaks belong to it; the
in-memory run's peak includes the panel itself. The dask wall time includes
generating the panel (the in-memory one does not); the "generate only" row
gives that share. Unix only (``resource``).

Usage::

    python benchmarks/bench_dask.py                        # 20,000 x 7,560
    python benchmarks/bench_dask.py --assets 40000         # 2.4 GB
    python benchmarks/bench_dask.py --assets 500 --days 1000 --quick  # smoke run
"""

from __future__ import annotations

import argparse
import importlib
import json
import logging
import os
import resource
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd

import rotationkit as rk

if TYPE_CHECKING:
    from collections.abc import Callable, Iterator

__all__ = [
    "WORKLOADS",
    "Measurement",
    "lazy_panel",
    "main",
    "peak_rss_mb",
    "run_dask",
    "run_numpy",
]

WINDOW = 252
SEED = 2026
GB = 1e9

FloatArray = np.ndarray[Any, np.dtype[np.float64]]


def _latest(result: Any) -> Any:
    """The last row (one value per asset) of a numpy array or a DataArray."""
    return result.isel(time=-1) if hasattr(result, "isel") else result[-1]


# Each workload gives one value per asset: what a screen of 20,000 stocks
# keeps from a rolling statistic is its latest value. The same code runs on
# the lazy DataArray and on the numpy panel.
WORKLOADS: dict[str, Callable[[Any, Any], Any]] = {
    "rolling_beta (252 days), latest": lambda r, b: _latest(
        rk.rolling_beta(r, b, WINDOW)
    ),
    "zscore (252 days), latest": lambda r, _: _latest(rk.zscore(r, window=WINDOW)),
    "current_streak": rk.current_streak,
    "tracking_error": lambda r, b: rk.tracking_error(r, b, periods_per_year=252),
}


def lazy_panel(n_days: int, n_assets: int, chunk: int) -> tuple[Any, Any]:
    """Return lazy daily returns (time x asset DataArray) and an in-memory benchmark.

    Every chunk holds the whole history of ``chunk`` assets and is drawn
    from its own seeded generator when a worker needs it.
    """
    da: Any = importlib.import_module("dask.array")
    xr: Any = importlib.import_module("xarray")
    dates = pd.bdate_range(end="2026-01-30", periods=n_days)
    rng = da.random.default_rng(SEED)
    noise = rng.normal(0.0002, 0.01, size=(n_days, n_assets), chunks=(n_days, chunk))
    bench = np.random.default_rng(SEED).normal(0.0003, 0.009, n_days)
    returns = xr.DataArray(
        noise + 0.9 * bench[:, np.newaxis],
        dims=("time", "asset"),
        coords={"time": dates, "asset": np.arange(n_assets)},
        name="returns",
    )
    benchmark = xr.DataArray(bench, dims=("time",), coords={"time": dates})
    return returns, benchmark


# --------------------------------------------------------------------------
# peak memory
# --------------------------------------------------------------------------


def peak_rss_mb() -> float:
    """Return the peak resident memory of this process so far, in MB (the kernel's count)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / 1e6 if sys.platform == "darwin" else peak * 1024 / 1e6


# --------------------------------------------------------------------------
# the two runs
# --------------------------------------------------------------------------


@dataclass(frozen=True)
class Measurement:
    """One timed workload."""

    workload: str
    engine: str
    seconds: float
    peaks_mb: list[float]
    input_gb: float

    @property
    def throughput(self) -> float:
        """GB of input panel per second."""
        return self.input_gb / self.seconds


def run_dask(
    args: argparse.Namespace, workloads: list[str]
) -> tuple[list[Measurement], dict[str, FloatArray]]:
    """Time every workload on a LocalCluster with memory-limited workers.

    Each workload gets a fresh cluster, so that the peak memory its workers
    report afterwards (the kernel's count for their process) belongs to it
    alone. The workers import rotationkit and xarray before the clock starts.
    """
    distributed: Any = importlib.import_module("distributed")
    returns, bench = lazy_panel(args.days, args.assets, args.chunk)
    input_gb = returns.nbytes / GB
    measurements, results = [], {}
    cases: dict[str, Callable[[Any, Any], Any]] = {
        "generate only": lambda r, _: r.sum("time")
    }
    cases.update({name: WORKLOADS[name] for name in workloads})
    for name, workload in cases.items():
        with (
            distributed.LocalCluster(
                n_workers=args.workers,
                threads_per_worker=1,
                memory_limit=args.memory_limit,
                processes=True,
                dashboard_address=None,
                silence_logs=logging.ERROR,
            ) as cluster,
            distributed.Client(cluster) as client,
        ):
            for module in ("rotationkit", "xarray", "dask.array"):
                client.run(importlib.import_module, module)
            lazy = workload(returns, bench)
            start = time.perf_counter()
            value = lazy.compute()
            seconds = time.perf_counter() - start
            peaks = sorted(client.run(peak_rss_mb).values(), reverse=True)
        measurements.append(Measurement(name, "dask", seconds, peaks, input_gb))
        results[name] = np.asarray(value)
        print(_line(measurements[-1]), flush=True)
    return measurements, results


def run_numpy(
    args: argparse.Namespace, workloads: list[str]
) -> tuple[list[Measurement], dict[str, FloatArray]]:
    """Time every workload in memory, each in a fresh process."""
    measurements, results = [], {}
    for name in workloads:
        with tempfile.TemporaryDirectory() as folder:
            output = Path(folder) / "result.npy"
            command = [
                sys.executable,
                __file__,
                "--numpy-worker",
                name,
                "--numpy-output",
                str(output),
                "--assets",
                str(args.assets),
                "--days",
                str(args.days),
                "--chunk",
                str(args.chunk),
                "--engine",
                args.engine,
            ]
            completed = subprocess.run(
                command, capture_output=True, text=True, check=True
            )
            report = json.loads(completed.stdout.strip().splitlines()[-1])
            results[name] = np.load(output)
        measurement = Measurement(
            name, "numpy", report["seconds"], [report["peak_mb"]], report["input_gb"]
        )
        measurements.append(measurement)
        print(_line(measurement), flush=True)
    return measurements, results


def _numpy_worker(args: argparse.Namespace) -> None:
    """Compute one workload in memory and print its timing as JSON."""
    returns, bench = lazy_panel(args.days, args.assets, args.chunk)
    # Fill the panel block by block: never more than one block on top of it.
    panel = np.empty(returns.shape)
    for first in range(0, args.assets, args.chunk):
        block = returns.data[:, first : first + args.chunk]
        panel[:, first : first + args.chunk] = block.compute(scheduler="synchronous")
    benchmark = bench.to_numpy()
    start = time.perf_counter()
    value = WORKLOADS[args.numpy_worker](panel, benchmark)
    seconds = time.perf_counter() - start
    np.save(args.numpy_output, np.asarray(value))
    report = {
        "seconds": seconds,
        "peak_mb": peak_rss_mb(),
        "input_gb": panel.nbytes / GB,
    }
    print(json.dumps(report))


# --------------------------------------------------------------------------
# report
# --------------------------------------------------------------------------


def _line(measurement: Measurement) -> str:
    peaks = ", ".join(f"{peak:,.0f}" for peak in measurement.peaks_mb)
    return (
        f"{measurement.workload:34s} {measurement.engine:6s} "
        f"{measurement.seconds:8.2f} s  {measurement.throughput:6.3f} GB/s  "
        f"peak MB per process: {peaks}"
    )


def _table(measurements: list[Measurement], args: argparse.Namespace) -> Iterator[str]:
    yield (
        f"Panel: {args.assets:,} assets x {args.days:,} days "
        f"({args.assets * args.days * 8 / GB:.2f} GB float64), chunks of "
        f"{args.chunk} assets ({args.days * args.chunk * 8 / 1e6:.0f} MB); dask: "
        f"{args.workers} worker processes x 1 thread, memory_limit={args.memory_limit} "
        f"each; {os.cpu_count()} CPUs; {args.engine} engine; numpy {np.__version__}, "
        f"rotationkit {rk.__version__}"
    )
    yield ""
    yield "| workload | run | wall time (s) | GB/s | peak memory per process (MB) |"
    yield "| --- | --- | ---: | ---: | --- |"
    for item in measurements:
        peaks = " / ".join(f"{peak:,.0f}" for peak in item.peaks_mb)
        run = "dask, workers" if item.engine == "dask" else "numpy, in memory"
        yield (
            f"| {item.workload} | {run} | {item.seconds:.2f} | "
            f"{item.throughput:.3f} | {peaks} |"
        )


def _check(
    dask_results: dict[str, FloatArray], numpy_results: dict[str, FloatArray]
) -> None:
    for name, expected in numpy_results.items():
        np.testing.assert_allclose(
            dask_results[name], expected, rtol=1e-10, atol=1e-12, err_msg=name
        )
    print("dask and in-memory numpy results agree")


def main(argv: list[str] | None = None) -> int:
    """Run the benchmark and print a markdown table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--assets", type=int, default=20_000)
    parser.add_argument("--days", type=int, default=7_560)
    parser.add_argument("--chunk", type=int, default=250, help="assets per block")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--memory-limit", default="512MB")
    parser.add_argument(
        "--engine",
        default="numpy",
        choices=["numpy", "numba", "auto"],
        help="rotationkit engine of the workers and of the in-memory run",
    )
    parser.add_argument("--no-numpy", action="store_true", help="skip the numpy run")
    parser.add_argument("--quick", action="store_true", help="two workloads only")
    parser.add_argument("--numpy-worker", help=argparse.SUPPRESS)
    parser.add_argument("--numpy-output", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    # Worker processes and the in-memory run inherit the environment.
    os.environ["ROTATIONKIT_ENGINE"] = args.engine
    if args.numpy_worker:
        _numpy_worker(args)
        return 0
    workloads = list(WORKLOADS)[:2] if args.quick else list(WORKLOADS)
    measurements, lazy_results = run_dask(args, workloads)
    if not args.no_numpy:
        in_memory, numpy_results = run_numpy(args, workloads)
        measurements += in_memory
        _check(lazy_results, numpy_results)
    print()
    print("\n".join(_table(measurements, args)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
