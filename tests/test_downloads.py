"""The downloads made at build time: the workbook survives a real spreadsheet (LibreOffice), the
CSVs survive it when opened as the Data page says, the package zip validates on its own, and the
bibliography CSV lists every work by its key."""
import csv
import re
import shutil
import subprocess
import zipfile
from datetime import datetime

import pytest
from openpyxl import load_workbook

from companion.bibliography import entries
from companion.data import read_package
from companion.downloads import write_downloads
from companion.paths import DATA

PACKAGE = read_package()
RESOURCES = {res["name"]: res for res in PACKAGE["resources"]}
SCRIPTS = {"Cyrillic": r"[\u0400-\u04FF]", "Japanese kana": r"[\u3040-\u30FF]",
           "CJK ideographs": r"[\u4E00-\u9FFF]", "Hangul": r"[\uAC00-\uD7AF]"}
SOFFICE = shutil.which("soffice")
needs_soffice = pytest.mark.skipif(
    SOFFICE is None, reason="LibreOffice is not installed (apt-get install -y "
                            "libreoffice-calc-nogui); CI installs it")


def csv_rows(name):
    with open(DATA / RESOURCES[name]["path"], newline="", encoding="utf-8") as handle:
        return list(csv.reader(handle))


def numeric_fields(name):
    return {f["name"] for f in RESOURCES[name]["schema"]["fields"]
            if f["type"] in ("integer", "number")}


def same_cell(original, read_back, numeric):
    if original == "":
        return read_back in ("", None)
    if numeric:
        return float(read_back) == float(original)
    return read_back == original


def assert_sheet_matches_csv(name, rows):
    """rows (header first, cells as read back) hold exactly what data/NAME.csv holds."""
    expected = csv_rows(name)
    numeric = numeric_fields(name)
    assert list(rows[0]) == expected[0], f"{name}: header changed"
    assert len(rows) == len(expected), f"{name}: {len(rows)} rows read back, {len(expected)} written"
    for line, (want, got) in enumerate(zip(expected[1:], rows[1:]), start=2):
        got = list(got) + [None] * (len(want) - len(got))
        for column, original, back in zip(expected[0], want, got):
            assert same_cell(original, back, column in numeric), (
                f"{name}.csv line {line}, column {column}: {original!r} came back as {back!r}")


@pytest.fixture(scope="module")
def downloads(tmp_path_factory):
    return write_downloads(tmp_path_factory.mktemp("downloads"))


def soffice(tmp_path, *args):
    profile = (tmp_path / "profile").as_uri()
    subprocess.run([SOFFICE, "--headless", "--norestore", f"-env:UserInstallation={profile}",
                    *args, "--outdir", str(tmp_path / "out")],
                   check=True, capture_output=True, timeout=180)
    return tmp_path / "out"


def test_the_names_tested_below_are_in_the_data():
    """The round trips below check every script; make sure the data hold each one."""
    text = "".join("".join(map(str, row)) for name in ("places", "territories", "conflicts")
                   for row in csv_rows(name))
    for script, pattern in SCRIPTS.items():
        assert re.search(pattern, text), f"no {script} text in the data"


def test_workbook_has_a_sheet_per_dataset_a_codebook_and_sources(downloads):
    book = load_workbook(downloads["workbook"])
    assert set(RESOURCES) | {"codebook", "bibliography", "about"} == set(book.sheetnames)
    codebook = list(book["codebook"].iter_rows(min_row=2, values_only=True))
    assert len(codebook) == sum(len(r["schema"]["fields"]) for r in RESOURCES.values())
    keys = [row[0] for row in book["bibliography"].iter_rows(min_row=2, values_only=True)]
    assert keys == sorted(entries())


@pytest.mark.parametrize("name", sorted(RESOURCES))
def test_workbook_keeps_text_as_text(downloads, name):
    """No date cells anywhere; every field the schema does not declare numeric is a text cell
    with the Text format, so a spreadsheet neither shows nor makes a date or a number of it."""
    sheet = load_workbook(downloads["workbook"])[name]
    numeric = numeric_fields(name)
    header = [c.value for c in sheet[1]]
    for row in sheet.iter_rows(min_row=2):
        for column, cell in zip(header, row):
            assert not isinstance(cell.value, datetime), f"{name}!{cell.coordinate} is a date"
            if cell.value is not None and column not in numeric:
                assert cell.data_type == "s" and cell.number_format == "@", (
                    f"{name}!{cell.coordinate} ({column}) is not a text cell")
    assert_sheet_matches_csv(name, list(sheet.iter_rows(values_only=True)))


@needs_soffice
def test_workbook_survives_libreoffice(downloads, tmp_path):
    """LibreOffice opens the workbook and writes every sheet back out as UTF-8 CSV: the values,
    the ISO dates and the names in every script come back unchanged."""
    out = soffice(tmp_path, "--convert-to",
                  "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
                  str(downloads["workbook"]))
    stem = downloads["workbook"].stem
    for name in RESOURCES:
        with open(out / f"{stem}-{name}.csv", newline="", encoding="utf-8") as handle:
            assert_sheet_matches_csv(name, list(csv.reader(handle)))


@needs_soffice
@pytest.mark.parametrize("name", ["events", "places", "territories", "sovereignty", "forces"])
def test_csv_opened_as_the_data_page_says_keeps_names_and_dates(name, tmp_path):
    """Opened the Data page's way (UTF-8, every column Text), a CSV keeps its dates as text and
    its names in every script."""
    columns = len(csv_rows(name)[0])
    text_columns = "/".join(f"{i}/2" for i in range(1, columns + 1))  # 2: Text
    out = soffice(tmp_path, f"--infilter=CSV:44,34,76,1,{text_columns},0,true,false",
                  "--convert-to", "xlsx", str(DATA / RESOURCES[name]["path"]))
    sheet = load_workbook(out / f"{name}.xlsx").active
    rows = [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]
    assert rows == [row + [""] * (columns - len(row)) for row in csv_rows(name)]


def test_package_zip_validates_on_its_own(downloads, tmp_path):
    from frictionless import validate

    with zipfile.ZipFile(downloads["zip"]) as archive:
        archive.extractall(tmp_path)
        names = archive.namelist()
    (folder,) = {name.split("/")[0] for name in names}
    unpacked = tmp_path / folder
    for needed in ["datapackage.json", "references.bib", "sources.csv", "CITATION.cff",
                   "LICENSE", "README.md"] + [r["path"] for r in RESOURCES.values()]:
        assert (unpacked / needed).is_file(), f"{needed} missing from the zip"
    package = read_package(unpacked / "datapackage.json")
    assert (unpacked / package["bibliography"]).is_file(), "the bibliography path is broken"
    report = validate(unpacked / "datapackage.json")
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])


def test_bibliography_csv_lists_every_work_by_key(downloads):
    with open(downloads["bibliography"], newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [row["key"] for row in rows] == sorted(entries())
    assert all(row["kind"] and row["cited_as"] and row["title"] for row in rows)
