"""Cohen's kappa and the confusion table behind the claims chapter's agreement figures."""
import math

import pandas as pd
import pytest

from companion.agreement import cohen_kappa, confusion, paired


def gradings(first, second):
    rows = [(f"c{i:02d}", "A", v) for i, v in enumerate(first, 1)]
    rows += [(f"c{i:02d}", "B", v) for i, v in enumerate(second, 1)]
    return pd.DataFrame(rows, columns=["claim_id", "grader", "verdict"])


def test_perfect_agreement_is_one():
    pairs = paired(gradings(["supported", "inaccurate", "imprecise"],
                            ["supported", "inaccurate", "imprecise"]))
    assert cohen_kappa(pairs) == pytest.approx(1.0)


def test_textbook_example():
    # 50 items: both say yes 20, A yes B no 5, A no B yes 10, both no 15 -> po 0.7, pe 0.5, 0.4
    first = ["supported"] * 25 + ["inaccurate"] * 25
    second = ["supported"] * 20 + ["inaccurate"] * 5 + ["supported"] * 10 + ["inaccurate"] * 15
    assert cohen_kappa(paired(gradings(first, second))) == pytest.approx(0.4)


def test_agreement_no_better_than_chance_is_zero_or_below():
    first = ["supported", "supported", "inaccurate", "inaccurate"]
    second = ["supported", "inaccurate", "supported", "inaccurate"]
    assert cohen_kappa(paired(gradings(first, second))) == pytest.approx(0.0)


def test_one_verdict_only_is_undefined():
    assert math.isnan(cohen_kappa(paired(gradings(["supported"] * 3, ["supported"] * 3))))


def test_confusion_counts_every_pair_once_and_keeps_unused_verdicts():
    pairs = paired(gradings(["supported", "imprecise", "imprecise"],
                            ["supported", "inaccurate", "imprecise"]))
    table = confusion(pairs)
    assert table.to_numpy().sum() == 3
    assert table.loc["imprecise", "inaccurate"] == 1
    assert table.shape == (5, 5)


def test_claims_graded_by_one_grader_only_are_left_out_of_the_pairs():
    data = gradings(["supported", "imprecise"], ["supported", "imprecise"])
    data = data[~((data.claim_id == "c02") & (data.grader == "B"))]
    assert list(paired(data).index) == ["c01"]


@pytest.mark.parametrize("claimed, record, claim_type, expected", [
    ("1945-08", "1945-08-15", "date", 0),          # the month holds
    ("1939-09", "1939-09-01", "date", 0),
    ("1950-01", "1950-06-25", "date", 145),        # 31 January to 25 June
    ("1935", "1936-11-25", "date", 330),           # 31 December 1935 to 25 November 1936
    ("1910", "1910", "date", 0),
    ("30000", "28500", "number", 0),               # one significant figure shown
    ("27000000", "26600000", "number", 0),         # two shown
    ("60", "70", "number", pytest.approx(1 / 7)),
    ("17000", "17399", "number", 0),
    ("17400", "17000", "number", pytest.approx(400 / 17000)),
])
def test_miss_is_zero_when_the_record_matches_at_the_claims_precision(claimed, record,
                                                                    claim_type, expected):
    from companion.agreement import miss
    assert miss(claimed, record, claim_type) == expected
