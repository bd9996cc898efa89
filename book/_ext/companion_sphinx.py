"""Local Sphinx extension for the companion book.

1. Author–year citations in round brackets: (Coox 1985), not [Coox 1985]. Two works that would
   print the same label get letters, (Mankoff 2015a) and (Mankoff 2015b), in the text, in the
   bibliography and in the charts' source lines alike (companion.bibliography.years). The
   bibliography style "companion" keeps titles as references.bib writes them (proper nouns keep
   their capitals) and labels each entry with its author–year label.
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
   not a number, so that a reader holding a CSV row finds the work; titles keep their capitals.
7. The downloads (workbook, package zip, bibliography CSV) are made from the repository's files
   into _build/downloads/ when a build starts; the pages link them with {download}.
8. Editions: the footer of every page names the version (from releases.json, the one place it is
   written) and links to the Changes page, the whole-book PDF, How to cite and Corrections;
   ```{datachanges}``` and ```{errata}``` render the Changes page and the errata list; each
   dataset's row-by-row changes are folded (```{folded} summary```, an HTML <details>), so that the
   page is a few screens long and its tables are laid out only when a reader opens them.
9. The public address comes from the repository the book is built from (COMPANION_REPOSITORY /
   COMPANION_BASEURL, set by the publishing workflow): it lights up html_baseurl, the repository
   and issue buttons and the Binder and Colab launch buttons. Without it they stay off.
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
from pybtex.style import template as pt
from sphinxcontrib.bibtex.style.referencing import BracketStyle
from sphinxcontrib.bibtex.style.referencing.author_year import AuthorYearReferenceStyle

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # book/, for the companion package
from companion.bibliography import years  # noqa: E402
from companion.citation import book, page_url, pdf_name  # noqa: E402
from companion.downloads import write_downloads  # noqa: E402
from companion.edition_pages import changes_page, errata_page, report_links  # noqa: E402
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


class CompanionStyle(PlainStyle):
    """pybtex's plain style, each entry labelled with its key, and titles as references.bib writes
    them: "Battle of Lake Khasan", not "Battle of lake khasan" (the plain style lower-cases every
    title but its first letter)."""
    default_label_style = "key"

    def format_title(self, e, which_field, as_sentence=True):
        title = pt.field(which_field)
        return pt.sentence[title] if as_sentence else title

    def format_btitle(self, e, which_field, as_sentence=True):
        title = pt.tag("em")[pt.field(which_field)]
        return pt.sentence[title] if as_sentence else title


pybtex.plugin.register_plugin("pybtex.style.labels", "key", KeyLabelStyle)
pybtex.plugin.register_plugin("pybtex.style.formatting", "companion", CompanionStyle)


def make_downloads(app):
    write_downloads(DOWNLOADS)


def disambiguate_years(app):
    """Give each work the year its citations print (2015a, 2015b), so that the text, the
    bibliography and the hover titles agree. Idempotent: the letters come from references.bib."""
    domain = app.env.get_domain("cite")
    shown = years()
    for key, entry in domain.bibdata.data.entries.items():
        if key in shown and shown[key] != entry.fields.get("year", "n.d."):
            entry.fields["year"] = shown[key]


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
    context["theme_extra_footer"] = edition_footer(context["pathto"]) + context.get("theme_extra_footer", "")


def edition_footer(pathto):
    """The version and where to find its changes, its PDF, its citation and how to report an error.
    pathto gives each link relative to the page."""
    meta = book()
    links = [(pathto("book/changes"), "Changes"), (pathto(pdf_name(), 1), "PDF of the whole book"),
             (pathto("book/how_to_cite"), "How to cite"), (pathto("book/corrections"), "Report an error")]
    shown = " · ".join(f'<a href="{href}">{text}</a>' for href, text in links)
    return (f'<p class="edition">Version {escape(meta["version"])}, released '
            f'{escape(meta["date"])}. {shown}</p>\n')


def use_repository_address(app, config):
    """Turn on what needs the public address once the repository the book is built from is known."""
    meta = book()
    if not meta["repository"]:
        return
    config.html_baseurl = meta["url"]
    options = config.html_theme_options
    options.update(repository_url=meta["repository"], repository_branch="main", path_to_docs="",
                   use_repository_button=True, use_issues_button=True)
    options["launch_buttons"] = dict(options.get("launch_buttons") or {},
                                     binderhub_url="https://mybinder.org",
                                     colab_url="https://colab.research.google.com",
                                     notebook_interface="jupyterlab")


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


class folded(nodes.General, nodes.Element):
    """A block the reader opens: <details>, closed, with a one-line <summary>."""


def visit_folded(self, node):
    self.body.append(f'<details class="folded">\n<summary>{escape(node["summary"])}</summary>\n')


def depart_folded(self, node):
    self.body.append("</details>\n")


class FoldedDirective(SphinxDirective):
    required_arguments = 1
    final_argument_whitespace = True
    has_content = True

    def run(self):
        node = folded(summary=self.arguments[0])
        self.state.nested_parse(self.content, self.content_offset, node)
        return [node]


class DataChangesDirective(GeneratedMarkdown):
    def markdown(self):
        return changes_page()


class ErrataDirective(GeneratedMarkdown):
    def markdown(self):
        return errata_page()


class ReportLinksDirective(GeneratedMarkdown):
    def markdown(self):
        return report_links()


def setup(app):
    app.connect("builder-inited", make_downloads)
    app.add_directive("codebook", CodebookDirective)
    app.add_directive("citations", CitationsDirective)
    app.add_node(folded, html=(visit_folded, depart_folded))
    app.add_directive("folded", FoldedDirective)
    app.add_directive("datachanges", DataChangesDirective)
    app.add_directive("errata", ErrataDirective)
    app.add_directive("reportlinks", ReportLinksDirective)
    app.connect("config-inited", use_repository_address)
    app.connect("builder-inited", disambiguate_years, priority=900)  # after sphinxcontrib-bibtex's
    app.connect("html-page-context", add_page_metadata, priority=900)  # after the theme's
    return {"parallel_read_safe": True, "parallel_write_safe": True}
