"""Light, valid pages: the web side of the book's build (a local Sphinx extension).

1. The theme's 1.5 MB fontawesome.js is not loaded (templates/layout.html); its icons come from the
   Font Awesome webfont the theme's stylesheet already declares, cut at build time to the glyphs
   the site uses (the stylesheet's purge, item 7, drops the rules of the icons no page uses).
2. Sphinx's search scripts and index load only on the search page (search-as-you-type is off, so
   no other page uses them); the other theme assets a page does not use are not loaded on it.
3. Every <img> gets its width and height (from the image file), and every image after a page's
   first one loading="lazy".
4. Every page gets a meta description (front matter `description`, else its opening paragraph)
   and Open Graph tags; og:url only once the book has a public address (html.baseurl).
5. Valid HTML: the code-cell toggles are written without <p> inside <summary>, and pandas tables
   lose <style scoped>, border, valign and empty header cells.
6. companion-web.css: long inline code and URLs wrap on a phone; wide tables scroll inside their
   own box instead of widening the page; sections below the first screen are laid out only when
   a reader scrolls to them (content-visibility), which is most of a long page's start-up work.
7. Less for the browser to do at start-up: code tokens drawn in the plain text colour lose their
   <span> (Pygments wraps every name and comma; on a chapter that is thousands of elements), and
   the theme's and extensions' script files are deferred, so none blocks the first paint; the
   theme's stylesheet loses the rules whose classes or ids no page or script of the site names
   (two thirds of it); the theme's script no longer measures every scrollable box at load (it
   forced a layout of the whole page, closed code cells included): static/companion-tab-stops.js
   measures each box when it comes near the screen.
"""
import functools
import hashlib
import re
from html import escape, unescape
from pathlib import Path

import imagesize
from docutils import nodes
from myst_nb.sphinx_ import HideCodeCellNode

HERE = Path(__file__).resolve().parent
DESCRIPTION_CHARS = 160

# -- 3. images -------------------------------------------------------------------------------------

IMG = re.compile(r"<img\b[^>]*>")
SVG_LENGTH = re.compile(r"^\s*([0-9.]+)\s*(px|pt|)\s*$")
PX_PER_UNIT = {"": 1.0, "px": 1.0, "pt": 4 / 3}


def svg_size(path):
    """(width, height) in CSS pixels of an SVG file, from its width/height (or viewBox)."""
    head = Path(path).read_text(encoding="utf-8", errors="replace")[:4000]
    root = re.search(r"<svg\b[^>]*>", head)
    if not root:
        raise ValueError(f"{path}: no <svg> element")
    attrs = dict(re.findall(r'\s([\w:-]+)="([^"]*)"', root.group(0)))
    lengths = [SVG_LENGTH.match(attrs.get(k, "")) for k in ("width", "height")]
    if all(lengths):
        return tuple(round(float(m.group(1)) * PX_PER_UNIT[m.group(2)]) for m in lengths)
    box = attrs.get("viewBox", "").replace(",", " ").split()
    if len(box) == 4:
        return round(float(box[2])), round(float(box[3]))
    raise ValueError(f"{path}: an SVG without width/height or viewBox")


def image_size(path):
    if Path(path).suffix.lower() == ".svg":
        return svg_size(path)
    width, height = imagesize.get(str(path))
    if width <= 0 or height <= 0:
        raise ValueError(f"{path}: cannot read the image's size")
    return width, height


def size_images(body, locate):
    """Give every <img> in a page body width and height, and every one after the first
    loading="lazy". locate(src) returns the image's file."""
    count = 0

    def fix(match):
        nonlocal count
        tag = match.group(0)
        src = re.search(r'\ssrc="([^"]*)"', tag)
        count += 1
        extra = ""
        if src and not re.search(r"\swidth=", tag):
            path = locate(unescape(src.group(1)))
            if path is not None:
                width, height = image_size(path)
                extra += f' width="{width}" height="{height}"'
        if count > 1 and "loading=" not in tag:
            extra += ' loading="lazy"'
        end = -2 if tag.endswith("/>") else -1
        return tag[:end].rstrip() + extra + (" />" if end == -2 else ">")

    return IMG.sub(fix, body)


def image_locator(app):
    """src (as written in a page, ../_images/x.svg) -> the image's source file."""
    by_name = {name: Path(app.srcdir) / source for source, name in app.builder.images.items()}

    def locate(src):
        name = src.split("?")[0].split("#")[0].rsplit("/", 1)[-1]
        return by_name.get(name)
    return locate


# -- 4. meta description and Open Graph -------------------------------------------------------------

def shorten(text, limit=DESCRIPTION_CHARS):
    text = re.sub(r"\s+", " ", text).strip()
    if len(text) <= limit:
        return text
    cut = text[:limit - 1].rsplit(" ", 1)[0].rstrip(" ,;:–—-")
    return cut + "…"


def opening_paragraph(doctree):
    """The text of the first paragraph of the page's own prose (not a caption, table or output)."""
    for paragraph in doctree.findall(nodes.paragraph):
        inside = {type(p).__name__ for p in _ancestors(paragraph)}
        if inside & {"caption", "table", "container", "admonition", "field_list", "footnote",
                     "citation", "figure", "sidebar", "topic", "list_item"}:
            continue
        text = paragraph.astext().strip()
        if text:
            return text
    return ""


def _ancestors(node):
    node = node.parent
    while node is not None:
        yield node
        node = node.parent


def description(app, pagename, context, doctree):
    meta = context.get("meta") or {}
    if meta.get("description"):
        return shorten(str(meta["description"]))
    if doctree is not None:
        found = opening_paragraph(doctree)
        if found:
            return shorten(found)
    # Sphinx's own pages (search, index) and a page without prose: the book's first page's.
    root = app.config.root_doc
    if pagename != root:
        return description(app, root, {}, app.env.get_doctree(root))
    return shorten(app.config.html_title)


def head_tags(app, pagename, context, doctree):
    text = description(app, pagename, context, doctree)
    title = unescape(re.sub(r"<[^>]+>", "", context.get("title") or app.config.html_title))
    tags = [("name", "description", text), ("property", "og:title", title),
            ("property", "og:description", text), ("property", "og:type", "website"),
            ("property", "og:site_name", app.config.html_title)]
    base = (app.config.html_baseurl or "").rstrip("/")
    if base:  # no public address yet: no og:url, rather than a broken one
        tags.append(("property", "og:url", f"{base}/{pagename}.html"))
    return "".join(f'<meta {kind}="{name}" content="{escape(value, quote=True)}" />\n'
                   for kind, name, value in tags)


# -- 2. assets a page does not use ---------------------------------------------------------------

# (a piece of the asset's file name or inline script, what the page body must contain to need it)
PAGE_ASSETS = [
    ("sphinx-thebe", None),                       # no live kernel: thebe is off
    ("sphinx-design", r'class="[^"]*\bsd-'),
    ("design-tabs", r'class="[^"]*\bsd-tab'),
    ("togglebutton", r'class="[^"]*\b(toggle|dropdown)\b'),
    ("toggleHint", r'class="[^"]*\b(toggle|dropdown)\b'),
    ("toggleOpenOnPrint", r'class="[^"]*\b(toggle|dropdown)\b'),
    ("copybutton", r"<pre\b"),
    ("clipboard.min", r"<pre\b"),
]


def _asset_text(asset):
    text = str(getattr(asset, "filename", "") or asset)
    return text + str(getattr(asset, "attributes", {}).get("body", ""))


def needed(asset, body):
    text = _asset_text(asset)
    for piece, wanted in PAGE_ASSETS:
        if piece in text:
            return wanted is not None and re.search(wanted, body) is not None
    return True


def trim_assets(context):
    body = context.get("body", "")
    for key in ("script_files", "css_files"):
        files = context.get(key, [])
        files[:] = [f for f in files if needed(f, body)]  # in place: the theme holds this list


# -- 5. valid HTML ---------------------------------------------------------------------------------

def visit_hide_cell(self, node):
    """myst-nb's code-cell toggle with <span>s in its <summary> (a <p> there is invalid HTML)."""
    classes = " ".join(node["classes"])
    self.body.append(f'<details class="admonition hide {classes}">\n<summary>\n')
    self.body.append(f'<span class="collapsed admonition-title">{escape(node["prompt_show"])}</span>\n')
    self.body.append(f'<span class="expanded admonition-title">{escape(node["prompt_hide"])}</span>\n')
    self.body.append("</summary>\n")


def depart_hide_cell(self, node):
    self.body.append("</details>\n")


def clean_dataframe_html(html):
    """pandas' DataFrame HTML, valid: no <style scoped>, border or valign attributes, and no
    empty header cell (an empty corner is a plain cell). Other HTML comes back unchanged."""
    if 'class="dataframe' not in html:
        return html
    html = re.sub(r"<style scoped>.*?</style>\s*", "", html, flags=re.S)
    html = re.sub(r'(<table\b[^>]*?)\s+border="[^"]*"', r"\1", html)
    html = re.sub(r'(<t[hdr]\b[^>]*?)\s+valign="[^"]*"', r"\1", html)
    return re.sub(r"<th(\s[^>]*)?>\s*</th>", lambda m: f"<td{m.group(1) or ''}></td>", html)


def clean_tables(app, doctree, docname):
    for raw in list(doctree.findall(nodes.raw)):
        if "html" in raw.get("format", "").split():
            cleaned = clean_dataframe_html(raw.astext())
            if cleaned != raw.astext():
                raw.replace_self(nodes.raw(cleaned, cleaned, format="html"))


# -- 7. start-up work -----------------------------------------------------------------------------

@functools.lru_cache
def plain_token_classes(style_names):
    """Pygments' CSS classes drawn exactly like plain text in every one of the given styles."""
    from pygments.styles import get_style_by_name
    from pygments.token import STANDARD_TYPES, Token

    plain = None
    for name in style_names:
        style = get_style_by_name(name)
        text = style.style_for_token(Token.Text)
        classes = {css for token, css in STANDARD_TYPES.items()
                   if css and style.style_for_token(token) == text}
        plain = classes if plain is None else plain & classes
    return plain or set()


def unwrap_plain_tokens(body, classes):
    """Highlighted code without the <span>s of plain tokens (their text stays, in order)."""
    if not classes:
        return body
    names = "|".join(sorted(map(re.escape, classes)))
    return re.sub(rf'<span class="(?:{names})">([^<]*)</span>', r"\1", body)


def highlight_styles(app):
    """The theme's light and dark code styles, as it writes them into pygments.css."""
    from pydata_sphinx_theme.utils import get_theme_options_dict

    options = get_theme_options_dict(app)
    return (options.get("pygments_light_style") or "a11y-high-contrast-light",
            options.get("pygments_dark_style") or "a11y-high-contrast-dark")


def defer_scripts(context):
    """Script files run after the page is parsed, in order. documentation_options.js stays as it
    is: the inline scripts after it read the DOCUMENTATION_OPTIONS it defines. Each deferred script
    is a new object: Sphinx shares the originals between pages."""
    def deferred(script):
        attributes = getattr(script, "attributes", None)
        filename = str(getattr(script, "filename", "") or "")
        if (attributes is None or not filename or "documentation_options" in filename
                or "async" in attributes or "defer" in attributes):
            return script
        return type(script)(script.filename, priority=script.priority,
                            **{**attributes, "defer": "defer"})

    scripts = context.get("script_files", [])
    scripts[:] = [deferred(s) for s in scripts]  # in place: the theme holds this list


WORD = re.compile(r"[A-Za-z0-9_-]+")


def site_words(outdir):
    """Every word written in the site's pages and scripts: a superset of the class names (fa-*
    icons among them) and ids a page or a script can put on an element. fontawesome.js, which
    names every icon and which no page loads, is not read."""
    words = set()
    for path in Path(outdir).rglob("*"):
        if path.suffix in (".html", ".js") and path.is_file() and "fontawesome" not in path.name:
            words |= set(WORD.findall(path.read_text(encoding="utf-8", errors="replace")))
    return words


def _selectors(prelude):
    """A rule's selectors: its prelude split at the commas outside brackets."""
    selectors = [[]]
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            selectors.append([])
        else:
            selectors[-1].append(token)
    return selectors


def _names(selector):
    """The class names and ids a selector requires (those inside :not() or :is() are not required)."""
    names, previous = [], None
    for token in selector:
        if token.type == "ident" and previous is not None and previous.type == "literal" \
                and previous.value == ".":
            names.append(token.value)
        elif token.type == "hash" and token.is_identifier:
            names.append(token.value)
        previous = token
    return names


def unused_rules_dropped(rules, words):
    """The rules (tinycss2 nodes) with the selectors no element of the site can match dropped:
    a selector goes when it requires a class or id that is not among the words. Rules inside
    @media, @supports and @container are filtered alike; other at-rules are kept whole."""
    import tinycss2
    from tinycss2.ast import LiteralToken

    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            selectors = _selectors(rule.prelude)
            alive = [s for s in selectors if all(name in words for name in _names(s))]
            if not alive:
                continue
            if len(alive) < len(selectors):
                rule.prelude = [t for i, s in enumerate(alive)
                                for t in ([LiteralToken(0, 0, ",")] if i else []) + s]
        elif (rule.type == "at-rule" and rule.content is not None
              and rule.lower_at_keyword in ("media", "supports", "container")):
            inner = unused_rules_dropped(tinycss2.parse_rule_list(
                rule.content, skip_comments=True, skip_whitespace=True), words)
            if not inner:
                continue
            rule.content = inner
        kept.append(rule)
    return kept


def slim_stylesheet(css, words):
    import tinycss2

    rules = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return tinycss2.serialize(unused_rules_dropped(rules, words))


# -- 1. icons --------------------------------------------------------------------------------------

def theme_static():
    import pydata_sphinx_theme
    return Path(pydata_sphinx_theme.__file__).parent / "theme" / "pydata_sphinx_theme" / "static"


def drawn_code_points(css):
    """The characters the stylesheet's `content` declarations draw: after the purge, those of the
    icons the site uses and of the theme's own rules (the Font Awesome fonts are cut to them)."""
    import tinycss2

    points = set()

    def visit(rules):
        for rule in rules:
            if rule.type == "at-rule" and rule.content is not None:
                visit(tinycss2.parse_rule_list(rule.content, skip_comments=True,
                                               skip_whitespace=True))
            elif rule.type == "qualified-rule":
                for declaration in tinycss2.parse_declaration_list(rule.content):
                    if declaration.type == "declaration" and declaration.lower_name == "content":
                        points.update(ord(char) for token in declaration.value
                                      if token.type == "string" for char in token.value)

    visit(tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True))
    return points


def subset_font(source, target, codepoints):
    from fontTools import subset
    options = subset.Options()
    options.flavor = "woff2"
    options.layout_features = []
    options.name_IDs = []
    font = subset.load_font(str(source), options)
    subsetter = subset.Subsetter(options)
    subsetter.populate(unicodes=codepoints)
    subsetter.subset(font)
    subset.save_font(font, str(target), options)


# -- after the build: the theme's stylesheet and fonts (1, 7) and its script (7) -------------------

# The theme's function that measures every scrollable box when the page has loaded, and its call.
LOAD_TIME_TAB_STOPS = re.compile(r'function (\w+)\(\)\{const \w+=\(\)=>\{document\.querySelectorAll\(\["pre"')
SOURCE_MAP_COMMENT = re.compile(r"\n//# sourceMappingURL=\S+\s*$")
ON_LOAD = '"complete"===document.readyState?{0}():window.addEventListener("load",{0})'


def without_load_time_tab_stops(js):
    """The theme's script without its load-time measuring of every scrollable box (a forced
    layout of the whole page); static/companion-tab-stops.js measures each box near the screen."""
    found = LOAD_TIME_TAB_STOPS.findall(js)
    call = ON_LOAD.format(found[0]) if len(found) == 1 else None
    if call is None or js.count(call) != 1:
        raise ValueError("pydata-sphinx-theme.js: its tab-stop function or the call to it has "
                         "changed; update companion_web.without_load_time_tab_stops")
    return js.replace(call, "void 0")


def slim_theme(app, exception):
    """After the build: cut the theme stylesheet to the rules the site's elements can match (icon
    rules included) and its Font Awesome fonts to the icons the site uses, always from the theme's
    own files so that a rebuild starts from the full set; remove fontawesome.js, which no page
    loads; and take the load-time tab-stop measuring out of the theme's script."""
    if exception is not None or app.builder.format != "html":
        return
    out, theme = Path(app.outdir) / "_static", theme_static()
    css_name = "styles/pydata-sphinx-theme.css"
    css = slim_stylesheet((theme / css_name).read_text(encoding="utf-8"), site_words(app.outdir))
    (out / css_name).write_text(css, encoding="utf-8")
    (out / (css_name + ".map")).unlink(missing_ok=True)  # it maps the full stylesheet
    points = drawn_code_points(css)
    for font in sorted((theme / "vendor" / "fontawesome").glob("*/fa-*.woff2")):
        subset_font(font, out / font.relative_to(theme), points)
    for path in (out / "scripts").glob("fontawesome.js*"):
        path.unlink()
    js_name = "scripts/pydata-sphinx-theme.js"
    js = without_load_time_tab_stops((theme / js_name).read_text(encoding="utf-8"))
    js = SOURCE_MAP_COMMENT.sub("", js)  # the map describes the theme's own script: removed
    (out / js_name).write_text(js, encoding="utf-8")
    (out / (js_name + ".map")).unlink(missing_ok=True)


# -- wiring ----------------------------------------------------------------------------------------

def assets_digest():
    """One hash of this extension, its templates and its stylesheet."""
    digest = hashlib.sha256()
    for path in sorted([HERE / "companion_web.py", *(HERE / "templates").rglob("*"),
                        *(HERE / "static").rglob("*")]):
        if path.is_file():
            digest.update(path.name.encode() + b"\0" + path.read_bytes())
    return digest.hexdigest()


def add_paths(app, config):
    config.templates_path = [str(HERE / "templates"), *config.templates_path]
    config.html_static_path = [*config.html_static_path, str(HERE / "static")]
    # A changed template or stylesheet rewrites every page (Sphinx otherwise copies static files
    # only when some page is out of date).
    config.companion_web_assets = assets_digest()


def named_toggles(generate):
    """The theme's navigation with a name on each expand/collapse toggle: its <summary> holds only
    a decorative chevron, which leaves screen readers (and axe's summary-name rule) with no text."""
    def wrapped(*args, **kwargs):
        return str(generate(*args, **kwargs)).replace(
            '<summary><span class="toctree-toggle"',
            '<summary aria-label="Show or hide the sections of this chapter">'
            '<span class="toctree-toggle"')
    return wrapped


def unique_ids(body, names=("exercise-content", "solution-content")):
    """sphinx-exercise gives every exercise and solution the same id; number them so that each
    id on a page is unique (valid HTML). Nothing links to these ids."""
    for name in names:
        parts = body.split(f'id="{name}"')
        body = parts[0] + "".join(f'id="{name}-{n}"{rest}' for n, rest in enumerate(parts[1:], 1))
    return body


def page_context(app, pagename, templatename, context, doctree):
    if "generate_toctree_html" in context:
        context["generate_toctree_html"] = named_toggles(context["generate_toctree_html"])
    context["metatags"] = context.get("metatags", "") + head_tags(app, pagename, context, doctree)
    if "body" in context:
        body = unwrap_plain_tokens(context["body"], plain_token_classes(highlight_styles(app)))
        context["body"] = unique_ids(size_images(body, image_locator(app)))
    trim_assets(context)
    if pagename != "search":  # its search scripts run as they load and call doctools.js's _ready
        defer_scripts(context)


def setup(app):
    app.add_config_value("companion_web_assets", "", "html")
    app.connect("config-inited", add_paths)
    app.add_css_file("companion-web.css")
    app.add_js_file("companion-tab-stops.js")
    app.add_node(HideCodeCellNode, override=True, html=(visit_hide_cell, depart_hide_cell))
    app.connect("doctree-resolved", clean_tables)
    app.connect("html-page-context", page_context, priority=950)  # after the theme's
    app.connect("build-finished", slim_theme)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
