"""The committed figures: what a browser draws from each SVG is what matplotlib drew in its PNG,
every figure lists the rows it leaves out with a reason, and the helpers that encode what a figure
rests on behave. The SVG comparison uses Debian's Chromium through Playwright and is skipped, with
the reason, where Chromium is not installed."""
import base64
import csv
import io
import re
import shutil

import numpy as np
import pandas as pd
import pytest

from conftest import ROOT

FIGURES = ROOT / "figures"
NAMES = sorted(p.stem for p in FIGURES.glob("*.svg"))
CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]
WIDTH = 300  # px: both pictures are compared at this width, blurred, where text turns to grey
# Share of pixels whose grey level differs by more than TOLERANCE (of 255) at the best alignment
# within SHIFT pixels. Glyph shapes and anti-aliasing differ a little between Chromium and Agg,
# and the two files' tight bounding boxes (each measured by its own renderer) can be offset by
# some 20 px at full size; a shape drawn where the PNG has
# none (the unclipped Sakhalin of 0.1.0's maps: 1.5 % of the pixels) differs by far more.
TOLERANCE, MAX_SHARE, SHIFT = 48, 0.005, 6


def grey(image, scale):
    """The picture on white, in grey levels, scaled by scale and blurred a little."""
    from PIL import Image, ImageFilter

    image = image.convert("RGBA")
    flat = Image.new("RGBA", image.size, "white")
    flat.alpha_composite(image)
    size = (round(image.width * scale), round(image.height * scale))
    small = flat.convert("L").resize(size, Image.LANCZOS)
    return np.asarray(small.filter(ImageFilter.GaussianBlur(1.5)), dtype=float)


def differing_share(svg_png_bytes, png_path):
    """The share of pixels that differ clearly between Chromium's rendering and the PNG, at the
    best alignment of the two within SHIFT pixels. Both are drawn at the PNG's resolution and
    scaled by the same factor: the SVG's tight bounding box may be a point or two larger."""
    from PIL import Image

    made = Image.open(png_path)
    scale = WIDTH / made.width
    drawn, made = grey(Image.open(io.BytesIO(svg_png_bytes)), scale), grey(made, scale)
    rows, columns = min(len(drawn), len(made)), min(drawn.shape[1], made.shape[1])
    drawn, made = drawn[:rows, :columns], made[:rows, :columns]
    inner = (slice(SHIFT, -SHIFT), slice(SHIFT, -SHIFT))
    return min(float((np.abs(np.roll(drawn, (dy, dx), axis=(0, 1))[inner] - made[inner])
                      > TOLERANCE).mean())
               for dy in range(-SHIFT, SHIFT + 1) for dx in range(-SHIFT, SHIFT + 1))


@pytest.fixture(scope="module")
def page():
    if CHROMIUM is None:
        pytest.skip("Debian's chromium is not installed (apt-get install chromium); CI installs it")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser.new_page()
        browser.close()


def chromium_draws(page, svg_path, png_path):
    """Chromium's picture of the SVG on a white page, at the PNG's resolution (its size in
    points, from the SVG's own width and height, at the PNG's pixels per point)."""
    from PIL import Image

    points = re.search(rb'<svg[^>]*?width="([0-9.]+)pt" height="([0-9.]+)pt"',
                       svg_path.read_bytes()[:2000])
    png = Image.open(png_path)
    png_points_wide = float(points.group(1)) if points else None
    dpi = png.info.get("dpi", (150, 150))[0]
    width = round(float(points.group(1)) * dpi / 72) if png_points_wide else png.width
    height = round(float(points.group(2)) * dpi / 72) if png_points_wide else png.height
    page.set_viewport_size({"width": width, "height": height})
    data = base64.b64encode(svg_path.read_bytes()).decode()
    page.set_content(f'<html><body style="margin:0;background:white">'
                     f'<img id="f" src="data:image/svg+xml;base64,{data}" '
                     f'style="display:block;width:{width}px;height:{height}px"></body></html>')
    page.wait_for_function("document.getElementById('f').complete")
    return page.screenshot(full_page=False)


@pytest.mark.parametrize("name", NAMES)
def test_the_svg_a_browser_draws_matches_the_png(page, name):
    svg, png = FIGURES / f"{name}.svg", FIGURES / f"{name}.png"
    share = differing_share(chromium_draws(page, svg, png), png)
    assert share <= MAX_SHARE, (
        f"figures/{name}.svg as Chromium draws it differs from figures/{name}.png on "
        f"{share:.2%} of its pixels (at most {MAX_SHARE:.1%} allowed): look for a lost clip path")


@pytest.mark.parametrize("name", NAMES)
def test_every_figure_lists_the_rows_it_leaves_out_with_a_reason(name):
    listed = FIGURES / f"{name}-left-out.csv"
    assert listed.exists(), f"figures/{name} has no {listed.name}: call left_out() in its notebook"
    with listed.open(encoding="utf-8", newline="") as f:
        reader = csv.DictReader(f)
        assert "why left out" in reader.fieldnames, f"{listed.name} has no 'why left out' column"
        for line, row in enumerate(reader, start=2):
            assert row["why left out"].strip(), f"{listed.name}, line {line}: no reason given"


def test_left_out_refuses_a_row_without_a_reason(tmp_path, monkeypatch):
    from companion import charts

    monkeypatch.setattr(charts, "FIGURES", tmp_path)
    table = pd.DataFrame({"row_id": ["a", "b", "c"]})
    with pytest.raises(ValueError, match="no reason given for leaving out c"):
        charts.left_out("x", table, ["a"], "row_id", lambda row: "" if row["row_id"] == "c" else "y")
    frame = charts.left_out("x", table, ["a"], "row_id", lambda row: "because")
    assert frame["row_id"].tolist() == ["b", "c"]
    assert (tmp_path / "x-left-out.csv").read_text() == "row_id,why left out\nb,because\nc,because\n"


def test_what_a_figure_rests_on_comes_from_the_registry():
    from companion.charts import is_weak, registry, rests_on, work_kind

    kinds = registry()
    encyclopedia = next(k for k, v in kinds.items() if v == "encyclopedia")
    book = next(k for k, v in kinds.items() if v == "scholarly_book")
    assert work_kind({"source": book}) == "scholarly_book" and not is_weak({"source": book})
    assert is_weak({"source": encyclopedia})
    # Where a table says how a figure was read, an encyclopedia-only reading is weak whatever
    # the source key.
    assert is_weak({"source": book, "reading": "encyclopedia_only"})
    rows = pd.DataFrame({"source": [book, book, encyclopedia]})
    assert rests_on(rows) == ("What the 3 figures rest on: 2 scholarly book or article, "
                              "1 encyclopedia only.")
    with pytest.raises(KeyError, match="not in data/sources.csv"):
        work_kind({"source": "nosuchkey"})


def test_simplified_rings_keep_their_shape_within_tolerance():
    from companion.maps import land, simplified

    ring = max(land(), key=len)
    thin = simplified(ring, 0.04)
    assert 4 <= len(thin) < len(ring) / 5
    assert (thin[0] == ring[0]).all() and (thin[-1] == ring[-1]).all()
    assert (simplified(ring, 0) == ring).all()


def test_hashed_svg_ids_are_renamed_in_order_of_first_appearance():
    from companion.charts import stable_svg_ids

    svg = (b'<clipPath id="p94d8711845"><rect/></clipPath><path d="M0" id="m0fc91d2c9a"/>'
           b'<g clip-path="url(#p94d8711845)"><use xlink:href="#m0fc91d2c9a"/></g>'
           b'<clipPath id="p1fb69a2076"/><g clip-path="url(#p1fb69a2076)" style="fill: #ffffff"/>'
           b'<use xlink:href="#DejaVuSans-41"/>')
    assert stable_svg_ids(svg) == (
        b'<clipPath id="p1"><rect/></clipPath><path d="M0" id="m1"/>'
        b'<g clip-path="url(#p1)"><use xlink:href="#m1"/></g>'
        b'<clipPath id="p2"/><g clip-path="url(#p2)" style="fill: #ffffff"/>'
        b'<use xlink:href="#DejaVuSans-41"/>')
    # The same drawing under other hashes gives the same bytes.
    assert stable_svg_ids(svg.replace(b"94d8711845", b"9cd8711845")) == stable_svg_ids(svg)
