"""The data package: schema, keys and domain rules hold, and bad input is named precisely."""
import json
import re
from pathlib import Path

import pytest
from pybtex.database import parse_file

from companion import load_table, problems
from companion.paths import DATA, ROOT
from companion.rules import cited_keys, read_rows

FIXTURES = Path(__file__).parent / "fixtures"


def test_data_package_is_valid():
    found = problems()
    assert not found, "\n".join(map(str, found))


def test_every_resource_has_a_codebook():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        assert res["title"] and res["description"] and res["licenses"] and res["sources"]
        assert res["schema"]["primaryKey"]
        for field in res["schema"]["fields"]:
            assert field.get("description"), f"{res['name']}.{field['name']} has no description"


def test_every_csv_is_described():
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    described = {res["path"] for res in package["resources"]}
    assert {p.name for p in DATA.glob("*.csv")} == described


def test_csvs_are_utf8_with_lf_line_ends():
    for path in DATA.glob("*.csv"):
        raw = path.read_bytes()
        raw.decode("utf-8")
        assert b"\r\n" not in raw, f"{path.name} has CRLF line ends"


def test_timeline_spans_1855_to_the_present_dispute():
    events = load_table("events")
    assert len(events) >= 30
    assert events["date"].min().startswith("1855")
    assert events["date"].str[:4].astype(int).max() > 1956
    assert events["event_id"].is_unique


def test_bibliography_holds_only_cited_works():
    """references.bib is the list of works the text or the data cite: no entry goes unused."""
    keys = set(parse_file(str(ROOT / "references.bib")).entries.keys())
    used = {key for path in DATA.glob("*.csv") for _, row in read_rows(path)
            for _, key in cited_keys(row)}
    prose = [page.read_text(encoding="utf-8") for page in (ROOT / "book").glob("*.md")]
    for notebook in (ROOT / "book").glob("*.ipynb"):
        cells = json.loads(notebook.read_text(encoding="utf-8"))["cells"]
        prose += ["".join(c["source"]) for c in cells if c["cell_type"] == "markdown"]
    for text in prose:
        used |= set(re.findall(r"\{cite:?[a-z]*\}`([^`]+)`", text))
    used = {k.strip() for group in used for k in group.split(",")}
    assert keys - used == set(), f"entries cited nowhere: {sorted(keys - used)}"
    assert used - keys == set(), f"cited but missing from references.bib: {sorted(used - keys)}"


# Each bad-input fixture breaks one rule; the message must name file, line, column and rule.
BAD_INPUTS = [
    # (resource, fixture, line, column, rule)
    ("events", "missing_required_title", 3, "title", "required"),
    ("events", "unknown_source_key", 4, "source", "source in references.bib"),
    ("events", "unknown_source_key", 4, "source", "source in registry"),
    ("events", "encyclopedia_source_undeclared", 3, "reading", "encyclopedia source is declared"),
    ("events", "second_hand_without_intermediary", 4, "intermediary",
     "second-hand names its intermediary"),
    ("sources", "kind_not_in_vocabulary", 3, "kind", "enum"),
    ("claim_gradings", "unknown_claim", 4, "claim_id", "foreign-key"),
    ("claim_gradings", "verdict_not_in_vocabulary", 6, "verdict", "enum"),
    ("claim_gradings", "one_grading_only", 4, "claim_id", "at least 2 gradings per claim"),
    ("events", "duplicate_event_id", 4, "event_id", "primary-key"),
    ("events", "date_not_matching_precision", 3, "date", "date matches its precision"),
    ("casualties", "value_not_a_whole_number", 3, "value", "type-error"),
    ("casualties", "parts_exceed_total", 2, "value", "parts <= total"),
    ("casualties", "low_above_high", 4, "value_high", "value_low <= value <= value_high"),
    ("casualties", "unknown_conflict_id", 5, "conflict_id", "foreign-key"),
    ("casualties", "category_not_in_vocabulary", 6, "category", "enum"),
    ("claims", "quote_too_long", 3, "quote", "quote <= 15 words"),
    ("claims", "verdict_without_source", 4, "sources", "a source for every verdict"),
    ("claims", "related_id_unknown", 2, "related_ids", "related ids resolve"),
    ("claims", "verdict_not_in_vocabulary", 3, "verdict", "enum"),
    ("claims", "verdict_on_encyclopedia", 3, "sources", "no encyclopedia behind a verdict"),
    ("sovereignty", "same_holder_overlap", 4, "start_date", "periods do not overlap"),
    ("sovereignty", "two_sovereigns_at_once", 4, "start_date", "periods do not overlap"),
    ("territory_areas", "area_zero", 3, "area_km2", "area > 0"),
    ("places", "missing_latitude", 4, "latitude", "required"),
    ("instrument_provisions", "unknown_territory", 3, "territory_id", "foreign-key"),
    ("instrument_provisions", "empty_provision", 4, "provision", "required"),
    ("instrument_provisions", "provision_not_in_vocabulary", 3, "provision", "enum"),
    ("instrument_provisions", "quotation_too_long", 2, "quotation", "quotation <= 20 words"),
    ("instrument_provisions", "quotation_too_long_japanese", 5, "quotation", "quotation <= 20 words"),
    ("instrument_provisions", "quotation_without_note", 4, "notes",
     "a quotation or a note saying why not"),
]


def package_with(resource_name, csv_path, tmp_path):
    """A copy of the real data package in which one resource reads a fixture file instead."""
    package = json.loads((DATA / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        res["path"] = str(csv_path if res["name"] == resource_name else DATA / res["path"])
    package["bibliography"] = str(ROOT / "references.bib")
    path = tmp_path / "datapackage.json"
    path.write_text(json.dumps(package), encoding="utf-8")
    return path


@pytest.mark.parametrize("resource_name, fixture, line, column, rule", BAD_INPUTS,
                         ids=[case[1] for case in BAD_INPUTS])
def test_bad_input_is_named_precisely(resource_name, fixture, line, column, rule, tmp_path):
    csv_path = FIXTURES / resource_name / f"{fixture}.csv"
    messages = [str(p) for p in problems(package_with(resource_name, csv_path, tmp_path))]
    expected = (f"tests/fixtures/{resource_name}/{fixture}.csv, line {line}, "
                f"column '{column}': rule '{rule}'")
    assert any(m.startswith(expected) for m in messages), "\n".join(messages)


def test_check_package_raises_with_every_message(tmp_path):
    from companion import DataError, check_package

    bad = package_with("events", FIXTURES / "events" / "unknown_source_key.csv", tmp_path)
    with pytest.raises(DataError, match="'nosuchwork1999' is not a key in references.bib"):
        check_package(bad)


def test_readme_lists_every_dataset_with_its_row_count():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    listed = {name: int(rows) for name, rows in
              re.findall(r"^\| `([a-z_]+\.csv)` \| .* \| (\d+) \|$", readme, re.M)}
    actual = {p.name: len(load_table(p.stem)) for p in DATA.glob("*.csv")}
    assert listed == actual


def test_data_page_counts_how_each_table_was_read():
    """The Data page states, per table and overall, how many rows were read in the work itself,
    second-hand, or from an encyclopedia only, counted from the files themselves."""
    from companion.pages import codebook

    page = codebook(DATA / "datapackage.json", "../data/")
    events = load_table("events")
    counts = events["reading"].value_counts()
    expected = (f"{len(events)} rows: {counts.get('in_work', 0)} read in the cited work itself, "
                f"{counts.get('second_hand', 0)} read second-hand, through a named intermediary, "
                f"{counts.get('encyclopedia_only', 0)} resting on an encyclopedia only.")
    assert f"- **How the figures were read:** {expected}" in page
    assert "**How the figures were read**, counted when this page was built" in page
