"""Print the whole book to one PDF: `make pdf` runs this after `make book`.

Offline, from the built site: the article of every page in _toc.yml order is gathered into one
print document (_build/pdf/book.html) with a title page (version, date, how to cite) and a table
of contents; hidden code cells, toggles, header links and buttons are left out; links between
pages become links inside the PDF. Debian's chromium, driven by Playwright (never a browser
Playwright downloads), prints it twice: the first time to learn on which page each chapter starts
(from the PDF's outline), the second with those page numbers in the table of contents. Figures
stay vectors (the site's SVG files). Writes _build/html/<name>-<version>.pdf, linked from every
page's footer.
"""
import html
import os
import posixpath
import re
import shutil
import sys
import time
from pathlib import Path

import yaml
from bs4 import BeautifulSoup

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "book"))
from companion.citation import author_date, bibtex, book, citation_key, page_url, pdf_name  # noqa: E402

SITE = ROOT / "_build" / "html"
WORK = ROOT / "_build" / "pdf"
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
# What a printed page has no use for: hidden code cells and their toggles, the "#" after headings,
# buttons, the previous/next links.
LEAVE_OUT = ["details.hide", ".headerlink", "button", ".prev-next-area", "script", "style",
             ".toggle-details", "summary"]

CSS = """
@page { size: A4; margin: 18mm 17mm 20mm 17mm; }
html { font-family: "DejaVu Serif", "Liberation Serif", "IPAMincho", serif; font-size: 10pt; line-height: 1.4;
       color: #111; }
h1, h2, h3, h4, .title, .toc-title { font-family: "DejaVu Sans", "Liberation Sans", "IPAGothic", sans-serif;
       line-height: 1.2; break-after: avoid; }
h1 { font-size: 20pt; margin: 0 0 10pt; }
h2 { font-size: 14pt; margin: 14pt 0 6pt; }
h3 { font-size: 11.5pt; margin: 12pt 0 4pt; }
h4 { font-size: 10.5pt; }
section.chapter { break-before: page; }
p, li { orphans: 3; widows: 3; }
a { color: #0b4f8a; text-decoration: none; }
img { max-width: 100%; height: auto; }
figure, .figure { break-inside: avoid; margin: 10pt 0; text-align: center; }
figcaption, .caption { font-size: 9pt; text-align: left; }
table { border-collapse: collapse; font-size: 7.5pt; margin: 6pt 0; max-width: 100%; }
th, td { border-bottom: 0.5pt solid #bbb; padding: 2pt 4pt; text-align: left; vertical-align: top;
         overflow-wrap: anywhere; }
thead th { border-bottom: 1pt solid #555; }
tr { break-inside: avoid; }
pre { font-size: 7.5pt; white-space: pre-wrap; overflow-wrap: anywhere; background: #f4f4f4;
      padding: 4pt; }
code { font-size: 8.5pt; overflow-wrap: anywhere; }
.admonition { border-left: 2pt solid #888; padding: 2pt 8pt; margin: 8pt 0; background: #f7f7f7; }
.admonition-title { font-weight: bold; margin: 2pt 0; }
div.citation { display: grid; grid-template-columns: 9em auto; gap: 6pt; font-size: 8.5pt;
               break-inside: avoid; }
div.citation .label { font-weight: bold; }
.titlepage { break-after: page; padding-top: 40mm; }
.titlepage .title { font-size: 26pt; font-weight: bold; margin-bottom: 8pt; }
.titlepage .subtitle { font-size: 13pt; margin-bottom: 30pt; }
.titlepage .edition { font-size: 12pt; margin-bottom: 30pt; }
.titlepage .cite { font-size: 9.5pt; }
.titlepage pre { font-size: 8pt; }
.toc { break-after: page; }
.toc-title { font-size: 20pt; font-weight: bold; margin-bottom: 12pt; }
.toc .part { font-family: "DejaVu Sans", sans-serif; font-weight: bold; margin: 12pt 0 4pt; }
.toc ol { list-style: none; padding: 0; margin: 0; }
.toc li { display: flex; margin: 3pt 0; }
.toc li a { color: #111; }
.toc li .dots { flex: 1; border-bottom: 1pt dotted #999; margin: 0 4pt 3pt; }
.toc li .page { min-width: 2.5em; text-align: right; }
"""

HEADER = ('<div style="font-size:7px;width:100%;padding:0 17mm;color:#666;'
          'font-family:sans-serif;text-align:right;">{title} · version {version}</div>')
FOOTER = ('<div style="font-size:8px;width:100%;text-align:center;color:#444;'
          'font-family:sans-serif;"><span class="pageNumber"></span> / '
          '<span class="totalPages"></span></div>')


def chapters():
    """(docname, part caption) for every page of the book, in _toc.yml order."""
    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    out = [(toc["root"], "")]
    for part in toc["parts"]:
        out += [(c["file"], part.get("caption", "")) for c in part["chapters"]]
    return out


def slug(doc):
    return doc.replace("/", "-")


def _rewrite(article, doc, docs):
    """Ids made unique per chapter; links to other pages made links inside the document; image
    paths made relative to the print document; links to files that only the site has dropped."""
    prefix = slug(doc) + "--"
    for element in article.find_all(id=True):
        element["id"] = prefix + element["id"]
    for link in article.find_all("a", href=True):
        href = link["href"]
        if re.match(r"^[a-z]+:", href):
            continue
        path, _, fragment = href.partition("#")
        if not path:
            link["href"] = f"#{prefix}{fragment}" if fragment else f"#{slug(doc)}"
            continue
        target = posixpath.normpath(posixpath.join(posixpath.dirname(doc), path))
        if target.endswith(".html") and target[:-5] in docs:
            name = slug(target[:-5])
            link["href"] = f"#{name}--{fragment}" if fragment else f"#{name}"
        elif page_url(target):
            link["href"] = page_url(target)
        else:
            del link["href"]
    for image in article.find_all("img", src=True):
        source = posixpath.normpath(posixpath.join(posixpath.dirname(doc), image["src"]))
        image["src"] = os.path.relpath(SITE / source, WORK)


def _folded_in_print(soup, block):
    """A folded block (the Changes page's row-by-row tables, two hundred printed pages) prints as
    its summary line and where to read the rows: the online Changes page and changes/*.csv."""
    note = soup.new_tag("p")
    note.string = (f"{block.summary.get_text(strip=True)}: listed on the Changes page of the online "
                   "book and in the version's changes CSV.")
    return note


def chapter_html(doc, docs):
    soup = BeautifulSoup((SITE / f"{doc}.html").read_text(encoding="utf-8"), "html.parser")
    article = soup.select_one("article.bd-article")
    if article is None:
        raise SystemExit(f"{SITE / doc}.html has no article: build the book first (make book)")
    for block in article.select("details.folded"):
        block.replace_with(_folded_in_print(soup, block))
    for selector in LEAVE_OUT:
        for element in article.select(selector):
            element.decompose()
    _rewrite(article, doc, docs)
    title = article.find("h1").get_text(" ", strip=True)
    return title, f'<section class="chapter" id="{slug(doc)}">{article.decode_contents()}</section>'


def _markdown_emphasis(text):
    return re.sub(r"\*([^*]+)\*", r"<em>\1</em>", html.escape(text, quote=False))


def title_page():
    meta = book()
    where = f"<p>Online: {html.escape(meta['url'])}</p>" if meta["url"] else ""
    return f"""<div class="titlepage">
<div class="title">{html.escape(meta['title'])}</div>
<div class="subtitle">{html.escape('; '.join(meta['authors']))}</div>
<div class="edition">Version {meta['version']}, released {meta['date']}</div>
<div class="cite"><p><strong>How to cite this version</strong></p>
<p>{_markdown_emphasis(author_date())}</p>
<pre>{html.escape(bibtex(citation_key(), 'book', meta['title'], None, page_url()))}</pre>
<p>Text, data and figures: CC BY 4.0. Code: MIT. A later version may correct a number: the
Changes chapter lists every change to the data, row by row. This PDF was printed from the HTML
book of the same version.</p>{where}</div></div>"""


def toc_html(entries, pages):
    out, part = ['<nav class="toc"><div class="toc-title">Contents</div><ol>'], ""
    for (doc, caption, title), page in zip(entries, pages):
        if caption != part:
            out.append(f'</ol><div class="part">{html.escape(caption)}</div><ol>')
            part = caption
        out.append(f'<li><a href="#{slug(doc)}">{html.escape(title)}</a><span class="dots"></span>'
                   f'<span class="page">{page}</span></li>')
    out.append("</ol></nav>")
    return "".join(out)


def document(entries, bodies, pages):
    meta = book()
    return (f'<!DOCTYPE html><html lang="en"><head><meta charset="utf-8">'
            f'<title>{html.escape(meta["title"])}, version {meta["version"]}</title>'
            f"<style>{CSS}</style></head><body>{title_page()}{toc_html(entries, pages)}"
            + "".join(bodies) + "</body></html>")


def chapter_pages(pdf_path, titles):
    """The page (1-based) on which each chapter starts, from the PDF's outline of h1 headings."""
    from pypdf import PdfReader

    reader = PdfReader(str(pdf_path))
    found = {}
    for item in reader.outline:
        if isinstance(item, list):
            continue
        found.setdefault(_bare(item.title), reader.get_destination_page_number(item) + 1)
    missing = [t for t in titles if _bare(t) not in found]
    if missing:
        raise SystemExit(f"the PDF's outline lacks the chapters {missing}")
    return [found[_bare(t)] for t in titles]


def _bare(title):
    """A title without its spaces: the outline drops the space where a heading's line broke."""
    return re.sub(r"\s+", "", title)


def print_pdf(browser, source, target):
    meta = book()
    page = browser.new_page()
    page.goto(source.as_uri(), wait_until="load")
    # The web pages load images after the first only when scrolled to (loading="lazy"); a printed
    # book needs them all, so load every one before printing.
    page.evaluate("""() => Promise.all([...document.images].map(img => {
        img.loading = "eager";
        return img.complete ? null : new Promise(done => { img.onload = img.onerror = done; });
    }))""")
    page.emulate_media(media="print")
    page.pdf(path=str(target), format="A4", print_background=True, display_header_footer=True,
             header_template=HEADER.format(title=html.escape(meta["title"]), version=meta["version"]),
             footer_template=FOOTER, margin={"top": "18mm", "bottom": "20mm", "left": "17mm",
                                             "right": "17mm"},
             outline=True, tagged=True)
    page.close()


def main():
    from playwright.sync_api import sync_playwright

    start = time.perf_counter()
    chromium = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
    if not chromium:
        raise SystemExit("make pdf needs Debian's chromium: apt-get install -y chromium")
    WORK.mkdir(parents=True, exist_ok=True)
    listed = chapters()
    docs = {doc for doc, _ in listed}
    entries, bodies = [], []
    for doc, caption in listed:
        title, body = chapter_html(doc, docs)
        entries.append((doc, caption, title))
        bodies.append(body)
    source, draft, final = WORK / "book.html", WORK / "draft.pdf", SITE / pdf_name()
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium, args=CHROMIUM_ARGS)
        source.write_text(document(entries, bodies, ["00"] * len(entries)), encoding="utf-8")
        print_pdf(browser, source, draft)
        pages = chapter_pages(draft, [title for _, _, title in entries])
        source.write_text(document(entries, bodies, pages), encoding="utf-8")
        print_pdf(browser, source, final)
        browser.close()
    if chapter_pages(final, [title for _, _, title in entries]) != pages:
        raise SystemExit("the table of contents moved the chapters: page numbers would be wrong")
    from pypdf import PdfReader

    count = len(PdfReader(str(final)).pages)
    print(f"Wrote {final.relative_to(ROOT)}: {count} pages, {len(entries)} chapters, "
          f"in {time.perf_counter() - start:.1f} s")


if __name__ == "__main__":
    main()
