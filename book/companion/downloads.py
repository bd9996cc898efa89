"""The downloads offered on the Data and Bibliography pages, made at build time from the files in
the repository (nothing generated is committed):

- a workbook (.xlsx) that survives a spreadsheet: one sheet per dataset, a codebook sheet and a
  sources sheet; text stays text (names in five scripts, ISO dates beside their precision) and
  only the fields the schema declares numeric are numbers;
- the whole data package as one zip that validates on its own;
- the bibliography as a CSV table, one row per work, by the key the datasets use.
"""
import csv
import json
import re
import zipfile
from datetime import datetime
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Font

from companion.bibliography import author_year, entries
from companion.citation import book
from companion.data import read_package
from companion.paths import BIBLIOGRAPHY, CITATION, DATA, ROOT

NUMERIC = {"integer": int, "number": float}
TEXT = "@"  # the spreadsheet's Text number format: what is typed in later stays text too
BIBLIOGRAPHY_COLUMNS = ["key", "cited_as", "kind", "language", "entry_type", "author", "title",
                        "year", "published_in", "publisher", "doi", "isbn", "url"]


def _plain(text):
    """BibTeX text as a reader reads it: no braces, no doubled spaces."""
    return " ".join(re.sub(r"[{}]", "", text).split())


def bibliography_rows(bib=BIBLIOGRAPHY, registry=DATA / "sources.csv"):
    """One row per work of references.bib, by key, with its kind and language from the registry."""
    with open(registry, newline="", encoding="utf-8") as handle:
        kinds = {row["key"]: row for row in csv.DictReader(handle)}
    rows = []
    for key, entry in sorted(entries(bib).items()):
        fields = entry.fields
        people = entry.persons.get("author") or entry.persons.get("editor") or []
        rows.append({
            "key": key, "cited_as": author_year(key),
            "kind": kinds.get(key, {}).get("kind", ""),
            "language": kinds.get(key, {}).get("language", ""),
            "entry_type": entry.type,
            "author": _plain("; ".join(str(p) for p in people)),
            "title": _plain(fields.get("title", "")), "year": fields.get("year", ""),
            "published_in": _plain(fields.get("journal") or fields.get("booktitle")
                                   or fields.get("series") or ""),
            "publisher": _plain(fields.get("publisher") or fields.get("organization")
                                or fields.get("institution") or ""),
            "doi": fields.get("doi", ""), "isbn": fields.get("isbn", ""),
            "url": fields.get("url", ""),
        })
    return rows


def write_bibliography_csv(path):
    with open(path, "w", newline="", encoding="utf-8") as handle:
        writer = csv.DictWriter(handle, BIBLIOGRAPHY_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(bibliography_rows())


def _sheet(workbook, title, header, rows, numeric=()):
    """A sheet with a bold, frozen header; every cell text except the numeric columns."""
    sheet = workbook.create_sheet(title)
    sheet.append(header)
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    sheet.freeze_panes = "A2"
    for row in rows:
        sheet.append([None if value in ("", None) else
                      NUMERIC[numeric[name]](value) if name in numeric else str(value)
                      for name, value in zip(header, row)])
    for column in sheet.iter_cols(min_row=2):
        for cell in column:
            if header[cell.column - 1] not in numeric:
                cell.number_format = TEXT
    return sheet


def write_workbook(path, package_path=DATA / "datapackage.json"):
    package = read_package(package_path)
    meta = book()
    workbook = Workbook()
    about = workbook.active
    about.title = "about"
    for line in [package["title"], f"Version {package['version']} of the data, from version "
                 f"{meta['version']} of the book ({meta['date']}).", package["description"],
                 "Licence: CC BY 4.0 (https://creativecommons.org/licenses/by/4.0/). Cite the "
                 "book's version: see the How to cite page.",
                 "Every cell is text except the numeric fields (see the codebook sheet). Dates "
                 "are ISO text (1945-08-09, 1945-08 or 1945) with a precision column beside them."]:
        about.append([line])
    codebook = []
    for res in package["resources"]:
        fields = res["schema"]["fields"]
        numeric = {f["name"]: f["type"] for f in fields if f["type"] in NUMERIC}
        with open(Path(package_path).parent / res["path"], newline="", encoding="utf-8") as handle:
            reader = csv.reader(handle)
            header = next(reader)
            _sheet(workbook, res["name"], header, reader, numeric)
        codebook += [[res["name"], f["name"], f["type"], f.get("description", ""),
                      json.dumps(f.get("constraints", {}), ensure_ascii=False)] for f in fields]
    _sheet(workbook, "codebook", ["sheet", "field", "type", "description", "constraints"],
           codebook)
    _sheet(workbook, "bibliography", BIBLIOGRAPHY_COLUMNS,
           ([row[c] for c in BIBLIOGRAPHY_COLUMNS] for row in bibliography_rows()))
    # Fixed document dates: the same data give the same file.
    stamp = datetime.fromisoformat(meta["date"])
    workbook.properties.created = workbook.properties.modified = stamp
    workbook.save(path)


PACKAGE_README = """# {title}

Version {version} of the data package of the book "{book}" (version {book_version}, released
{date}).

- `datapackage.json`: the codebook, a Frictionless Data Package: every file, every field, its
  type, unit and constraints. Check the package with `frictionless validate datapackage.json`.
- `*.csv`: the datasets, UTF-8, comma-separated. An empty cell means unknown, never zero. Dates
  are ISO 8601 text, as precise as they are known, with a `_precision` column beside them.
- `references.bib`: every work the data cite; each row's `source` is a key in it.
  `sources.csv` says what kind of work each key is and its language.
- `CITATION.cff`: how to cite the book and this version of its data.
- `LICENSE`: the code's licence (MIT); the data are CC BY 4.0.

Open a CSV in a spreadsheet as UTF-8 with type detection off (see the book's Data page), or use
the workbook offered beside this zip.
"""


def write_package_zip(path, package_path=DATA / "datapackage.json"):
    """The data package as one zip holding one folder that validates on its own."""
    package = read_package(package_path)
    meta = book()
    folder = f"{package['name']}-{package['version']}"
    package["bibliography"] = "references.bib"  # beside datapackage.json inside the zip
    files = {"datapackage.json": json.dumps(package, indent=2, ensure_ascii=False) + "\n",
             "references.bib": BIBLIOGRAPHY.read_bytes(), "CITATION.cff": CITATION.read_bytes(),
             "LICENSE": (ROOT / "LICENSE").read_bytes(),
             "README.md": PACKAGE_README.format(title=package["title"], version=package["version"],
                                                book=meta["title"], book_version=meta["version"],
                                                date=meta["date"])}
    for res in package["resources"]:
        files[res["path"]] = (Path(package_path).parent / res["path"]).read_bytes()
    stamp = tuple(datetime.fromisoformat(meta["date"]).timetuple())[:6]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, content in sorted(files.items()):
            info = zipfile.ZipInfo(f"{folder}/{name}", date_time=stamp)
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            archive.writestr(info, content.encode("utf-8") if isinstance(content, str) else content)
    return folder


def write_downloads(folder):
    """Write the workbook, the package zip and the bibliography CSV into folder; return their
    paths by kind."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    made = {"workbook": folder / "companion-data.xlsx", "zip": folder / "companion-data.zip",
            "bibliography": folder / "bibliography.csv"}
    write_workbook(made["workbook"])
    write_package_zip(made["zip"])
    write_bibliography_csv(made["bibliography"])
    return made
