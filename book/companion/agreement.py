"""How far two graders of the claim ledger agree (Cohen's kappa, the confusion table), and how far
a claimed date or number lies from the record (for the rubric's consistency rules)."""
import calendar
import datetime

import pandas as pd

VERDICTS = ["supported", "imprecise", "inaccurate", "contested", "interpretation"]


def paired(gradings, first="A", second="B"):
    """One row per claim graded by both graders: columns claim_id, first, second."""
    wide = gradings.pivot(index="claim_id", columns="grader", values="verdict")
    return wide[[first, second]].dropna()


def confusion(pairs, first="A", second="B", categories=VERDICTS):
    """Counts of grader `first`'s verdict (rows) against grader `second`'s (columns)."""
    table = pd.crosstab(pd.Categorical(pairs[first], categories),
                        pd.Categorical(pairs[second], categories), dropna=False)
    table.index.name, table.columns.name = f"grader {first}", f"grader {second}"
    return table


def cohen_kappa(pairs, first="A", second="B"):
    """Agreement beyond chance: (observed - expected) / (1 - expected), where the expected
    agreement comes from each grader's own share of each verdict. 1 is perfect agreement, 0 is
    what chance alone gives. Undefined (NaN) when both graders use one and the same verdict only."""
    n = len(pairs)
    observed = (pairs[first] == pairs[second]).mean()
    share_first = pairs[first].value_counts() / n
    share_second = pairs[second].value_counts() / n
    expected = (share_first * share_second).sum()  # verdicts only one grader used add nothing
    return float("nan") if expected == 1 else (observed - expected) / (1 - expected)


# How severe each graded verdict is, for the rubric's rule that a claim further from the record
# never gets the milder verdict. Contested and interpretation are not on this scale.
SEVERITY = {"supported": 0, "imprecise": 1, "inaccurate": 2}


def _interval(text):
    """The first and last day an ISO date of any precision covers: '1945-08' -> Aug 1 .. Aug 31."""
    parts = [int(p) for p in text.split("-")]
    year, month, day = (parts + [None, None])[:3]
    first = datetime.date(year, month or 1, day or 1)
    if day:
        return first, first
    last_month = month or 12
    last_day = calendar.monthrange(year, last_month)[1]
    return first, datetime.date(year, last_month, last_day)


def miss(claimed, record, claim_type):
    """How far a claimed value lies from the record's, 0 when they match at the claim's precision.

    Dates: days between the period the claim names and the record's date (0 when the record falls
    inside it: '1945-08' holds for 15 August). Numbers: 0 when the record rounds to the claim at
    the significant figures the claim shows ('30000' holds for 28,500), else the relative error."""
    if claim_type == "date":
        (a_start, a_end), (b_start, b_end) = _interval(claimed), _interval(record)
        if a_start <= b_end and b_start <= a_end:
            return 0
        return min(abs((b_start - a_end).days), abs((a_start - b_end).days))
    shown = len(claimed.rstrip("0")) or 1
    scale = 10 ** (len(claimed) - shown)
    if round(int(record) / scale) * scale == int(claimed):
        return 0
    return abs(int(claimed) - int(record)) / int(record)
