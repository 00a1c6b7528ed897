"""Library-wide options: how rotationkit finds the time axis of polars and xarray inputs."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rotationkit._inputs import OPTIONS

if TYPE_CHECKING:
    from types import TracebackType

__all__ = ["set_options"]

_UNSET = object()


class set_options:
    r"""Set how rotationkit finds the time axis of polars and xarray inputs.

    Use it as a function to change the defaults for the session, or as a
    context manager to change them for a block only.

    Parameters
    ----------
    time_column : str or None, optional
        The date/time column of polars DataFrames. ``None`` (the default) finds
        it automatically when a frame has exactly one date or datetime column.
    time_dim : str, optional
        The time dimension of xarray DataArrays (default ``"time"``). A
        one-dimensional DataArray without it uses its only dimension.

    Raises
    ------
    TypeError
        If an option has the wrong type.

    Notes
    -----
    Options only say where the time axis is; they never change a number.

    Examples
    --------
    >>> import rotationkit as rk
    >>> with rk.set_options(time_dim="date"):
    ...     pass
    >>> rk.set_options(time_column=None)  # doctest: +ELLIPSIS
    <rotationkit.options.set_options object at ...>
    """

    def __init__(
        self,
        *,
        time_column: str | object | None = _UNSET,
        time_dim: str | object = _UNSET,
    ) -> None:
        self._previous = (OPTIONS.time_column, OPTIONS.time_dim)
        if time_column is not _UNSET:
            if time_column is not None and not isinstance(time_column, str):
                msg = f"`time_column` must be a column name (str) or None, got {time_column!r}"
                raise TypeError(msg)
            OPTIONS.time_column = time_column
        if time_dim is not _UNSET:
            if not isinstance(time_dim, str):
                msg = f"`time_dim` must be a dimension name (str), got {time_dim!r}"
                raise TypeError(msg)
            OPTIONS.time_dim = time_dim

    def __enter__(self) -> None:
        return None

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        OPTIONS.time_column, OPTIONS.time_dim = self._previous
