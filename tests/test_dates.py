"""companion.dates: mixed-precision dates become the first and last day they can mean."""
import pandas as pd
import pytest

from companion.dates import date_span
from companion.paths import DATA


def test_each_precision_gives_its_whole_period():
    span = date_span(["1945-08-09", "1945-08", "1945", "1944-02", ""])
    assert list(span["first_day"].dt.strftime("%Y-%m-%d")[:4]) == [
        "1945-08-09", "1945-08-01", "1945-01-01", "1944-02-01"]
    assert list(span["last_day"].dt.strftime("%Y-%m-%d")[:4]) == [
        "1945-08-09", "1945-08-31", "1945-12-31", "1944-02-29"]  # 1944 is a leap year
    assert list(span["precision"][:4]) == ["day", "month", "year", "month"]
    assert pd.isna(span["first_day"].iloc[4]) and pd.isna(span["precision"].iloc[4])


def test_a_given_precision_is_checked_against_the_text():
    span = date_span(pd.Series(["1855-02-07", "1875"]), pd.Series(["day", "year"]))
    assert span["last_day"].iloc[1] == pd.Timestamp("1875-12-31")
    with pytest.raises(ValueError, match=r"row 1: '1945-08' is not written as precision 'day'"):
        date_span(["1945-08-09", "1945-08"], ["day", "day"])
    with pytest.raises(ValueError, match=r"row 0: 'August 8, 1945' is not an ISO date"):
        date_span(["August 8, 1945"])


@pytest.mark.parametrize("table, column", [("events", "date"), ("forces", "date"),
                                           ("sovereignty", "start_date"),
                                           ("population_movements", "date")])
def test_every_date_column_in_the_data_parses(table, column):
    """The four files whose dates make plain pd.to_datetime raise all parse, and each date's
    first day is never after its last."""
    rows = pd.read_csv(DATA / f"{table}.csv", dtype=str)
    span = date_span(rows[column], rows[f"{column}_precision"])
    known = span.dropna(subset=["first_day"])
    assert len(known) == rows[column].notna().sum()
    assert (known["first_day"] <= known["last_day"]).all()
