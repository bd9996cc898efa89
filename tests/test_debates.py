"""The helpers of the debates chapters select and group by rules that can fail."""
import pandas as pd

from companion import load_table
from companion.debates import (BENEFICIARY_COLOUR, PROVISION_LABEL, days_between,
                               estimate_panels, instrument_rows, mentioning)
from companion.rules import quotation_length


def test_mentioning_matches_any_text_column_case_insensitively():
    frame = pd.DataFrame({"title": ["Neutrality Pact signed", "Battle"],
                          "description": ["", "the pact was broken"]})
    assert list(mentioning(frame, r"\bpact\b").index) == [0, 1]
    assert mentioning(frame, r"treaty").empty


def test_days_between_keeps_only_day_precision_in_the_window():
    events = pd.DataFrame({"event_id": ["a", "b", "c", "d"],
                           "date": ["1945-08-06", "1945-08", "1945-08-18", "1945-08-09"],
                           "date_precision": ["day", "month", "day", "day"]})
    picked = days_between(events, "1945-08-06", "1945-08-17")
    assert list(picked["event_id"]) == ["a", "d"]


def test_instrument_rows_are_in_date_order_one_per_instrument():
    provisions = pd.DataFrame({"provision_id": ["x1", "x2", "y1"],
                               "instrument": ["Later", "Later", "Earlier"],
                               "date": ["1956-10-19", "1956-10-19", "1945-02-11"],
                               "party": ["p", "p", "q"]})
    rows = instrument_rows(provisions)
    assert list(rows["instrument"]) == ["Earlier", "Later"] and list(rows["y"]) == [0, 1]


def test_estimate_panels_put_like_with_like_largest_first():
    estimates = pd.DataFrame({"conflict_id": ["c1", "c2", "c1"],
                              "category": ["civilian_deaths", "civilian_deaths", "civilian_deaths"],
                              "value": [10.0, 500.0, None], "value_low": [None, None, 5.0],
                              "value_high": [None, None, 20.0]})
    names = {"c1": "One", "c2": "Two"}
    panels = estimate_panels(estimates, ["conflict_id", "category"],
                             lambda c, k: f"{names[c]}: {k.replace('_', ' ')}")
    assert [title for title, _ in panels] == ["Two: civilian deaths", "One: civilian deaths"]
    assert len(panels[1][1]) == 2


def test_every_provision_and_beneficiary_in_the_data_has_a_style():
    provisions = load_table("instrument_provisions")
    assert set(provisions["provision"]) <= set(PROVISION_LABEL)
    assert set(provisions["beneficiary"].fillna("")) <= set(BENEFICIARY_COLOUR)


def test_quotation_length_counts_words_or_unspaced_characters():
    assert quotation_length("one two three", "en") == (3, "words", 20)
    assert quotation_length("千島群島 須交予蘇聯", "zh") == (9, "characters", 40)


def test_estimate_panel_figure_draws_one_axes_per_panel_each_from_zero():
    from companion.debates import estimate_panel_figure

    panels = [("big", pd.DataFrame({"value": [245000.0], "value_low": [None], "value_high": [None],
                                    "basis": ["official_claim"], "source": ["mhlw2009shiberia"]})),
              ("small", pd.DataFrame({"value": [None], "value_low": [3500.0], "value_high": [3700.0],
                                      "basis": ["scholarly_estimate"],
                                      "source": ["itoh2010japanese"]}))]
    fig = estimate_panel_figure(panels, lambda row: "source", "#000000")
    big, small = fig.axes[:2]
    assert big.get_xlim()[0] == 0 and big.get_xlim()[1] > 245000
    assert small.get_xlim()[1] < 10000  # the small panel is not squashed onto the big one's scale
