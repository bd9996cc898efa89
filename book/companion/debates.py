"""Helpers for the chapters on the debates (the Neutrality Pact, the surrender, the Kurils' legal
status, Korea) and the human cost: selecting events by a rule rather than by id, laying out the
instrument-by-territory grid, and grouping estimates that belong in one panel."""
import re

import pandas as pd
from matplotlib.ticker import MaxNLocator

from companion.charts import OKABE_ITO

# One visual vocabulary: an event kind has the same colour and marker on every page (the timeline
# chapter draws events the same way).
EVENT_KIND_STYLE = {  # kind: (colour, marker)
    "treaty": (OKABE_ITO["blue"], "s"),
    "agreement": (OKABE_ITO["sky"], "D"),
    "declaration": (OKABE_ITO["purple"], "^"),
    "conference": (OKABE_ITO["green"], "P"),
    "battle": (OKABE_ITO["vermillion"], "X"),
    "military_operation": (OKABE_ITO["orange"], "v"),
    "surrender": (OKABE_ITO["black"], "o"),
    "political_event": (OKABE_ITO["grey"], "h"),
}

# What an instrument provides for a territory, in a few words for the chart.
PROVISION_LABEL = {
    "promises_transfer": "promises transfer",
    "claims_sovereignty": "claims sovereignty",
    "renounces": "renounces",
    "removes_from_administration": "separates from Japan's administration",
    "leaves_undetermined": "leaves attribution open",
    "denies_benefit": "no benefit to a non-signatory",
    "protests_seizure": "protests the seizure",
    "excludes_from_renunciation": "not covered by the renunciation",
    "conditions_transfer": "adds a condition to the transfer",
    "names_as_disputed": "names as disputed",
    "confirms_basis": "confirms 1956 as the basis",
}

# Whom a provision favours, by colour: the Soviet Union or Russia vermillion, Japan blue, nobody
# named grey.
BENEFICIARY_COLOUR = {"soviet_union": OKABE_ITO["vermillion"], "russia": OKABE_ITO["vermillion"],
                      "japan": OKABE_ITO["blue"], "": OKABE_ITO["grey"]}

# How an instrument reaches a territory, by marker shape: named (filled square), only through a
# disputed term such as 'the Kurile Islands' (open square), a general clause (small dot).
COVERAGE_MARKER = {"named": ("s", True), "term_contested": ("s", False), "not_named": ("o", True)}


def mentioning(frame, pattern, columns=("title", "description")):
    """The rows whose text columns match a regular expression (case-insensitive): a chart says
    which events it draws by a rule a reader can read, not by a list of row ids."""
    hits = pd.Series(False, index=frame.index)
    for column in columns:
        hits |= frame[column].fillna("").str.contains(pattern, flags=re.IGNORECASE, regex=True)
    return frame[hits]


def days_between(events, first, last):
    """The events known to the day whose date falls from first to last (ISO dates, inclusive),
    with the date as a Timestamp in column 'day', in date order."""
    daily = events[events["date_precision"] == "day"].copy()
    daily["day"] = pd.to_datetime(daily["date"])
    inside = daily["day"].between(pd.Timestamp(first), pd.Timestamp(last))
    return daily[inside].sort_values(["day", "event_id"])


def instrument_rows(provisions):
    """One row per instrument in date order (oldest first): instrument, date, party and the
    position y it takes in the grid."""
    firsts = (provisions.sort_values(["date", "provision_id"])
              .drop_duplicates("instrument")[["instrument", "date", "party"]]
              .reset_index(drop=True))
    firsts["y"] = range(len(firsts))
    return firsts


def estimate_panels(estimates, keys, title_of):
    """Group estimates into panels of like with like: one panel per combination of the key
    columns (e.g. conflict and category), titled by title_of(key values), largest figure first."""
    panels = []
    for key, rows in estimates.groupby(list(keys), sort=False):
        top = pd.concat([rows["value"], rows["value_low"], rows["value_high"]]).max()
        panels.append((top, title_of(*key), rows))
    return [(title, rows) for _, title, rows in sorted(panels, key=lambda p: -p[0])]


def draw_day_strip(ax, events, date_format="%d %b", label_width=70):
    """One row per event (a frame with columns day, kind, title), oldest at the top: a marker on
    its day, shaped and coloured by kind as everywhere in the book, and its date and title beside
    it, on the right in the first half of the time span and on the left in the second, so that
    labels stay inside the axes."""
    first, last = events["day"].min(), events["day"].max()
    middle = first + (last - first) / 2
    for y, event in enumerate(events.itertuples()):
        colour, marker = EVENT_KIND_STYLE[event.kind]
        ax.plot(event.day, y, marker=marker, markersize=7, color=colour, linestyle="none")
        title = event.title.split(" (")[0].split(";")[0]
        if len(title) > label_width:
            title = title[:label_width - 1] + "…"
        late = event.day > middle
        ax.annotate(f"{event.day:{date_format}}  {title}", (event.day, y),
                    xytext=(-8 if late else 8, 0), textcoords="offset points", va="center",
                    ha="right" if late else "left", fontsize=9)
    ax.set_ylim(len(events) - 0.5, -0.8)
    ax.set_yticks([])
    for side in ("left", "right", "top"):
        ax.spines[side].set_visible(False)
    ax.grid(axis="x", color="#dddddd", linewidth=0.6)
    ax.set_axisbelow(True)


def kind_legend(ax, kinds, **kwargs):
    """A key to the event kinds drawn, in the book's shared style."""
    for kind in kinds:
        colour, marker = EVENT_KIND_STYLE[kind]
        ax.plot([], [], marker=marker, linestyle="none", color=colour, label=kind.replace("_", " "))
    ax.legend(frameon=False, fontsize=8, **kwargs)


def estimate_panel_figure(panels, label_of, colour, width=9):
    """Small multiples: one panel per group of like estimates (from estimate_panels), one row per
    estimate, each panel on its own linear scale from zero (so a figure of 1,700 is not lost beside
    one of 245,000). label_of(row) names the row; each mark is shaped by the kind of work behind
    it, as on every page. Returns the figure."""
    from companion.charts import estimate_mark, new_figure

    heights = [len(rows) + 1.2 for _, rows in panels]
    fig, axes = new_figure(width, 0.3 * sum(heights) + 1.2, nrows=len(panels),
                           gridspec_kw={"height_ratios": heights})
    for ax, (title, rows) in zip(list(getattr(axes, "flat", [axes])), panels):
        reach = 0
        for y, (_, row) in enumerate(rows.iterrows()):
            reach = max(reach, estimate_mark(ax, y, row, colour))
        ax.set_xlim(0, reach * 1.3)
        ax.set_ylim(len(rows) - 0.5, -0.6)
        ax.set_yticks(range(len(rows)), [label_of(row) for row in rows.itertuples()], fontsize=8.5)
        ax.set_title(title, loc="left", fontsize=9.5)
        ax.xaxis.set_major_locator(MaxNLocator(nbins=4))
        ax.xaxis.set_major_formatter(lambda x, _: f"{x:,.0f}")
        ax.tick_params(axis="x", labelsize=8)
        ax.grid(axis="x", color="#eeeeee")
        ax.set_axisbelow(True)
    return fig
