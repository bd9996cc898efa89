"""The text of the two generated pages, Data and How to cite, as MyST Markdown. Each is made at
build time from the files it describes (datapackage.json, CITATION.cff, figures/*.json), so that
nothing is written twice."""
import csv
import json
from pathlib import Path

import yaml

from companion.citation import author_date, bibtex, book, citation_key, page_url, pdf_name
from companion.paths import CONFIG, FIGURES, ROOT
from companion.rules import cited_keys


def _escape(text):
    return str(text).replace("|", "\\|").replace("\n", " ")


def _constraints(field):
    shown = []
    for name, value in field.get("constraints", {}).items():
        if name == "required" and value:
            shown.append("required")
        elif name == "unique" and value:
            shown.append("unique")
        elif name == "enum":
            shown.append("one of: " + ", ".join(f"`{v}`" for v in value))
        elif name not in ("required", "unique"):
            shown.append(f"{name}: `{value}`")
    return "; ".join(shown)


def _rows(path):
    with open(path, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


READINGS = {"in_work": "read in the cited work itself", "second_hand": "read second-hand, through "
            "a named intermediary", "encyclopedia_only": "resting on an encyclopedia only"}


def how_read(rows):
    """One sentence counting a table's rows by how their figure was read (the reading column);
    None for a table without that column."""
    if not rows or "reading" not in rows[0]:
        return None
    counts = {reading: sum(row["reading"] == reading for row in rows) for reading in READINGS}
    parts = [f"{counts[r]} {label}" for r, label in READINGS.items()]
    return f"{len(rows)} rows: " + ", ".join(parts) + "."


def codebook(package_path, link_prefix):
    """The data page: every resource with its fields, row count, sources, how its figures were
    read and a download link. link_prefix is the path from the page to the data folder, e.g.
    '../data/'."""
    package = json.loads(Path(package_path).read_text(encoding="utf-8"))
    tables = {res["name"]: _rows(Path(package_path).parent / res["path"])
              for res in package["resources"]}
    read = [row for rows in tables.values() for row in rows if "reading" in row]
    out = [package["description"], ""]
    if read:
        out += ["**How the figures were read**, counted when this page was built, over the tables "
                "that record it: " + how_read(read), ""]
    for res in package["resources"]:
        rows = tables[res["name"]]
        keys = sorted({key for row in rows for _, key in cited_keys(row)})
        licences = ", ".join(f"[{lic['title']}]({lic['path']})" for lic in res["licenses"])
        out += [
            f"## {res['title']}", "", res["description"], "",
            f"- **File:** {{download}}`{res['path']} <{link_prefix}{res['path']}>` "
            f"({len(rows)} rows, UTF-8 CSV). Load it with "
            f"`pandas.read_csv(\"data/{res['path']}\")` or `read.csv(\"data/{res['path']}\")` in R.",
            f"- **Licence:** {licences}.",
        ]
        if how_read(rows):
            out.append(f"- **How the figures were read:** {how_read(rows)}")
        out += [
            "- **Sources:** " + "; ".join(s["title"] for s in res["sources"]) + ": "
            + "; ".join("{cite:t}`" + k + "`" for k in keys) + ".",
            f"- **Primary key:** " + ", ".join(f"`{k}`" for k in res["schema"]["primaryKey"]),
        ]
        for fk in res["schema"].get("foreignKeys", []):
            target = fk["reference"]["resource"] or res["name"]
            out.append(f"- **Foreign key:** `{', '.join(fk['fields'])}` refers to "
                       f"`{target}.{', '.join(fk['reference']['fields'])}`")
        out += ["", "| Field | Type | Description and unit | Constraints |", "|---|---|---|---|"]
        for field in res["schema"]["fields"]:
            out.append(f"| `{field['name']}` | {field['type']} | {_escape(field['description'])} "
                       f"| {_escape(_constraints(field))} |")
        out.append("")
    return "\n".join(out)


def _chapters():
    """(docname, title) for every chapter in _toc.yml, titles read from the pages themselves."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    return [(doc, _page_title(doc)) for doc in docs]


def _page_title(doc):
    md, nb = ROOT / f"{doc}.md", ROOT / f"{doc}.ipynb"
    if md.exists():
        lines = md.read_text(encoding="utf-8").splitlines()
    else:
        cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        lines = "".join(next(c for c in cells if c["cell_type"] == "markdown")["source"]).splitlines()
    return next(line[2:].strip() for line in lines if line.startswith("# "))


def _citation(key, entry_type, part, kind, url):
    meta = book()
    return ["```bibtex", bibtex(key, entry_type, meta["title"], part, url), "```", "",
            author_date(part, kind, url), ""]


def citations():
    """The How to cite page: the book, each chapter, each figure and each dataset."""
    meta = book()
    slug = citation_key()
    url_note = ("" if meta["url"] else
                "The book has no public address yet; once it has one, each citation will carry it.")
    out = [f"This is version **{meta['version']}**, released {meta['date']}. Cite the version you "
           f"used: a later version may correct a number, and the [Changes](changes.md) page says "
           f"which, row by row. The version pins the data: its digest is recorded, and a changed "
           f"number needs a new version. {url_note}", "",
           f"The whole book of this version is one PDF: <a href=\"../{pdf_name()}\">{pdf_name()}</a>. "
           "`CITATION.cff` in the repository holds the same metadata for citation managers and "
           "GitHub's \"Cite this repository\".", "", "## The book", ""]
    out += _citation(slug, "book", None, "", page_url())
    out += ["## A chapter", ""]
    for doc, title in _chapters()[1:]:
        name = doc.split("/")[-1]
        out += [f"### {title}", ""] + _citation(f"{slug}_{name}", "incollection", title, "",
                                                page_url(f"{doc}.html"))
    out += ["## A figure", ""]
    for record_path in sorted(FIGURES.glob("*.json")):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        part = f"Figure “{record['name']}”: {record['title']}"
        out += [f"(cite-figure-{record['name']})=", f"### {record['title']}", ""] + _citation(
            f"{slug}_fig_{record['name']}", "incollection", part, "Figure. ",
            page_url(f"book/{record['chapter']}.html"))
    out += ["## A dataset", ""]
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    for res in package["resources"]:
        part = f"{res['title']} (data/{res['path']})"
        out += [f"### {res['title']}", ""] + _citation(
            f"{slug}_data_{res['name']}", "incollection", part, "Dataset. ",
            page_url("book/data.html"))
    return "\n".join(out)


def sources_of_truth():
    """The files the generated pages are made from: a change to any of them remakes the pages."""
    return ([ROOT / "CITATION.cff", CONFIG, ROOT / "_toc.yml", ROOT / "data" / "datapackage.json",
             ROOT / "releases.json", ROOT / "CHANGELOG.md"] + sorted((ROOT / "changes").glob("*.csv"))
            + sorted((ROOT / "data").glob("*.csv")) + sorted(FIGURES.glob("*.json")))
