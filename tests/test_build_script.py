"""The strict build names the notebook and the cell that failed (Jupyter Book itself only
writes the traceback to a report file inside the site)."""
import importlib.util
import json

from conftest import ROOT

spec = importlib.util.spec_from_file_location("build_book", ROOT / "scripts" / "build_book.py")
build_book = importlib.util.module_from_spec(spec)
spec.loader.exec_module(build_book)


def test_a_failed_notebook_is_reported_with_its_cell_number(tmp_path):
    notebook = {"cells": [{"cell_type": "markdown", "source": ["# A chapter"]},
                          {"cell_type": "code", "source": ["x = 1"]},
                          {"cell_type": "code", "source": ["raise ValueError('broken')"]}]}
    (tmp_path / "book").mkdir()
    (tmp_path / "book" / "chapter.ipynb").write_text(json.dumps(notebook))
    reports = tmp_path / "reports"
    (reports / "book").mkdir(parents=True)
    (reports / "book" / "chapter.err.log").write_text(
        "Traceback ...\n" + build_book.CELL_MARK + "raise ValueError('broken')\n"
        "------------------\n\nValueError: broken\n")
    [(heading, traceback)] = build_book.failure_reports(reports, root=tmp_path)
    assert heading == "A notebook failed: book/chapter.ipynb, cell 3"
    assert "ValueError: broken" in traceback


def test_no_reports_no_failures(tmp_path):
    assert build_book.failure_reports(tmp_path, root=tmp_path) == []


def test_a_change_to_the_data_changes_the_inputs_digest(tmp_path):
    (tmp_path / "data").mkdir()
    (tmp_path / "book" / "companion").mkdir(parents=True)
    (tmp_path / "references.bib").write_text("@misc{a, title={A}}")
    (tmp_path / "data" / "events.csv").write_text("event_id\nshimoda\n")
    before = build_book.inputs_digest(tmp_path)
    assert build_book.inputs_digest(tmp_path) == before
    (tmp_path / "data" / "events.csv").write_text("event_id\nshimoda_1855\n")
    assert build_book.inputs_digest(tmp_path) != before
