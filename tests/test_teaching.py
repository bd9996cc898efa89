"""What the built book offers for reuse and teaching: exercises with executed solutions, the
instructors' page, the downloads on the Data page, each figure's downloads and citation, and the
Bibliography's keys."""
import json
import re
import zipfile

import nbformat
from pybtex.database import parse_file

from conftest import ROOT
from test_build import Page, page_text

CHAPTERS = sorted(p.stem for p in (ROOT / "book").glob("*.ipynb") if p.stem != "exercises")


def exercise_sections():
    """{chapter: number of exercises} from the exercises notebook's sections."""
    notebook = nbformat.read(ROOT / "book" / "exercises.ipynb", as_version=4)
    found, chapter = {}, None
    for cell in notebook.cells:
        if cell.cell_type != "markdown":
            continue
        linked = re.search(r"These go with the chapter \{doc\}`(\w+)`", cell.source)
        if linked:
            chapter = linked.group(1)
        if cell.source.startswith("```{exercise}") and chapter:
            found[chapter] = found.get(chapter, 0) + 1
    return found


def test_at_least_two_exercises_for_every_data_chapter():
    sections = exercise_sections()
    for chapter in CHAPTERS:
        assert sections.get(chapter, 0) >= 2, f"{chapter}: fewer than two exercises"
    assert sum(sections.values()) >= 12


def test_every_exercise_has_a_hidden_solution_executed_in_the_build(site):
    html = (site / "book" / "exercises.html").read_text(encoding="utf-8")
    exercises = html.count('class="exercise admonition"')
    solutions = html.split('class="solution dropdown admonition"')[1:]
    assert exercises >= 12 and len(solutions) == exercises
    for number, solution in enumerate(solutions, 1):
        body = solution.split('class="exercise admonition"')[0]
        assert 'class="cell_output' in body, f"solution {number} shows no executed output"


def test_instructors_page_covers_what_the_issue_asks(site):
    text = page_text(site / "book" / "instructors.html")
    for needed in ["Learning goals", "50-minute lesson plan", "can and cannot support",
                   "Empty is not zero", "forces.csv mixes units by row", "Ranges",
                   "Dates of mixed precision", "date_span", "How to cite a version",
                   "How to report an error"]:
        assert needed in text, f"the instructors' page lacks '{needed}'"


def test_data_page_offers_the_workbook_and_the_package_zip(site):
    page = site / "book" / "data.html"
    links = Page(page).links
    for name in ["companion-data.xlsx", "companion-data.zip", "bibliography.csv"]:
        link = next((h for h in links if h.endswith("/" + name)), None)
        assert link and (page.parent / link).is_file(), f"{name} is not offered"
    zipped = next(h for h in links if h.endswith("/companion-data.zip"))
    with zipfile.ZipFile(page.parent / zipped) as archive:
        assert any(n.endswith("/datapackage.json") for n in archive.namelist())
    text = page_text(page)
    assert "Unicode (UTF-8)" in text and "Do not detect data types" in text


def test_every_figure_offers_its_files_and_its_citation(site):
    for record_path in sorted((ROOT / "figures").glob("*.json")):
        record = json.loads(record_path.read_text(encoding="utf-8"))
        page = site / "book" / f"{record['chapter']}.html"
        links = Page(page).links
        for suffix in ("svg", "png", "csv"):
            link = next((h for h in links if h.endswith(f"/{record['name']}.{suffix}")), None)
            assert link, f"{record['name']}.{suffix} is not offered on {page.name}"
            assert (page.parent / link).read_bytes() == (
                ROOT / "figures" / f"{record['name']}.{suffix}").read_bytes()
        assert f"how_to_cite.html#cite-figure-{record['name']}" in links, (
            f"{record['name']}: no 'cite this figure' link")
    cite = (site / "book" / "how_to_cite.html").read_text(encoding="utf-8")
    for record_path in (ROOT / "figures").glob("*.json"):
        assert f'id="cite-figure-{record_path.stem}"' in cite


def test_bibliography_shows_every_key_and_offers_a_csv(site):
    """A reader holding a CSV row's source key finds its work on the Bibliography page."""
    page = site / "book" / "bibliography.html"
    html = page.read_text(encoding="utf-8")
    labels = re.findall(r'<span class="label"><span class="fn-bracket">\[</span>([^<]+)<', html)
    assert sorted(labels) == sorted(parse_file(str(ROOT / "references.bib")).entries)
    assert any(h.endswith("/bibliography.csv") for h in Page(page).links)
