"""Figures: one style, a source line under every chart, and files that are byte-identical on
every run (SVG for the web, PNG for slides) written to figures/."""
import base64
import json
from collections import Counter
from html import escape
from pathlib import Path

import matplotlib

matplotlib.use("Agg")  # the build has no screen
import matplotlib.pyplot as plt  # noqa: E402
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


BASIS_MARKERS = {  # how a figure was arrived at, shown by marker shape
    "archival_count": "o", "official_claim": "s", "enemy_claim": "X",
    "demographic_estimate": "D", "scholarly_estimate": "^",
}


def estimate_mark(ax, y, estimate, colour, marker=None):
    """Draw one estimate at height y: a bar over its range (value_low to value_high) where the
    source gives one, and a marker at its value, shaped by its basis unless a marker is given.
    A figure given only as a bound ('more than N') is a marker at N with an arrow pointing the
    open way. Returns the largest x it reached."""
    low, high, value = estimate["value_low"], estimate["value_high"], estimate["value"]
    marker = marker or BASIS_MARKERS[estimate["basis"]]
    if pd.isna(value) and pd.isna(low) != pd.isna(high):
        bound = low if pd.notna(low) else high
        tip = bound * 1.5 if pd.notna(low) else bound / 1.5
        ax.plot(bound, y, marker=marker, linestyle="none", markersize=7, color=colour)
        ax.annotate("", xy=(tip, y), xytext=(bound, y),
                    arrowprops={"arrowstyle": "->", "color": colour, "linewidth": 1.2})
        return max(bound, tip)
    if pd.notna(low) and pd.notna(high):
        ax.plot([low, high], [y, y], color=colour, linewidth=3, solid_capstyle="round", alpha=0.6)
    shown = value if pd.notna(value) else (low + high) / 2
    ax.plot(shown, y, marker=marker, linestyle="none", markersize=7,
            color=colour if pd.notna(value) else "white", markeredgecolor=colour)
    return max(x for x in (low, high, value) if pd.notna(x))


def basis_legend(ax, **kwargs):
    """A key to the marker shapes (an open marker is a range's midpoint, not a figure)."""
    for basis, marker in BASIS_MARKERS.items():
        ax.plot([], [], marker=marker, linestyle="none", color="#555555", label=basis.replace("_", " "))
    ax.plot([], [], marker="o", linestyle="none", color="white", markeredgecolor="#555555",
            label="range only (midpoint)")
    ax.legend(frameon=False, fontsize=8, **kwargs)


def source_line(fig, source_keys, data_file):
    """Write 'Sources: …. Data: …' under the chart, naming the works by author and year."""
    groups = {}
    for key in set(source_keys):
        groups.setdefault(undisambiguated(key), []).append(key)
    # Many pages of one publisher (e.g. Wikipedia articles) are counted rather than repeated; a
    # single work is named by its label, letter and all (Mankoff 2015a).
    works = "; ".join(author_year(keys[0]) if len(keys) == 1 else f"{label} ({len(keys)} entries)"
                      for label, keys in sorted(groups.items()))
    fig.text(0.01, -0.02, f"Sources: {works}. Data: {data_file}.",
             ha="left", va="top", fontsize=7.5, color="#444444", wrap=True)


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


def publish_figure(fig, name, chapter, title, caption, alt, values):
    """Save fig as figures/NAME.svg and .png with fixed metadata and the plotted values as
    figures/NAME.csv; record its title, chapter and alt text in figures/NAME.json (for the How to
    cite page and for reuse). Return the figure for the notebook to show: the image in Jupyter,
    and in the book the MyST figure (number, caption, alt text) with its downloads under it."""
    FIGURES.mkdir(exist_ok=True)
    fig.savefig(FIGURES / f"{name}.svg", metadata={"Date": None, "Creator": None})
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
