"""What each page of the built site weighs as a host serving gzip sends it.

For each page: the HTML, and every file it makes the browser fetch (scripts, stylesheets,
preloads, icons, images, and the files a loaded stylesheet's url() names, fonts included),
each counted once per page at its gzip size (level 6, as web servers default to; a file gzip
cannot shrink, a woff2 or a PNG, counts at its own size). Every image counts, lazy or not.

    python scripts/page_weight.py [_build/html]     prints a page × KB table

"theme" is what the page loads from _static/ (theme, fonts, search); "figures" is its images;
"html" the page itself. 1 KB = 1000 bytes.
"""
import gzip
import re
import sys
from functools import lru_cache
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

ROOT = Path(__file__).resolve().parents[1]
SITE = ROOT / "_build" / "html"
BUDGET_KB = 600
# Sphinx's own pages and the root redirect are not content pages.
NOT_CONTENT = {"genindex.html", "search.html", "index.html"}
CSS_URL = re.compile(r"url\(\s*['\"]?([^'\")]+)['\"]?\s*\)")


class Loads(HTMLParser):
    """The site-relative files a page makes the browser fetch by itself."""

    FETCHED_LINKS = {"stylesheet", "preload", "modulepreload", "icon", "shortcut icon",
                     "apple-touch-icon", "manifest"}

    def __init__(self, html):
        super().__init__()
        self.urls = []
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag in ("script", "img", "iframe", "source", "audio", "video", "embed") and attrs.get("src"):
            self.urls.append(attrs["src"])
        if tag == "link" and (attrs.get("rel") or "").lower() in self.FETCHED_LINKS:
            self.urls.append(attrs.get("href", ""))
        if tag == "object" and attrs.get("data"):
            self.urls.append(attrs["data"])


def content_pages(site=SITE):
    return [p for p in sorted(Path(site).rglob("*.html"))
            if "_static" not in p.parts and p.name not in NOT_CONTENT]


@lru_cache(maxsize=None)
def served_size(path):
    """Bytes on the wire: gzip level 6, unless that makes the file bigger."""
    data = Path(path).read_bytes()
    return min(len(data), len(gzip.compress(data, compresslevel=6, mtime=0)))


def resolve(base, url):
    """The file a relative URL names, or None for a data: URL, an anchor or another host."""
    parts = urlsplit(url)
    if parts.scheme or parts.netloc or not parts.path:
        return None
    return (Path(base).parent / unquote(parts.path)).resolve()


def css_loads(css):
    """Files a stylesheet fetches: @import and url() (fonts: the first source of each rule,
    the one a current browser takes, woff2)."""
    text = css.read_text(encoding="utf-8", errors="replace")
    found = []
    for block in re.findall(r"@font-face\s*{([^}]*)}", text):
        first = CSS_URL.search(block)
        if first:
            found.append(first.group(1))
    rest = re.sub(r"@font-face\s*{[^}]*}", "", text)
    found += CSS_URL.findall(rest)
    return [f for f in (resolve(css, u) for u in found) if f is not None]


def page_loads(page):
    """Every file the page fetches, with the files its stylesheets fetch."""
    files, queue = [], [resolve(page, u) for u in Loads(page.read_text(encoding="utf-8")).urls]
    while queue:
        path = queue.pop(0)
        if path is None or path in files:
            continue
        files.append(path)
        if path.suffix == ".css" and path.exists():
            queue += css_loads(path)
    return files


def weigh(page, site=SITE):
    """{'html', 'theme', 'figures', 'other', 'total'} in bytes, and files that do not exist."""
    site = Path(site).resolve()
    weights = {"html": served_size(Path(page).resolve()), "theme": 0, "figures": 0, "other": 0}
    missing = []
    for path in page_loads(Path(page)):
        if not path.exists():
            missing.append(path)
            continue
        relative = path.relative_to(site) if path.is_relative_to(site) else path
        kind = ("theme" if relative.parts[0] == "_static" or relative.name == "searchindex.js"
                else "figures" if relative.parts[0] == "_images" else "other")
        weights[kind] += served_size(path)
    weights["total"] = sum(weights.values())
    return weights, missing


def table(site=SITE):
    rows = [f"{'page':<28}{'html':>8}{'theme':>8}{'figures':>9}{'other':>8}{'total':>8}  (KB, gzip)"]
    for page in content_pages(site):
        w, _ = weigh(page, site)
        rows.append(f"{str(page.relative_to(site)):<28}" + "".join(
            f"{w[k] / 1000:>{n}.0f}" for k, n in
            (("html", 8), ("theme", 8), ("figures", 9), ("other", 8), ("total", 8)))
            + ("  over budget" if w["total"] > BUDGET_KB * 1000 else ""))
    return "\n".join(rows)


if __name__ == "__main__":
    print(table(Path(sys.argv[1]) if len(sys.argv) > 1 else SITE))
