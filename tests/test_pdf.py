"""The whole-book PDF (`make pdf`): at least 40 pages, a title page with the version, date and
citation, a table of contents with page numbers, every chapter with its figures (vectors), page
numbers, no code toggles; linked from every page. Skipped, with the reason, without chromium."""
import json
import re
import shutil
import subprocess
import sys
import time

import pytest
import yaml

from conftest import ROOT
from companion.citation import citation_key, pdf_name
from companion.editions import latest

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
pytestmark = pytest.mark.skipif(
    CHROMIUM is None, reason="Debian's chromium is not installed (apt-get install chromium); CI installs it")


@pytest.fixture(scope="module")
def pdf(site):
    start = time.perf_counter()
    result = subprocess.run([sys.executable, str(ROOT / "scripts" / "make_pdf.py")], cwd=ROOT,
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    print(f"make pdf: {time.perf_counter() - start:.1f} s; {result.stdout.strip()}")
    from pypdf import PdfReader

    return PdfReader(str(site / pdf_name()))


def _text(reader, pages=None):
    chosen = reader.pages if pages is None else [reader.pages[i] for i in pages]
    return re.sub(r"\s+", " ", " ".join(page.extract_text() or "" for page in chosen))


def _titles():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    from companion.pages import _page_title

    return [_page_title(doc) for doc in docs]


def test_pdf_has_at_least_40_pages(pdf):
    assert len(pdf.pages) >= 40


def test_title_page_names_version_date_and_citation(pdf):
    first = _text(pdf, [0])
    current = latest()
    assert f"Version {current['version']}, released {current['date']}" in first
    assert "How to cite" in first and f"@book{{{citation_key()}" in first


def test_every_chapter_is_in_the_outline_in_order_and_in_the_contents(pdf):
    outline = [(item.title.strip(), pdf.get_destination_page_number(item) + 1)
               for item in pdf.outline if not isinstance(item, list)]
    titles = _titles()
    assert [re.sub(r"\s+", "", t) for t, _ in outline] == [re.sub(r"\s+", "", t) for t in titles]
    outline = list(zip(titles, [p for _, p in outline]))
    pages = [p for _, p in outline]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    contents = _text(pdf, [1, 2])
    for title, page in outline:
        words = " ".join(re.findall(r"[^\W_]+", title))
        assert re.search(re.escape(words) + r"\W*" + str(page) + r"\b",
                         " ".join(re.findall(r"[^\W_]+|\d+", contents))), f"contents: {title} {page}"
    for title, page in outline:  # each chapter's title is printed on its first page
        printed = " ".join(re.findall(r"[^\W_]+", _text(pdf, [page - 1])))
        assert " ".join(re.findall(r"[^\W_]+", title)) in printed


def test_pages_are_numbered(pdf):
    total = len(pdf.pages)
    for number in (3, total // 2, total):
        assert re.search(rf"\b{number} / {total}\b", _text(pdf, [number - 1])), number


def test_every_figure_is_embedded_as_a_vector(pdf):
    records = [json.loads(p.read_text(encoding="utf-8")) for p in sorted((ROOT / "figures").glob("*.json"))]
    text = _text(pdf)
    forms = 0
    for page in pdf.pages:
        xobjects = page.get("/Resources", {}).get("/XObject", {})
        forms += sum(1 for x in xobjects.values() if x.get_object().get("/Subtype") == "/Form")
    assert forms >= len(records), f"{forms} vector figures for {len(records)} figures"
    for number in range(1, 4):
        assert f"Fig. {number}" in text or f"Figure {number}" in text


def test_no_code_toggles_or_interactive_chrome(pdf):
    text = _text(pdf)
    for chrome in ("Show code cell", "Hide code cell", "Toggle", "Search", "Ctrl+K", "previous next"):
        assert chrome not in text, chrome


def test_every_page_links_the_pdf(pdf, site):
    for path in sorted(site.rglob("*.html")):
        if "_static" in path.parts or path.name == "index.html":
            continue
        links = re.findall(r'href="([^"]*' + re.escape(pdf_name()) + ')"', path.read_text(encoding="utf-8"))
        assert links, f"{path.relative_to(site)} does not link the PDF"
        assert (path.parent / links[0]).resolve() == (site / pdf_name()).resolve()


def test_japanese_names_print_in_a_japanese_font(pdf):
    assert "ノモンハン" in _text(pdf)
    fonts = set()
    for page in pdf.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("IPA" in name for name in fonts), f"no Japanese font among {sorted(fonts)[:8]}"
