"""Local Sphinx extension for the companion book.

1. Author–year citations in round brackets: (Coox 1985), not [Coox 1985].
2. Scholarly meta tags (citation_title, one citation_author per author, citation_publication_date,
   …) in every page's HTML head, made from CITATION.cff so that indexers see a citable work.
3. Two generated pages: ```{codebook}``` renders data/datapackage.json (the Data page) and
   ```{citations}``` renders the How to cite page from CITATION.cff; both are remade whenever a
   file they are made from changes.
4. Bibliography entries are marked as list items: docutils gives them the deprecated ARIA role
   doc-biblioentry inside a role="list", which screen readers and axe-core reject.
5. sphinx-thebe's script is dropped from pages: the book has no live kernel (launch buttons stay off
   until a repository is set) and the script logs a console error on every page.
6. The Bibliography labels each work with its key (the key the datasets' `source` columns hold),
   not a number, so that a reader holding a CSV row finds the work.
7. The downloads (workbook, package zip, bibliography CSV) are made from the repository's files
   into _build/downloads/ when a build starts; the pages link them with {download}.
"""
import re
import sys
from dataclasses import dataclass, field
from html import escape, unescape
from pathlib import Path

from docutils import nodes
from docutils.statemachine import StringList
from sphinx.util.docutils import SphinxDirective

import pybtex.plugin
import sphinxcontrib.bibtex.plugin
from pybtex.style.formatting.plain import Style as PlainStyle
from pybtex.style.labels import BaseLabelStyle
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # book/, for the companion package
from companion.citation import book, page_url  # noqa: E402
from companion.downloads import write_downloads  # noqa: E402
from companion.pages import citations, codebook, sources_of_truth  # noqa: E402
from companion.paths import ROOT  # noqa: E402

DOWNLOADS = ROOT / "_build" / "downloads"


def _round_brackets():
    return BracketStyle(left="(", right=")")


@dataclass
class RoundAuthorYearStyle(AuthorYearReferenceStyle):
    bracket_parenthetical: BracketStyle = field(default_factory=_round_brackets)
    bracket_textual: BracketStyle = field(default_factory=_round_brackets)
    bracket_author: BracketStyle = field(default_factory=_round_brackets)
    bracket_label: BracketStyle = field(default_factory=_round_brackets)
    bracket_year: BracketStyle = field(default_factory=_round_brackets)


sphinxcontrib.bibtex.plugin.register_plugin(
    "sphinxcontrib.bibtex.style.referencing", "author_year_round", RoundAuthorYearStyle)


class KeyLabelStyle(BaseLabelStyle):
    """Label each bibliography entry with its BibTeX key."""

    def format_labels(self, sorted_entries):
        for entry in sorted_entries:
            yield entry.key


class PlainWithKeysStyle(PlainStyle):
    default_label_style = "key"


pybtex.plugin.register_plugin("pybtex.style.labels", "key", KeyLabelStyle)
pybtex.plugin.register_plugin("pybtex.style.formatting", "plain_keys", PlainWithKeysStyle)


def make_downloads(app):
    write_downloads(DOWNLOADS)


def citation_metatags(pagename, page_title, is_root):
    meta = book()
    tags = [("citation_title", meta["title"] if is_root else page_title)]
    if not is_root:
        tags.append(("citation_inbook_title", meta["title"]))
    tags += [("citation_author", name) for name in meta["authors"]]
    tags += [("citation_publication_date", meta["date"].replace("-", "/")),
             ("citation_version", meta["version"]), ("citation_language", "en")]
    url = page_url(f"{pagename}.html")
    if url:
        tags.append(("citation_public_url", url))
    return "".join(f'<meta name="{n}" content="{escape(v, quote=True)}" />\n' for n, v in tags)


def _is_thebe(script):
    text = str(getattr(script, "filename", "") or "")
    text += str(getattr(script, "attributes", {}).get("body", ""))
    return "thebe" in text.lower()


def add_page_metadata(app, pagename, templatename, context, doctree):
    # Titles in the context carry HTML markup; meta tags want the plain text.
    plain = unescape(re.sub(r"<[^>]+>", "", context.get("title") or ""))
    is_root = pagename == app.config.root_doc
    context["metatags"] = context.get("metatags", "") + citation_metatags(pagename, plain, is_root)
    if "body" in context:
        context["body"] = context["body"].replace('role="doc-biblioentry"', 'role="listitem"')
    # In place: the theme adds page scripts to this same list after some listeners have run.
    scripts = context.get("script_files", [])
    scripts[:] = [s for s in scripts if not _is_thebe(s)]


class GeneratedMarkdown(SphinxDirective):
    """Parse MyST text made at build time, and note the files it depends on."""

    def markdown(self):
        raise NotImplementedError

    def run(self):
        for path in sources_of_truth():
            self.env.note_dependency(str(path))
        container = nodes.container()
        text = self.markdown()
        self.state.nested_parse(StringList(text.splitlines(), source=self.env.docname),
                                self.content_offset, container)
        return container.children


class CodebookDirective(GeneratedMarkdown):
    required_arguments = 1  # the data package, relative to the page

    def markdown(self):
        relative, absolute = self.env.relfn2path(self.arguments[0], self.env.docname)
        return codebook(absolute, str(Path(self.arguments[0]).parent) + "/")


class CitationsDirective(GeneratedMarkdown):
    def markdown(self):
        return citations()


def setup(app):
    app.connect("builder-inited", make_downloads)
    app.add_directive("codebook", CodebookDirective)
    app.add_directive("citations", CitationsDirective)
    app.connect("html-page-context", add_page_metadata, priority=900)  # after the theme's
    return {"parallel_read_safe": True, "parallel_write_safe": True}
