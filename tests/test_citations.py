"""Citations that work: one label per work wherever labels print, titles that keep their
capitals, and a CITATION.cff that cffconvert validates and converts cleanly."""
import os
import re
import subprocess
import sys
from html import unescape
from pathlib import Path

import pytest
import yaml
from pybtex.richtext import Text

from conftest import ROOT
from companion.bibliography import author_year, entries, years
from companion.citation import citation_key

sys.path.insert(0, str(ROOT / "scripts"))
import release  # noqa: E402

CITE = re.compile(r'<a class="reference internal" href="(?:[^"#]*)#([^"]+)"[^>]*>([^<]+)</a>')


def _labels(site):
    """{label as printed: {bibliography anchors it points to}} over every page of the book."""
    labels = {}
    for path in sorted(site.rglob("*.html")):
        for span in re.findall(r'<span class="bibtex-citation"[^>]*>(.*?)</span>',
                               path.read_text(encoding="utf-8"), flags=re.S):
            # A textual citation links only the year: "Coox (<a>1985</a>)"; its label is the
            # author before the link and the year in it.
            before = 0
            for match in CITE.finditer(span):
                author = re.sub(r"<[^>]+>", "", span[before:match.start()])
                label = unescape(author + " " + match.group(2))
                label = " ".join(re.findall(r"[^\W_]+(?:[.-][^\W_]+)*\.?", label))
                labels.setdefault(label, set()).add(match.group(1))
                before = match.end()
    return labels


def test_no_two_works_print_the_same_label(site):
    labels = _labels(site)
    assert labels, "no citations found in the built pages"
    shared = {label: anchors for label, anchors in labels.items() if len(anchors) > 1}
    assert not shared, f"labels that point to several works: {shared}"


def test_same_author_same_year_works_get_letters():
    groups = {}
    for key in entries():
        groups.setdefault(author_year(key), []).append(key)
    assert all(len(keys) == 1 for keys in groups.values()), groups
    assert years()["mankoff2015legacy"] == "2015a" and years()["mankoff2015revealed"] == "2015b"


def test_the_letters_print_in_text_and_bibliography(site):
    intro = (site / "book" / "intro.html").read_text(encoding="utf-8")
    assert "Mankoff, 2015a" in intro and "Mankoff, 2015b" in intro
    bibliography = re.sub(r"<[^>]+>", "", (site / "book" / "bibliography.html").read_text(encoding="utf-8"))
    # Each entry prints its year with the letter, whatever label the list gives the entry.
    for letter in "ab":
        assert re.search(rf"Jeffrey Mankoff\.[^\n]{{0,400}}?, 2015{letter}\.", bibliography), letter


def test_bibliography_keeps_the_capitals_of_titles(site):
    page = unescape(re.sub(r"<[^>]+>", " ", (site / "book" / "bibliography.html").read_text(encoding="utf-8")))
    text = " ".join(re.findall(r"[^\W_]+", page))
    for key, entry in entries().items():
        title = Text.from_latex(entry.fields["title"]).render_as("text")
        wanted = " ".join(re.findall(r"[^\W_]+", title))
        assert wanted in text, f"{key}: '{title}' is not printed with its capitals"


# --- CITATION.cff through cffconvert, in a tool environment of its own ------------------------

TOOLS = Path(os.environ.get("COMPANION_TOOLS", ROOT / ".venv-tools"))
CFFCONVERT = "cffconvert==2.0.0"


@pytest.fixture(scope="module")
def cffconvert():
    """cffconvert's Python, in a venv of its own (it pins jsonschema 3, which frictionless cannot
    use): made once, then reused."""
    venv = TOOLS / "cffconvert"
    python = venv / "bin" / "python"
    if not (venv / "bin" / "cffconvert").exists():
        subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check",
                        CFFCONVERT], check=True)
    return venv


def _run(venv, program, *args):
    return subprocess.run([str(venv / "bin" / program), *args], capture_output=True, text=True, cwd=ROOT)


def test_cffconvert_validates_citation_cff(cffconvert):
    result = _run(cffconvert, "cffconvert", "--validate", "-i", "CITATION.cff")
    assert result.returncode == 0 and "are valid" in result.stdout, result.stdout + result.stderr


def test_cffconvert_rejects_a_broken_citation_cff(cffconvert, tmp_path):
    broken = tmp_path / "CITATION.cff"
    broken.write_text((ROOT / "CITATION.cff").read_text().replace("type: book", "type: novel"))
    assert _run(cffconvert, "cffconvert", "--validate", "-i", str(broken)).returncode != 0


def _bibtex(cffconvert, path):
    result = _run(cffconvert, "python", str(ROOT / "scripts" / "cff_bibtex.py"), str(path), citation_key())
    assert result.returncode == 0, result.stderr
    return result.stdout


def test_cffconvert_bibtex_has_a_key_a_braced_group_author_and_the_version(cffconvert):
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    entry = _bibtex(cffconvert, ROOT / "CITATION.cff")
    assert entry.startswith(f"@book{{{citation_key()},")
    assert "YourReferenceHere" not in entry
    assert "author = {{The research companion's contributors}}" in entry
    assert f"version = {{{cff['version']}}}" in entry
    assert cff["preferred-citation"]["type"] == "book"


def test_cffconvert_bibtex_carries_the_address_once_the_repository_is_known(cffconvert, tmp_path):
    base, repository = "https://example-org.github.io/companion/", "https://github.com/example-org/companion"
    path = tmp_path / "CITATION.cff"
    path.write_text(release.cff_address((ROOT / "CITATION.cff").read_text(encoding="utf-8"), base, repository))
    assert _run(cffconvert, "cffconvert", "--validate", "-i", str(path)).returncode == 0
    assert f"url = {{{base}}}" in _bibtex(cffconvert, path)


def test_cffconvert_licence_urls_are_whole(cffconvert):
    for form in ("codemeta", "schema.org"):
        result = _run(cffconvert, "cffconvert", "-f", form, "-i", "CITATION.cff")
        assert '"license": "https://spdx.org/licenses/CC-BY-4.0"' in result.stdout, result.stdout


def test_the_label_check_catches_two_works_under_one_label(tmp_path):
    # As the stock style printed the intro: (Mankoff, 2015, Mankoff, 2015), and textually.
    link = '<a class="reference internal" href="bibliography.html#{}" title="t">{}</a>'
    (tmp_path / "a.html").write_text(
        '<span class="bibtex-citation" id="i">(' + link.format("id1", "Mankoff, 2015") + ", "
        + link.format("id2", "Mankoff, 2015") + ')</span> <span class="bibtex-citation" id="j">'
        "Coox (" + link.format("id3", "1985") + '), Drea (' + link.format("id4", "1985") + ")</span>")
    labels = _labels(tmp_path)
    assert labels == {"Mankoff 2015": {"id1", "id2"}, "Coox 1985": {"id3"}, "Drea 1985": {"id4"}}
