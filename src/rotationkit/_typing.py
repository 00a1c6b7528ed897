"""Type aliases shared by the rotationkit modules (private).

The aliases describe what a function accepts; overloads in the feature modules
use them so that a type checker sees the output type follow the input type
(Series in, Series out; DataFrame in, DataFrame out; array in, array out).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Literal, TypeAlias

import numpy as np
import numpy.typing as npt

if TYPE_CHECKING:
    from collections.abc import Sequence

__all__ = [
    "Array1D",
    "Array2D",
    "ArrayLike1D",
    "ArrayLike2D",
    "FloatArray",
    "Period",
    "ReturnMethod",
]

FloatArray: TypeAlias = npt.NDArray[np.float64]
"""A numpy array of float64, the type of every array rotationkit returns."""

Array1D: TypeAlias = "np.ndarray[tuple[int], np.dtype[Any]]"
"""A one-dimensional numpy array (one asset over time)."""

Array2D: TypeAlias = "np.ndarray[tuple[int, int], np.dtype[Any]]"
"""A two-dimensional numpy array (time x assets)."""

ArrayLike1D: TypeAlias = "Array1D | Sequence[float]"
"""One series of numbers without labels."""

ArrayLike2D: TypeAlias = "Array2D | Sequence[Sequence[float]]"
"""A panel of numbers without labels, rows are periods and columns assets."""

ReturnMethod: TypeAlias = Literal["simple", "log"]
"""How returns are computed from prices."""

Period: TypeAlias = Literal["YTD", "QTD", "MTD", "WTD"]
"""A period-to-date window."""
