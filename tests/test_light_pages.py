"""Light, valid pages: every content page, with everything it loads, weighs at most 600 KB as a
host serving gzip sends it; every image has width and height, and those after a page's first
load lazily; every page has a meta description; the Nu HTML checker finds no error. (No
horizontal overflow at 390 px and axe-core are checked in a real browser: test_browser.py.)
The helpers of book/_ext/companion_web.py are tested here on small inputs."""
import importlib.util
import json
import re
import shutil
import subprocess
import sys
from html.parser import HTMLParser

import pytest

from conftest import ROOT

spec = importlib.util.spec_from_file_location("page_weight", ROOT / "scripts" / "page_weight.py")
page_weight = importlib.util.module_from_spec(spec)
spec.loader.exec_module(page_weight)
sys.path.insert(0, str(ROOT / "book" / "_ext"))
import companion_web  # noqa: E402

VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")


class Tags(HTMLParser):
    def __init__(self, html):
        super().__init__()
        self.images, self.meta = [], {}
        self.feed(html)

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "img":
            self.images.append(attrs)
        if tag == "meta" and (attrs.get("name") or attrs.get("property")):
            self.meta[attrs.get("name") or attrs.get("property")] = attrs.get("content", "")


def content_pages(site):
    pages = page_weight.content_pages(site)
    assert len(pages) >= 10, "the content pages were not found"
    return pages


def test_every_content_page_weighs_at_most_600_kb_gzip(site):
    heavy = []
    for page in content_pages(site):
        weights, missing = page_weight.weigh(page, site)
        assert not missing, f"{page.relative_to(site)} loads files that do not exist: {missing}"
        if weights["total"] > page_weight.BUDGET_KB * 1000:
            heavy.append(f"{page.relative_to(site)}: {weights['total'] / 1000:.0f} KB "
                         f"(theme {weights['theme'] / 1000:.0f}, figures {weights['figures'] / 1000:.0f})")
    assert not heavy, "over 600 KB gzip with everything loaded:\n" + "\n".join(heavy)


def test_no_page_loads_fontawesome_js_or_the_search_index(site):
    for page in content_pages(site):
        loads = [p.name for p in page_weight.page_loads(page)]
        assert "fontawesome.js" not in loads and "searchindex.js" not in loads, page.name
    assert "searchindex.js" in [p.name for p in page_weight.page_loads(site / "search.html")]


def test_every_image_has_width_and_height_and_later_ones_load_lazily(site):
    for page in content_pages(site):
        for number, image in enumerate(Tags(page.read_text(encoding="utf-8")).images):
            where = f"{page.relative_to(site)}: {image.get('src')}"
            assert re.fullmatch(r"[1-9][0-9]*", image.get("width", "")), f"{where}: no width"
            assert re.fullmatch(r"[1-9][0-9]*", image.get("height", "")), f"{where}: no height"
            assert (image.get("loading") == "lazy") == (number > 0), f"{where}: loading"


def test_every_page_has_a_meta_description_and_open_graph_tags(site):
    for page in [*content_pages(site), site / "search.html"]:
        meta = Tags(page.read_text(encoding="utf-8")).meta
        where = page.relative_to(site)
        assert len(meta.get("description", "")) >= 40, f"{where}: no meta description"
        assert meta.get("og:title") and meta.get("og:description") == meta["description"], where
        # No public address yet: an og:url would be a broken one.
        assert "og:url" not in meta or meta["og:url"].startswith("http"), where


@pytest.mark.skipif(JAVA is None or not VNU.exists(),
                    reason="the Nu HTML checker needs java (apt-get install default-jre-headless) "
                           "and node_modules/vnu-jar (npm ci --omit=dev); CI installs both")
def test_the_nu_html_checker_finds_no_error(site):
    pages = [str(p) for p in content_pages(site)]
    result = subprocess.run([JAVA, "-jar", str(VNU), "--format", "json", "--errors-only", *pages],
                            capture_output=True, text=True)
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [f"{m.get('url', '').rsplit('/', 1)[-1]}:{m.get('lastLine')}: {m.get('message')}"
              for m in messages if m.get("type") in ("error", "non-document-error")]
    assert not errors, f"{len(errors)} Nu checker errors:\n" + "\n".join(errors[:20])


# -- the helpers, on small inputs -------------------------------------------------------------

PANDAS_HTML = """<div>
<style scoped>
    .dataframe tbody tr th {
        vertical-align: top;
    }
</style>
<table border="1" class="dataframe">
  <thead>
    <tr style="text-align: right;">
      <th></th>
      <th>estimates</th>
    </tr>
  </thead>
  <tbody>
    <tr>
      <th valign="top">khasan_1938</th>
      <td>9</td>
    </tr>
  </tbody>
</table>
</div>"""


def test_pandas_tables_are_cleaned_to_valid_html():
    clean = companion_web.clean_dataframe_html(PANDAS_HTML)
    assert "<style" not in clean and "border=" not in clean and "valign" not in clean
    assert "<th></th>" not in clean and "<td></td>" in clean
    assert "<th>estimates</th>" in clean and "<th>khasan_1938</th>" in clean
    assert companion_web.clean_dataframe_html("<p>not a table</p>") == "<p>not a table</p>"


def test_svg_size_in_css_pixels(tmp_path):
    svg = tmp_path / "a.svg"
    svg.write_text('<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" '
                   'width="720pt" height="432pt" viewBox="0 0 720 432"></svg>')
    assert companion_web.svg_size(svg) == (960, 576)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 300 200"></svg>')
    assert companion_web.svg_size(svg) == (300, 200)
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg"></svg>')
    with pytest.raises(ValueError, match="a.svg"):
        companion_web.svg_size(svg)


def test_images_get_sizes_and_lazy_loading_after_the_first(tmp_path):
    svg = tmp_path / "fig.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="300" height="150"></svg>')
    body = '<img alt="a" src="../_images/fig.svg" /><p>text</p><img alt="b" src="../_images/fig.svg">'
    out = companion_web.size_images(body, lambda src: svg)
    first, second = re.findall(r"<img[^>]*>", out)
    assert 'width="300" height="150"' in first and "loading" not in first
    assert 'width="300" height="150"' in second and 'loading="lazy"' in second


def test_descriptions_are_cut_at_a_word():
    text = "word " * 60
    short = companion_web.shorten(text)
    assert len(short) <= companion_web.DESCRIPTION_CHARS and short.endswith("word…")
    assert companion_web.shorten("  A short\nopening.  ") == "A short opening."


def test_repeated_ids_are_numbered():
    from companion_web import unique_ids

    body = '<section id="exercise-content">a</section><section id="exercise-content">b</section>'
    assert unique_ids(body) == ('<section id="exercise-content-1">a</section>'
                                '<section id="exercise-content-2">b</section>')


def test_plain_code_tokens_lose_their_spans_and_keep_their_text():
    plain = companion_web.plain_token_classes(("a11y-high-contrast-light", "a11y-high-contrast-dark"))
    assert {"n", "p"} <= plain and not {"k", "s2", "mi", "c1"} & plain  # keywords keep colour
    body = ('<span class="n">forces</span><span class="p">[</span><span class="s2">"side"</span>'
            '<span class="p">]</span> <span class="o">==</span> <span class="mi">1</span>')
    out = companion_web.unwrap_plain_tokens(body, plain)
    assert out == ('forces[<span class="s2">"side"</span>] <span class="o">==</span> '
                   '<span class="mi">1</span>')
    assert re.sub(r"<[^>]+>", "", out) == re.sub(r"<[^>]+>", "", body)


def test_script_files_are_deferred_but_documentation_options_is_not():
    from sphinx.builders.html._assets import _JavaScript

    shared = [_JavaScript("_static/documentation_options.js"), _JavaScript("_static/doctools.js"),
              _JavaScript("", body="DOCUMENTATION_OPTIONS.pagename = 'x';"),
              _JavaScript("_static/x.js", **{"async": "async"})]
    scripts = list(shared)
    companion_web.defer_scripts({"script_files": scripts})
    assert [s.attributes.get("defer") for s in scripts] == [None, "defer", None, None]
    assert "defer" not in shared[1].attributes, "the object other pages share was changed"


def test_built_pages_start_light(site):
    """No plain-token spans in any page's code, and every script file but documentation_options.js
    is deferred or async, so nothing but the stylesheets blocks the first paint."""
    for page in content_pages(site):
        html = page.read_text(encoding="utf-8")
        assert not re.search(r'<span class="(?:n|p)">', html), f"{page.name}: plain-token spans"
        for tag in re.findall(r"<script\b[^>]*\bsrc=[^>]*>", html):
            if "documentation_options" not in tag:
                assert re.search(r"\b(defer|async)\b", tag), f"{page.name}: {tag} blocks rendering"


def test_stylesheet_rules_no_element_can_match_are_dropped():
    css = (".used{color:red}.gone{color:blue}.used .gone, #used > p{margin:0}"
           "p:not(.gone){padding:0}@media (min-width:960px){.gone{x:1}.used{x:2}}"
           "@media print{.gone{x:3}}@font-face{font-family:f}")
    out = companion_web.slim_stylesheet(css, {"used", "p"})
    assert out == (".used{color:red} #used > p{margin:0}p:not(.gone){padding:0}"
                   "@media (min-width:960px){.used{x:2}}@font-face{font-family:f}")


def test_the_theme_stylesheet_keeps_only_what_the_site_can_match(site):
    css = (site / "_static" / "styles" / "pydata-sphinx-theme.css").read_text(encoding="utf-8")
    words = companion_web.site_words(site)
    outside_functions = re.sub(r":(?:not|has|is|where)\([^)]*\)", "", css)  # kept whole, by design
    kept = set(re.findall(r"\.([A-Za-z_][\w-]*)", outside_functions))
    assert "bd-sidebar-primary" in kept and "bd-article" in kept  # the layout's own rules stay
    assert len(css) < 150_000, f"theme stylesheet {len(css)} bytes: unused rules were not dropped"
    assert not kept - words - {"woff2", "woff", "ttf"}  # font file names in url()


def test_icon_code_points_are_read_from_the_content_declarations():
    css = ('.fa-bars:before{content:"\\f0c9"}@media print{.x:after{content:"\\f101"}}'
           '.y{color:red}@font-face{font-family:f}')
    assert companion_web.drawn_code_points(css) == {0xF0C9, 0xF101}


THEME_SCRIPT = ('function I(){const e=()=>{document.querySelectorAll(["pre",".x"]).forEach(e=>{})}}'
                'go(),"complete"===document.readyState?I():window.addEventListener("load",I)})();')


def test_the_theme_no_longer_measures_every_box_at_load():
    out = companion_web.without_load_time_tab_stops(THEME_SCRIPT)
    assert out.endswith('go(),void 0})();') and "function I()" in out
    with pytest.raises(ValueError, match="pydata-sphinx-theme.js"):
        companion_web.without_load_time_tab_stops(THEME_SCRIPT.replace('"load",I', '"load",J'))


def test_built_pages_measure_scrollable_boxes_lazily(site):
    theme_js = (site / "_static" / "scripts" / "pydata-sphinx-theme.js").read_text(encoding="utf-8")
    assert 'addEventListener("load",' not in theme_js, "the theme's load-time tab stops still run"
    assert "sourceMappingURL" not in theme_js  # its map, of the theme's own script, is not shipped
    for page in content_pages(site):
        assert "companion-tab-stops.js" in page.read_text(encoding="utf-8"), page.name
