"""Lazy results on a dask.distributed cluster equal the in-memory numpy results.

These tests start a two-worker ``LocalCluster`` (worker processes, so that
functions, arguments and options really travel to other interpreters) and are
marked ``scale``: the default test run deselects them; run them with
``pytest -m scale`` or ``nox -s scale``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import numpy as np
import pandas as pd
import pytest

import rotationkit as rk

if TYPE_CHECKING:
    from collections.abc import Iterator

xr: Any = pytest.importorskip("xarray")
pytest.importorskip("dask.array")
distributed: Any = pytest.importorskip("distributed")

pytestmark = pytest.mark.scale

N_PERIODS, N_ASSETS = 600, 40
INDEX = pd.bdate_range("2021-01-04", periods=N_PERIODS)
ASSETS = [f"A{i:02d}" for i in range(N_ASSETS)]
_RNG = np.random.default_rng(11)
YIELD_CHANGES = _RNG.normal(0.0, 0.05, N_PERIODS)
BENCH = _RNG.normal(0.0003, 0.008, N_PERIODS)
RETURNS = (
    0.8 * BENCH[:, np.newaxis]
    - 0.01 * YIELD_CHANGES[:, np.newaxis]
    + _RNG.normal(0.0002, 0.01, (N_PERIODS, N_ASSETS))
)
YIELDS = 4.0 + np.cumsum(YIELD_CHANGES)
MULTIPLES = 15.0 + np.cumsum(_RNG.normal(0.0, 0.1, (N_PERIODS, N_ASSETS)), axis=0)


@pytest.fixture(scope="module")
def client() -> Iterator[Any]:
    """A two-worker cluster of processes, one thread each, without a dashboard."""
    with (
        distributed.LocalCluster(
            n_workers=2,
            threads_per_worker=1,
            processes=True,
            dashboard_address=None,
            memory_limit="1GiB",
        ) as cluster,
        distributed.Client(cluster) as connected,
    ):
        yield connected


def _panel(values: np.ndarray[Any, np.dtype[np.float64]]) -> Any:
    """A dask-backed DataArray split along both dimensions."""
    array = xr.DataArray(
        values,
        dims=("time", "asset"),
        coords={"time": INDEX, "asset": ASSETS},
        name="returns",
    )
    return array.chunk({"time": 150, "asset": 10})


def _series(values: np.ndarray[Any, np.dtype[np.float64]], name: str) -> Any:
    return xr.DataArray(values, dims=("time",), coords={"time": INDEX}, name=name)


def _assert_close(lazy: Any, expected: object) -> None:
    """Compute ``lazy`` on the cluster and compare it with the numpy result."""
    assert lazy.chunks is not None, "the result should stay lazy"
    computed = lazy.compute()
    np.testing.assert_allclose(
        computed.values, np.asarray(expected), rtol=1e-12, atol=1e-15
    )


def test_streaks_on_a_cluster(client: Any) -> None:
    assert len(client.scheduler_info()["workers"]) == 2
    returns, bench = _panel(RETURNS), _series(BENCH, "bench")
    _assert_close(rk.current_streak(returns, bench), rk.current_streak(RETURNS, BENCH))
    _assert_close(rk.outperformance(returns, bench), rk.outperformance(RETURNS, BENCH))
    table = rk.streaks(returns, bench)  # a table: computed at once
    expected = rk.streaks(RETURNS, BENCH)
    np.testing.assert_array_equal(table["length"], expected["length"])
    np.testing.assert_allclose(table["relative_return"], expected["relative_return"])
    assert list(table["start"][:3]) == list(INDEX[expected["start"][:3]])


def test_rolling_beta_on_a_cluster(client: Any) -> None:
    del client
    returns, bench = _panel(RETURNS), _series(BENCH, "bench")
    _assert_close(
        rk.rolling_beta(returns, bench, 60), rk.rolling_beta(RETURNS, BENCH, 60)
    )
    _assert_close(rk.beta(returns, bench), rk.beta(RETURNS, BENCH))


def test_zscore_on_a_cluster(client: Any) -> None:
    del client
    multiples = _panel(MULTIPLES)
    _assert_close(rk.zscore(multiples, window=120), rk.zscore(MULTIPLES, window=120))
    _assert_close(rk.zscore(multiples), rk.zscore(MULTIPLES))


def test_rate_betas_on_a_cluster(client: Any) -> None:
    del client
    returns, yields = _panel(RETURNS), _series(YIELDS, "DGS10")
    _assert_close(
        rk.rolling_rate_beta(returns, yields, 120),
        rk.rolling_rate_beta(RETURNS, YIELDS, 120),
    )
    _assert_close(
        rk.empirical_duration(returns, yields), rk.empirical_duration(RETURNS, YIELDS)
    )
    fitted = rk.rate_beta(returns, yields)  # a result object: computed at once
    expected = rk.rate_beta(RETURNS, YIELDS)
    np.testing.assert_allclose(fitted.beta.to_numpy(), expected.beta, rtol=1e-12)
    np.testing.assert_allclose(fitted.stderr.to_numpy(), expected.stderr, rtol=1e-12)


def test_options_reach_the_workers(client: Any) -> None:
    del client
    renamed = _panel(MULTIPLES).rename(time="day")
    with rk.set_options(time_dim="day"):
        lazy = rk.zscore(renamed, window=60)
    # The worker processes never ran set_options: the blocks carry it.
    _assert_close(lazy, rk.zscore(MULTIPLES, window=60))
    assert lazy.dims == ("day", "asset")
