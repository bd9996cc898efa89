"""companion.forces: the rules that choose the rows of the buildup chapter's charts."""
import pandas as pd
import pytest

from companion.forces import (campaign_counts, face_offs, like_dates, movement, opposing_counts,
                              opposing_scopes)


def rows(*specs):
    """Rows of forces.csv from (id, side, formation, theatre, date, measure, value, source)."""
    frame = pd.DataFrame(specs, columns=["estimate_id", "side", "formation", "theatre", "date",
                                         "measure", "value", "source"])
    return frame.assign(date_precision=frame["date"].map(
                            lambda d: {10: "day", 7: "month", 4: "year"}[len(d)]),
                        value=frame["value"].astype(float), value_low=float("nan"),
                        value_high=float("nan"), reading="in_work", counted_by="soviet_side")


def test_movement_reads_the_direction_from_the_formation():
    assert movement("Transbaikal Front (sent west)") == "west"
    assert movement("Forces transferred from the West to the Far East") == "east"
    assert movement("Kwantung Army") is None
    with pytest.raises(ValueError, match="both"):
        movement("Divisions sent west and back from the West")


def test_campaign_counts_are_august_1945_outside_the_soviet_far_east():
    table = rows(("a", "soviet_union", "Transbaikal Front", "manchuria", "1945-08-09",
                  "personnel", 1, "s"),
                 ("b", "soviet_union", "Forces transferred from the West to the Far East",
                  "far_east", "1945-08", "personnel", 1, "s"),
                 ("c", "japan", "Kwantung Army", "manchuria", "1945", "personnel", 1, "s"),
                 ("d", "japan", "Kwantung Army", "manchuria", "1945-07", "personnel", 1, "s"))
    assert list(campaign_counts(table)["estimate_id"]) == ["a"]


def test_the_opposing_side_widens_japanese_first_theatre_by_theatre_then_allies():
    table = rows(("m", "mengjiang", "Mengjiang army", "manchuria", "1945-08", "personnel", 1, "s"),
                 ("k", "japan", "Japanese in Korea", "korea", "1945-08", "personnel", 1, "s"),
                 ("q", "manchukuo", "Manchukuo army", "manchuria", "1945-08", "personnel", 1, "s"),
                 ("j", "japan", "Japanese in Manchuria", "manchuria", "1945-08", "personnel", 1,
                  "s"))
    assert [list(scope["estimate_id"]) for scope in opposing_scopes(table)] == [
        ["j"], ["j", "k"], ["j", "k", "q"], ["j", "k", "q", "m"]]


def test_a_ratio_divides_one_sources_figures_and_the_formation_faced():
    table = rows(
        ("x", "soviet_union", "X Front", "manchuria", "1945-08-09", "personnel", 100, "a"),
        ("y", "soviet_union", "Y Front", "manchuria", "1945-08-09", "personnel", 900, "a"),
        ("jx", "japan", "Japanese troops (opposite X Front)", "manchuria", "1945-08",
         "personnel", 50, "a"),
        ("qx", "manchukuo", "Manchukuo troops opposite X Front", "manchuria", "1945-08",
         "personnel", 30, "a"),
        ("mn", "mongolia", "Mongolian army (with X Front)", "manchuria", "1945-08-09",
         "personnel", 10, "a"),
        ("jb", "japan", "Japanese forces", "manchuria", "1945-08", "personnel", 40, "b"),
        ("sc", "soviet_union", "Soviet forces", "manchuria", "1945-08-09", "personnel", 70, "c"))
    ratios = face_offs(table)
    assert list(ratios["source"]) == ["a", "a"]  # b and c count one side each: no mixing
    assert list(ratios["value"]) == [2.0, 100 / 80]  # X Front alone, Mongolians on neither side
    assert list(ratios["soviet_rows"]) == ["x", "x"]
    assert list(ratios["other_rows"]) == ["jx", "jx, qx"]
    assert list(ratios["other_side"]) == ["Japanese troops",
                                          "Japanese troops + Manchukuo troops opposite X Front"]
    assert list(ratios["added"]) == ["", "Manchukuo troops opposite X Front"]


def test_a_range_gives_a_range_of_ratios():
    table = rows(("s", "soviet_union", "Soviet forces", "manchuria", "1945-08-09", "personnel",
                  1000, "a"),
                 ("q", "manchukuo", "Manchukuo army", "manchuria", "1945-08-09", "personnel",
                  None, "a"))
    table.loc[1, ["value_low", "value_high"]] = [200.0, 250.0]
    ratio = face_offs(table).iloc[0]
    assert pd.isna(ratio["value"]) and (ratio["value_low"], ratio["value_high"]) == (4.0, 5.0)
    assert ratio["other"] == "200–250"


def test_like_dates_overlap_and_unlike_dates_do_not():
    ninth = rows(("a", "soviet_union", "F", "manchuria", "1945-08-09", "personnel", 1, "s"))
    month = rows(("b", "japan", "J", "manchuria", "1945-08", "personnel", 1, "s"))
    later = rows(("c", "japan", "J", "manchuria", "1945-08-22", "personnel", 1, "s"))
    assert like_dates(ninth, month)
    assert not like_dates(ninth, later)
    assert not face_offs(pd.concat([ninth, later]))["like_dates"].iloc[0]


def test_opposing_counts_say_whose_count_each_is():
    table = rows(("t1", "japan", "Japanese in Manchuria", "manchuria", "1945-08-09",
                  "tanks_and_spg", 290, "w"),
                 ("t2", "japan", "Japanese in Korea", "korea", "1945-08-09", "tanks_and_spg", 80,
                  "w"),
                 ("g", "japan", "Japanese forces", "manchuria", "1945-08", "tanks_and_spg", 1155,
                  "g"))
    table.loc[1, "counted_by"] = "japanese_side"
    counts = opposing_counts(table)
    assert list(counts["value"]) == [290, 370, 1155]
    assert list(counts["counted_by"]) == ["soviet_side", "mixed", "soviet_side"]
    assert list(counts["rows"]) == ["t1", "t1, t2", "g"]
