"""rotationkit: measure market rotations from your own data.

Relative performance, consecutive-outperformance streaks, valuation gaps and
rate sensitivity for pandas, numpy (and, with extras, polars and xarray)
inputs. The output has the type of the input.

>>> import rotationkit as rk
>>> prices = rk.datasets.synthetic_prices()
>>> table = rk.performance_table(prices)
"""

from __future__ import annotations

from rotationkit import datasets
from rotationkit._version import version as __version__
from rotationkit.errors import (
    AlignmentError,
    FrequencyError,
    InputError,
    RotationkitError,
    RotationkitWarning,
)
from rotationkit.options import set_options
from rotationkit.returns import (
    annualized_return,
    annualized_volatility,
    performance_table,
    period_return,
    period_to_date,
    to_prices,
    to_returns,
)

__all__ = [
    "AlignmentError",
    "FrequencyError",
    "InputError",
    "RotationkitError",
    "RotationkitWarning",
    "__version__",
    "annualized_return",
    "annualized_volatility",
    "datasets",
    "performance_table",
    "period_return",
    "period_to_date",
    "set_options",
    "to_prices",
    "to_returns",
]
