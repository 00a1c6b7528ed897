"""Exception and warning classes raised by rotationkit.

Every error rotationkit raises on purpose derives from :class:`RotationkitError`.
:class:`InputError` also derives from :class:`ValueError`, so code that already
catches ``ValueError`` keeps working.
"""

from __future__ import annotations

__all__ = [
    "AlignmentError",
    "FrequencyError",
    "InputError",
    "RotationkitError",
    "RotationkitWarning",
]


class RotationkitError(Exception):
    """Base class for every error raised on purpose by rotationkit."""


class InputError(RotationkitError, ValueError):
    """An argument cannot be used as given.

    Raised for empty input, non-numeric or boolean data, infinite values,
    non-positive prices, unsorted or duplicated time labels, and similar
    problems. The message names the argument, what was found and what to do.
    """


class AlignmentError(InputError):
    """Two inputs cannot be matched period by period.

    Raised when unlabelled inputs differ in length, when labelled inputs share
    no time label, or when their time zones differ (rotationkit never shifts
    times silently).
    """


class FrequencyError(InputError):
    """The number of periods per year cannot be inferred from the time index.

    Pass ``periods_per_year`` explicitly (252 for business days, 52 for weeks,
    12 for months, 4 for quarters, 1 for years).
    """


class RotationkitWarning(UserWarning):
    """Base class for warnings issued by rotationkit."""
