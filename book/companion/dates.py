"""Dates written only as precisely as they are known: '1945-08-09' (day), '1945-08' (month) or
'1945' (year), each with a precision column saying which.

`pd.to_datetime` refuses such a column, and sorting the text puts '1945' before '1945-08-09'
although the year may well mean December. `date_span` turns each date into the first and last day
it can mean, so that a reader sorts, filters and compares honestly: two dates are surely in order
only when the first one's last day is before the second one's first day.
"""
import re

import pandas as pd

FORMS = {"day": re.compile(r"\d{4}-\d{2}-\d{2}"), "month": re.compile(r"\d{4}-\d{2}"),
         "year": re.compile(r"\d{4}")}


def _precision_of(text):
    return next(name for name, form in FORMS.items() if form.fullmatch(text))


def date_span(dates, precisions=None):
    """A table with the first and the last day each date can mean, and its precision.

    dates: ISO dates as text (a pandas Series or a list), empty where unknown.
    precisions: 'day', 'month' or 'year' for each date; read from the text where not given.
    Unknown dates give empty (NaT) days. A date not written as its precision says raises a
    ValueError naming the row and the value."""
    dates = pd.Series(dates, dtype="string")
    given = (pd.Series(precisions, index=dates.index, dtype="string") if precisions is not None
             else pd.Series(pd.NA, index=dates.index, dtype="string"))
    first, last, precision = [], [], []
    for row, (text, said) in enumerate(zip(dates, given)):
        if pd.isna(text) or text == "":
            first.append(pd.NaT), last.append(pd.NaT), precision.append(pd.NA)
            continue
        if not any(form.fullmatch(text) for form in FORMS.values()):
            raise ValueError(f"row {row}: '{text}' is not an ISO date (YYYY, YYYY-MM or YYYY-MM-DD)")
        said = _precision_of(text) if pd.isna(said) else said
        if said not in FORMS or not FORMS[said].fullmatch(text):
            raise ValueError(f"row {row}: '{text}' is not written as precision '{said}' requires")
        period = pd.Period(text, freq={"day": "D", "month": "M", "year": "Y"}[said])
        first.append(period.start_time.normalize())
        last.append(period.end_time.normalize())
        precision.append(said)
    return pd.DataFrame({"first_day": pd.to_datetime(pd.Series(first, index=dates.index)),
                         "last_day": pd.to_datetime(pd.Series(last, index=dates.index)),
                         "precision": pd.Series(precision, index=dates.index, dtype="string")})

