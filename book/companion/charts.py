"""Figures: one style, a source line under every chart, and files that are byte-identical on
every run (SVG for the web, PNG for slides) written to figures/."""
import base64
import io
import json
import re
from collections import Counter
from html import escape
from functools import lru_cache
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the build has no screen
import matplotlib.pyplot as plt  # noqa: E402
from matplotlib.transforms import ScaledTranslation  # noqa: E402
import pandas as pd  # noqa: E402

from companion.bibliography import author_year, undisambiguated  # noqa: E402
from companion.paths import FIGURES  # noqa: E402

plt.style.use(Path(__file__).with_name("companion.mplstyle"))


def _bundled_dejavu_only():
    """Draw with the DejaVu fonts matplotlib ships, never a system copy (Debian's
    fonts-dejavu-core): the two number their glyphs differently, the SVG names glyphs by number,
    and which copy matplotlib picks among equals follows the order its shared font cache was
    built in, so the same figure could get different bytes on the same machine."""
    from matplotlib import font_manager

    bundled = Path(matplotlib.get_data_path(), "fonts", "ttf")
    manager = font_manager.fontManager
    manager.ttflist = [font for font in manager.ttflist
                       if not font.name.startswith("DejaVu") or Path(font.fname).parent == bundled]
    font_manager.FontManager._findfont_cached.cache_clear()


_bundled_dejavu_only()

# Okabe & Ito (2008) palette by name, for charts that colour by meaning rather than by order.
OKABE_ITO = {"blue": "#0072B2", "vermillion": "#D55E00", "green": "#009E73",
             "purple": "#CC79A7", "orange": "#E69F00", "sky": "#56B4E9",
             "yellow": "#F0E442", "black": "#000000", "grey": "#999999"}


def new_figure(width=9, height=4.5, **kwargs):
    """A figure and its axes, laid out so that titles, legends and labels never overlap."""
    return plt.subplots(figsize=(width, height), layout="constrained", **kwargs)


# What a figure rests on: the kind of work its source is, from the source registry
# (data/sources.csv), drawn the same way on every page. A figure that rests on an encyclopedia
# alone is drawn open and faded: visibly weaker than one read in a real work.
WORK_KINDS = {  # registry kind -> (what the legend says, marker shape)
    "primary_document": ("official or primary document", "s"),
    "scholarly_book": ("scholarly book or article", "o"),
    "scholarly_article": ("scholarly book or article", "o"),
    "memoir": ("memoir", "^"),
    "reference_work": ("reference work", "D"),
    "press": ("press", "P"),
    "popular": ("popular or contested book", "v"),
    "contested": ("popular or contested book", "v"),
    "encyclopedia": ("encyclopedia only (drawn open, faded)", "o"),
}
ENCYCLOPEDIA_ONLY = "encyclopedia_only"  # the value of the reading column that says so


@lru_cache(maxsize=None)
def registry():
    """key -> kind of work, from the source registry."""
    from companion.data import load_table  # here: data imports nothing from charts

    kinds = load_table("sources").set_index("key")["kind"]
    return {key: str(kind) for key, kind in kinds.items()}


def work_kind(row):
    """The registry kind of the work a row rests on; 'encyclopedia' where the row says it rests
    on an encyclopedia only (the reading column, where the table has it)."""
    reading = row.get("reading") if hasattr(row, "get") else None
    if isinstance(reading, str) and reading == ENCYCLOPEDIA_ONLY:
        return "encyclopedia"
    try:
        return registry()[row["source"]]
    except KeyError:
        raise KeyError(f"source {row['source']!r} is not in data/sources.csv") from None


def is_weak(row):
    """True when a figure rests on an encyclopedia alone: it may be drawn, never headlined."""
    return work_kind(row) == "encyclopedia"


def mark_style(row, colour):
    """Marker keyword arguments for one figure: shape by kind of work; open and faded when the
    figure rests on an encyclopedia alone."""
    weak = is_weak(row)
    return {"marker": WORK_KINDS[work_kind(row)][1], "markersize": 6.5, "linestyle": "none",
            "color": colour, "markerfacecolor": "white" if weak else colour,
            "markeredgecolor": colour, "markeredgewidth": 1.2, "alpha": 0.55 if weak else 1.0}


def estimate_mark(ax, y, estimate, colour):
    """Draw one estimate at height y: a bar over its range (value_low to value_high) where the
    source gives one, with a mark at each end, and a mark at its value; each mark shaped by the
    kind of work behind it. A figure given only as a bound ('more than N') is a mark at N with
    an arrow pointing the open way. Returns the largest x it reached."""
    low, high, value = estimate["value_low"], estimate["value_high"], estimate["value"]
    style = mark_style(estimate, colour)
    if pd.isna(value) and pd.isna(low) != pd.isna(high):
        bound = low if pd.notna(low) else high
        tip = bound * 1.5 if pd.notna(low) else bound / 1.5
        ax.plot(bound, y, **style)
        ax.annotate("", xy=(tip, y), xytext=(bound, y),
                    arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.2,
                                "alpha": style["alpha"]})
        return max(bound, tip)
    if pd.notna(low) and pd.notna(high):
        ax.plot([low, high], [y, y], color=colour, linewidth=2.5, solid_capstyle="butt",
                alpha=0.35 if is_weak(estimate) else 0.6)
        ax.plot([low, high], [y, y], **style)
    if pd.notna(value):
        ax.plot(value, y, **style)
    return max(x for x in (low, high, value) if pd.notna(x))


def basis_legend(ax, rows, extra=(), where=None, below=False, **kwargs):
    """A key to what the figures rest on, for the kinds of work among rows: the same shapes on
    every page. extra: further (label, plot style) keys. Drawn on ax, or on where (a figure);
    below=True puts it under ax, clear of its axis labels, in rows of three."""
    kinds = {work_kind(row) for _, row in rows.iterrows()}
    handles, seen = [], set()
    for kind, (label, shape) in WORK_KINDS.items():
        if kind in kinds and label not in seen:
            seen.add(label)
            handles += ax.plot([], [], **mark_style(_kind_row(kind), "#555555"), label=label)
    for label, style in extra:
        handles += ax.plot([], [], color="#555555", label=label, **style)
    if below:  # an axes legend, not a figure one: the layout then leaves room for it
        kwargs = {"loc": "upper left", "ncols": 3, "bbox_to_anchor": (0, 0),
                  "bbox_transform": ax.transAxes + ScaledTranslation(
                      0, -0.45, ax.figure.dpi_scale_trans), **kwargs}
    kwargs = {"title": "What the figure rests on", "fontsize": 7.5, "title_fontsize": 7.5,
              "frameon": False, "alignment": "left", **kwargs}
    (where or ax).legend(handles=handles, **kwargs)


def _kind_row(kind):
    """A stand-in row whose source is some work of the given kind (for a legend entry)."""
    return {"source": next(key for key, k in registry().items() if k == kind)}


def rests_on(rows):
    """'What the figures rest on: 4 scholarly books or articles, 2 official or primary
    documents, 7 encyclopedia only': the figures drawn, counted by the kind of work behind each
    (one figure per row), from the source registry."""
    counts = Counter(WORK_KINDS[work_kind(row)][0].split(" (")[0] for _, row in rows.iterrows())
    order = list(dict.fromkeys(label.split(" (")[0] for label, _ in WORK_KINDS.values()))
    parts = [f"{counts[label]} {label}" for label in order if counts[label]]
    return f"What the {len(rows)} figures rest on: " + ", ".join(parts) + "."


def source_line(fig, rows, data_file):
    """Write under the chart what its figures rest on, counted by kind of work, and 'Sources:
    …. Data: …', naming the works by author and year. rows: one row per figure drawn, each with
    its source (and reading, where the table has it)."""
    groups = {}
    for key in set(rows["source"]):
        groups.setdefault(undisambiguated(key), []).append(key)
    # Many pages of one publisher (e.g. Wikipedia articles) are counted rather than repeated; a
    # single work is named by its label, letter and all (Mankoff 2015a).
    works = "; ".join(author_year(keys[0]) if len(keys) == 1 else f"{label} ({len(keys)} entries)"
                      for label, keys in sorted(groups.items()))
    # Below everything already drawn (legends under the axes included): lay the figure out once
    # to find where its lowest artist ends.
    fig.canvas.draw()
    bottom = fig.get_tightbbox().y0 / fig.get_figheight()
    fig.text(0.01, min(bottom, 0) - 0.01, f"{rests_on(rows)} Sources: {works}. Data: {data_file}.",
             ha="left", va="top", fontsize=7.5, color="#444444", wrap=True)
    # Freeze the layout as drawn: constrained layout would run again at each save and can settle
    # a little differently for the SVG and for the PNG, so that the two no longer match.
    fig.set_layout_engine("none")


def left_out(name, table, shown, id_column, reason):
    """The rows of table that bear on figure NAME's question but are not drawn in it, each with
    the reason why: written to figures/NAME-left-out.csv and returned for the page.

    shown: the ids drawn; reason: a function of a left-out row giving why it is left out. A
    left-out row without a reason is an error, so no chart can drop a row silently."""
    out = table[~table[id_column].isin(set(shown))]
    reasons = [reason(row) for _, row in out.iterrows()]
    missing = [row_id for row_id, why in zip(out[id_column], reasons) if not why]
    if missing:
        raise ValueError(f"figure {name}: no reason given for leaving out {', '.join(missing)}")
    frame = pd.DataFrame({id_column: out[id_column].tolist(), "why left out": reasons})
    FIGURES.mkdir(exist_ok=True)
    frame.to_csv(FIGURES / f"{name}-left-out.csv", index=False, lineterminator="\n")
    return frame


class PublishedFigure:
    """What a notebook cell shows for a published figure. Jupyter front ends (JupyterLab, VS Code,
    Colab) draw the image, from the HTML or the PNG; the book build renders the MyST figure from
    text/markdown, which _config.yml (nb_mime_priority_overrides) ranks first for the book."""

    def __init__(self, markdown, svg, png, alt, title):
        self.markdown, self.svg, self.png, self.alt, self.title = markdown, svg, png, alt, title

    def _repr_mimebundle_(self, include=None, exclude=None):
        svg = base64.b64encode(self.svg).decode("ascii")
        html = (f'<img src="data:image/svg+xml;base64,{svg}" alt="{escape(self.alt)}" '
                f'style="max-width:100%;height:auto" />')
        return {"text/markdown": self.markdown, "text/html": html,
                "image/png": base64.b64encode(self.png).decode("ascii"),
                "text/plain": f"<Figure: {self.title}>"}


# The ids matplotlib gives clip paths (p), markers (m) and hatches (h) in an SVG: a hash of their
# coordinates, whose last bits can differ between two runs while every number printed in the file
# stays the same (a clean-clone run once renamed one clip path of civilian-deaths.svg).
HASHED_SVG_ID = re.compile(rb'(?<=id=")[mph][0-9a-f]{10}(?=")|(?<=#)[mph][0-9a-f]{10}(?=[")])')


def stable_svg_ids(svg):
    """The SVG with each hashed id renamed by its kind and order of first appearance (p1, p2, m1,
    …), so that the same drawing gives the same bytes."""
    names, counts = {}, {}

    def rename(match):
        old = match.group(0)
        if old not in names:
            kind = old[:1]
            counts[kind] = counts.get(kind, 0) + 1
            names[old] = kind + str(counts[kind]).encode()
        return names[old]

    return HASHED_SVG_ID.sub(rename, svg)


def publish_figure(fig, name, chapter, title, caption, alt, values):
    """Save fig as figures/NAME.svg and .png with fixed metadata and the plotted values as
    figures/NAME.csv; record its title, chapter and alt text in figures/NAME.json (for the How to
    cite page and for reuse). Return the figure for the notebook to show: the image in Jupyter,
    and in the book the MyST figure (number, caption, alt text) with its downloads under it."""
    FIGURES.mkdir(exist_ok=True)
    svg = io.BytesIO()
    fig.savefig(svg, format="svg", metadata={"Date": None, "Creator": None})
    (FIGURES / f"{name}.svg").write_bytes(stable_svg_ids(svg.getvalue()))
    fig.savefig(FIGURES / f"{name}.png", metadata={"Software": None})
    plt.close(fig)
    values.to_csv(FIGURES / f"{name}.csv", index=False, lineterminator="\n", encoding="utf-8")
    alt = " ".join(alt.split()).replace('"', "'")
    record = {"name": name, "chapter": chapter, "title": title, "alt": alt}
    (FIGURES / f"{name}.json").write_text(json.dumps(record, indent=2, ensure_ascii=False) + "\n",
                                          encoding="utf-8")
    downloads = " · ".join([f"{{download}}`SVG <../figures/{name}.svg>`",
                            f"{{download}}`PNG <../figures/{name}.png>`",
                            f"{{download}}`plotted values (CSV) <../figures/{name}.csv>`",
                            f"{{ref}}`cite this figure <cite-figure-{name}>`"])
    markdown = (f":::{{figure}} ../figures/{name}.svg\n:name: fig-{name}\n:alt: {alt}\n"
                f":width: 100%\n\n**{title}** {caption}\n:::\n\n"
                f"Download this figure: {downloads}\n")
    return PublishedFigure(markdown, (FIGURES / f"{name}.svg").read_bytes(),
                           (FIGURES / f"{name}.png").read_bytes(), alt, title)
