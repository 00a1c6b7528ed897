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
    "UndefinedMultipleWarning",
    "YieldUnitsWarning",
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


class UndefinedMultipleWarning(RotationkitWarning):
    """An index multiple is undefined on some dates and was reported as NaN.

    Issued by :func:`~rotationkit.valuation.aggregate_multiple` when the
    constituents' earnings (book value, sales ...) add up to zero or less, so
    that value / earnings is not a meaningful multiple, or when no constituent
    is left to compute one from (``negative="exclude"`` with only loss-makers).
    The warning says on how many dates and the first one. Report the share of
    loss-makers (:func:`~rotationkit.valuation.negative_earnings_share`) or
    the earnings yield (earnings / value, which stays defined) instead.
    """


class YieldUnitsWarning(RotationkitWarning):
    """Yields look as if they were quoted in other units than declared.

    Issued when the largest absolute yield, read in the declared
    ``yield_units``, lies outside 0.2 % to 100 %: ``yield_units="percent"``
    with every value below 0.2, for example, looks like decimal yields
    (0.0426 for 4.26 %). Pass the units the data are quoted in. Genuine
    yields near zero (as in 2020-2021) can trigger it too; silence it then
    with ``warnings.filterwarnings("ignore", category=YieldUnitsWarning)``.
    """
