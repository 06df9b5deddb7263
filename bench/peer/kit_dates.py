"""The kit's date numbers (pipeline/data/dates.ts) in pandas, for bench/peer/grid_search.py.

A date cell (ISO 8601: 2012-01-01, 2012-01-01T13:45:00Z, 2012-01-01 13:45) is read as the
wall clock it shows (an offset does not shift it) into milliseconds since 1970; after
imputation, each date column becomes year, month, day of the month, weekday (0 = Monday),
the hour when the column has times, and the day of the year (0-based) as a point on a
circle: sin and cos of 2π·day / days in that year."""
import numpy as np
import pandas

ISO_DATE = r"^\s*(\d{4})-(\d{2})-(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2}))?)?"
DAY_MS = 86_400_000


def date_epochs_ms(texts):
    """The wall-clock epoch (ms) of each cell; NaN for a missing or unreadable one."""
    parts = texts.astype("string").str.extract(ISO_DATE).astype(float)
    parts.columns = ["year", "month", "day", "hour", "minute", "second"]
    stamps = pandas.to_datetime(parts.fillna({"hour": 0, "minute": 0, "second": 0}), errors="coerce")
    epochs = (stamps - pandas.Timestamp("1970-01-01")) // pandas.Timedelta(milliseconds=1)
    return epochs.astype(float).where(stamps.notna())


def expand_dates(matrix, numeric, has_time):
    """The first `numeric` columns as they are, then each date column's numbers."""
    matrix = np.asarray(matrix, dtype=float)
    blocks = [matrix[:, :numeric]]
    for j, time in enumerate(has_time):
        stamps = pandas.to_datetime(np.floor(matrix[:, numeric + j]), unit="ms")
        days_in_year = np.where(stamps.is_leap_year, 366, 365)
        angle = 2 * np.pi * (stamps.dayofyear.to_numpy() - 1) / days_in_year
        numbers = [stamps.year, stamps.month, stamps.day, stamps.dayofweek] + ([stamps.hour] if time else []) + [np.sin(angle), np.cos(angle)]
        blocks.append(np.column_stack([np.asarray(values, dtype=float) for values in numbers]))
    return np.column_stack(blocks)
