"""The book builds strictly, and the built site is accessible, citable and self-contained."""
import json
from html import unescape
import re
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
import yaml
from pybtex.database import parse_file
from pybtex.richtext import Text

from conftest import ROOT


class Page(HTMLParser):
    """Collects what the tests look at in one built page."""

    def __init__(self, path):
        super().__init__()
        self.images, self.meta, self.loads, self.links = [], {}, [], []
        self.feed(path.read_text(encoding="utf-8"))

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "meta" and attrs.get("name", "").startswith("citation_"):
            self.meta.setdefault(attrs["name"], []).append(attrs.get("content", ""))
        # Everything the browser fetches by itself when it opens the page.
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.loads.append(attrs["src"])
        if tag == "link" and attrs.get("rel") not in ("next", "prev", "index", "search", "canonical"):
            self.loads.append(attrs.get("href", ""))
        if tag == "a" and attrs.get("href"):
            self.links.append(attrs["href"])


def page_text(path):
    """The words of a page, without its markup."""
    html = path.read_text(encoding="utf-8")
    return re.sub(r"\s+", " ", unescape(re.sub(r"<[^>]+>", "", html)))


def words(text):
    """Lower-case words only, so that typography (–, ’, BibTeX's -- and braces) does not matter."""
    return " ".join(re.findall(r"[^\W_]+", text.lower()))


def pages(site):
    return [p for p in sorted(site.rglob("*.html")) if "_static" not in p.parts]


def test_book_builds_with_warnings_as_errors(build):
    assert build.returncode == 0, build.stdout[-3000:] + build.stderr[-5000:]
    assert "build succeeded" in build.stdout


def test_failing_notebook_reports_are_not_published(site):
    assert not (site / "reports").exists()


def test_no_page_shows_a_notebook_warning_or_error_stream(site):
    """A warning a notebook prints (a missing glyph, a deprecation) is a defect to fix, never text
    for the reader."""
    for path in pages(site):
        html = path.read_text(encoding="utf-8")
        assert "output stderr" not in html and "Warning:" not in html, (
            f"{path.relative_to(site)} shows a notebook's stderr output")


def test_every_image_has_alt_text(site):
    for path in pages(site):
        for image in Page(path).images:
            assert image.get("alt", "").strip(), f"{path.relative_to(site)}: {image.get('src')} has no alt"


def test_every_page_carries_scholarly_meta_tags(site):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    authors = [a.get("name") or f"{a['family-names']}, {a['given-names']}" for a in citation["authors"]]
    for path in pages(site):
        if path.name in ("genindex.html", "search.html", "index.html"):
            continue  # Sphinx's index and search pages, and the redirect to the first page
        meta = Page(path).meta
        where = path.relative_to(site)
        assert meta.get("citation_title", [""])[0].strip(), f"{where}: no citation_title"
        assert meta.get("citation_author") == authors, f"{where}: citation_author"
        assert meta.get("citation_publication_date") == [
            str(citation["date-released"]).replace("-", "/")], f"{where}: date"


def test_no_page_loads_anything_from_outside_the_site(site):
    for path in pages(site):
        outside = [u for u in Page(path).loads if re.match(r"^(https?:)?//", u)]
        assert not outside, f"{path.relative_to(site)} loads {outside}"
    for path in site.rglob("*"):
        if path.suffix in (".css", ".js") and path.is_file():
            text = path.read_text(encoding="utf-8", errors="replace")
            imports = re.findall(r"@import\s+(?:url\()?['\"]?(https?://[^'\")]+)", text)
            fonts = re.findall(r"url\(['\"]?(https?://[^'\")]+)", text)
            assert not imports + fonts, f"{path.relative_to(site)} fetches {imports + fonts}"


def test_internal_links_resolve(site):
    from companion.citation import pdf_name
    for path in pages(site):
        for href in Page(path).links:
            if re.match(r"^[a-z]+:", href) or href.startswith("#"):
                continue
            if href.endswith(pdf_name()):
                continue  # made by `make pdf` after the build: tests/test_pdf.py follows this link
            target = (path.parent / href.split("#")[0].split("?")[0]).resolve()
            assert target.exists(), f"{path.relative_to(site)} links to missing {href}"


def test_bibliography_page_lists_every_work(site):
    entries = parse_file(str(ROOT / "references.bib")).entries
    page = site / "book" / "bibliography.html"
    listed = re.findall(r'<div class="citation" id="[^"]+" role="listitem">', page.read_text(encoding="utf-8"))
    assert len(listed) == len(entries)
    text = words(page_text(page))
    for key, entry in entries.items():
        title = Text.from_latex(entry.fields["title"]).render_as("text")  # \v{u} -> ŭ
        start = " ".join(words(title).split()[:3])
        assert start in text, f"{key} ('{start}…') is not listed"


def test_data_page_documents_each_dataset_with_a_working_download(site):
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    page = site / "book" / "data.html"
    html = page.read_text(encoding="utf-8")
    downloads = [h for h in Page(page).links if h.endswith(".csv")]
    for res in package["resources"]:
        assert words(res["title"]) in words(page_text(page))
        rows = sum(1 for _ in open(ROOT / "data" / res["path"], encoding="utf-8")) - 1
        assert f"{rows} rows" in html, f"{res['name']}: row count not shown"
        for field in res["schema"]["fields"]:
            assert f"<code class=\"docutils literal notranslate\"><span class=\"pre\">{field['name']}</span></code>" in html
        link = next(h for h in downloads if h.endswith("/" + res["path"]))
        assert (page.parent / link).read_bytes() == (ROOT / "data" / res["path"]).read_bytes()


def test_how_to_cite_page_is_made_from_citation_cff(site):
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    text = page_text(site / "book" / "how_to_cite.html")
    assert f"Version {citation['version']}" in text
    chapters = sum(len(part["chapters"]) for part in yaml.safe_load((ROOT / "_toc.yml").read_text())["parts"])
    figures = len(list((ROOT / "figures").glob("*.json")))
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert text.count("@book{") == 1
    assert text.count("@incollection{") == chapters + figures + len(package["resources"])
    assert "The research companion's contributors" in text


def test_footer_states_the_licences(site):
    html = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert "CC BY 4.0" in html and "MIT" in html


def test_citation_cff_is_valid():
    schema = json.loads((ROOT / "tests" / "schemas" / "citation-file-format-1.2.0.json").read_text())
    # BaseLoader keeps every value a string, as the CFF tools read it (dates are not converted).
    citation = yaml.load((ROOT / "CITATION.cff").read_text(encoding="utf-8"), Loader=yaml.BaseLoader)
    jsonschema.validate(citation, schema)


def test_citation_cff_and_config_agree():
    citation = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    config = yaml.safe_load((ROOT / "_config.yml").read_text(encoding="utf-8"))
    package = json.loads((ROOT / "data" / "datapackage.json").read_text(encoding="utf-8"))
    assert package["version"] == citation["version"]
    # A URL in CITATION.cff is the address of the repository it names (scripts/release.py writes
    # both from the repository), or the one set in _config.yml; never one made up.
    if "url" in citation:
        from companion.citation import address
        name = citation["repository-code"].removeprefix("https://github.com/")
        assert citation["url"] in (address({"COMPANION_REPOSITORY": name})[0], config["html"]["baseurl"])
