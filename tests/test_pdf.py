"""The whole-book PDF (`make pdf`): at least 40 pages, a title page with the version, date and
citation, a table of contents with page numbers, every chapter with its figures (vectors), page
numbers, no code toggles; linked from every page. Skipped, with the reason, without chromium."""
import json
import re
import shutil
import subprocess
import sys
import time
import unicodedata

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


@pytest.fixture(scope="module")
def texts(pdf):
    """The text of each page, read once (pypdf takes a while over a hundred pages). NFKC: the
    PDF's text has ligatures (ﬁ for fi) where the font has them."""
    return [re.sub(r"\s+", " ", unicodedata.normalize("NFKC", page.extract_text() or ""))
            for page in pdf.pages]


def _text(texts, pages=None):
    return " ".join(texts if pages is None else [texts[i] for i in pages])


def _titles():
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    docs = [toc["root"]] + [c["file"] for part in toc["parts"] for c in part["chapters"]]
    from companion.pages import _page_title

    return [_page_title(doc) for doc in docs]


def test_pdf_has_at_least_40_pages(pdf):
    assert len(pdf.pages) >= 40


def test_title_page_names_version_date_and_citation(texts):
    first = _text(texts, [0])
    current = latest()
    assert f"Version {current['version']}, released {current['date']}" in first
    assert "How to cite" in first and f"@book{{{citation_key()}" in first


def test_every_chapter_is_in_the_outline_in_order_and_in_the_contents(pdf, texts):
    outline = [(item.title.strip(), pdf.get_destination_page_number(item) + 1)
               for item in pdf.outline if not isinstance(item, list)]
    titles = _titles()
    # The outline keeps the page's typography (Sphinx prints ' as ’); compare the words.
    def bare(title):
        return re.sub(r"\s+", "", title).replace("\u2019", "'")

    assert [bare(t) for t, _ in outline] == [bare(t) for t in titles]
    outline = list(zip(titles, [p for _, p in outline]))
    pages = [p for _, p in outline]
    assert pages == sorted(pages) and len(set(pages)) == len(pages)
    contents = _text(texts, [1, 2])
    for title, page in outline:
        words = " ".join(re.findall(r"[^\W_]+", title))
        assert re.search(re.escape(words) + r"\W*" + str(page) + r"\b",
                         " ".join(re.findall(r"[^\W_]+|\d+", contents))), f"contents: {title} {page}"
    for title, page in outline:  # each chapter's title is printed on its first page
        printed = " ".join(re.findall(r"[^\W_]+", _text(texts, [page - 1])))
        assert " ".join(re.findall(r"[^\W_]+", title)) in printed


def test_pages_are_numbered(texts):
    total = len(texts)
    for number in (3, total // 2, total):
        assert re.search(rf"\b{number} / {total}\b", _text(texts, [number - 1])), number


def _xobjects(resources, depth=0):
    """The subtypes of every XObject a page draws, looking inside forms too."""
    found = []
    for item in (resources or {}).get("/XObject", {}).values():
        item = item.get_object()
        found.append(item.get("/Subtype"))
        if item.get("/Subtype") == "/Form" and depth < 3:
            found += _xobjects(item.get("/Resources"), depth + 1)
    return found


def test_every_figure_is_embedded_as_a_vector(pdf, texts):
    records = list((ROOT / "figures").glob("*.json"))
    kinds = [kind for page in pdf.pages for kind in _xobjects(page.get("/Resources"))]
    # Chromium draws an SVG either as a form XObject or straight into the page, tagged as a
    # Figure in the structure of the (tagged) PDF; either way it stays vector paths.
    tagged = sum(page.get_contents().get_data().count(b"/Figure <<") for page in pdf.pages
                 if page.get_contents() is not None)
    drawn = kinds.count("/Form") + tagged
    assert drawn >= len(records), f"{drawn} drawings for {len(records)} figures"
    assert "/Image" not in kinds, "a figure was printed as a raster image, not as a vector"
    captions = re.findall(r"Fig\. \d+ ", _text(texts))
    assert len(captions) >= len(records), f"{len(captions)} figure captions for {len(records)} figures"


def test_no_code_toggles_or_interactive_chrome(texts):
    text = _text(texts)
    for chrome in ("Show code cell", "Hide code cell", "Toggle navigation", "Skip to main content",
                   "Back to top", "Ctrl+K", "Download source file", "Launch Binder", "Print to PDF"):
        assert chrome not in text, chrome


def test_every_page_links_the_pdf(pdf, site):
    for path in sorted(site.rglob("*.html")):
        if "_static" in path.parts or path.name == "index.html":
            continue
        links = re.findall(r'href="([^"]*' + re.escape(pdf_name()) + ')"', path.read_text(encoding="utf-8"))
        assert links, f"{path.relative_to(site)} does not link the PDF"
        assert (path.parent / links[0]).resolve() == (site / pdf_name()).resolve()


def test_japanese_names_print_in_a_japanese_font(pdf, texts):
    assert "ノモンハン" in _text(texts)
    fonts = set()
    for page in pdf.pages:
        for font in page.get("/Resources", {}).get("/Font", {}).values():
            fonts.add(str(font.get_object().get("/BaseFont")))
    assert any("IPA" in name for name in fonts), f"no Japanese font among {sorted(fonts)[:8]}"
