"""Rules that choose and combine rows of forces.csv for a chart: which rows are movements of
troops rather than strengths in place, and which ratios of strength one source's own figures
allow. Each rule reads the table's columns (side, formation, theatre, date, measure, source), so
a new row joins the charts it belongs to without anyone naming it."""
import pandas as pd

from companion.data import resource
from companion.dates import date_span


def _order(column):
    """The values of a column of forces.csv in the order its schema lists them."""
    field = next(f for f in resource("forces")["schema"]["fields"] if f["name"] == column)
    return field["constraints"]["enum"]


SOVIET = "soviet_union"
SOVIET_ALLIES = {"mongolia"}  # fought beside the Soviet forces: on neither side of a ratio
CAMPAIGN_MONTH = "1945-08"
NOT_A_BATTLEFIELD = "far_east"  # the Soviet Far East: garrisons over time, transfers


def movement(formation):
    """'west' for forces the source counts as sent west from the Far East, 'east' for forces sent
    from the West to the Far East, None for a strength in place: read from the formation as the
    source names it ('Transbaikal Front (sent west)', 'Forces transferred from the West to the
    Far East')."""
    text = formation.lower()
    west, east = "sent west" in text, "from the west" in text
    if west and east:
        raise ValueError(f"formation {formation!r} says both 'sent west' and 'from the West'")
    return "west" if west else "east" if east else None


def campaign_counts(forces):
    """The counts of August 1945 in the theatres where the war was fought: the correlation of
    forces can divide only these (a transfer or a garrison of the Soviet Far East is not a force
    in battle)."""
    return forces[forces["date"].str.startswith(CAMPAIGN_MONTH)
                  & (forces["theatre"] != NOT_A_BATTLEFIELD)
                  & forces["formation"].map(movement).isna()]


def scope_name(formation):
    """A formation as a chart label: the source's name without its parenthesis."""
    return formation.split(" (")[0]


def when(rows):
    """'9 Aug 1945' or 'Aug 1945 and 9 Aug 1945': the dates some counts refer to, as precisely
    as each is known."""
    texts = {pd.Timestamp(d).strftime("%-d %b %Y" if p == "day" else "%b %Y" if p == "month"
                                      else "%Y")
             for d, p in zip(rows["date"], rows["date_precision"])}
    return " and ".join(sorted(texts))


def like_dates(soviet, other):
    """True when every count on one side refers to a period that overlaps every count on the
    other: 9 August and 'August 1945' are alike, 9 August and 22 August are not."""
    first = date_span(pd.concat([soviet["date"], other["date"]]),
                      pd.concat([soviet["date_precision"], other["date_precision"]]))
    first_day, last_day = first["first_day"].tolist(), first["last_day"].tolist()
    n = len(soviet)
    return all(first_day[i] <= last_day[j] and first_day[j] <= last_day[i]
               for i in range(n) for j in range(n, len(first_day)))


def opposing_scopes(rows):
    """The counts of the opposing side that one source gives, widened step by step: the Japanese
    forces theatre by theatre, then each allied army in turn (in the order the schema lists sides
    and theatres). Returns a list of growing sets of rows, the first holding one row."""
    sides, theatres = _order("side"), _order("theatre")
    ordered = rows.assign(_side=rows["side"].map(sides.index),
                          _theatre=rows["theatre"].map(theatres.index))
    ordered = ordered.sort_values(["_side", "_theatre", "estimate_id"]).drop(
        columns=["_side", "_theatre"])
    return [ordered.iloc[:n] for n in range(1, len(ordered) + 1)]


def total(rows):
    """The lowest and highest sum of some counts: a range adds its low or its high end."""
    return (rows["value"].fillna(rows["value_low"]).sum(),
            rows["value"].fillna(rows["value_high"]).sum())


def _figure_text(low, high):
    return f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"


def _reading(rows):
    """How the weakest of some rows was read: a ratio or sum is no stronger than its parts."""
    readings = list(rows["reading"])
    return "encyclopedia_only" if "encyclopedia_only" in readings else readings[0]


def face_offs(rows):
    """Every ratio of Soviet to opposing strength that one source's own figures allow, one row per
    ratio. Within each source and measure: the Soviet side is the source's Soviet counts, or,
    where the source counts the forces facing one Soviet formation ('opposite Transbaikal Front'),
    that formation alone; the opposing side is widened step by step (opposing_scopes: 'added'
    names the force a widened scope adds, empty for the first). A source
    that counts only one side gives no ratio: no ratio mixes two sources."""
    ratios = []
    for (source, measure), group in rows.groupby(["source", "measure"], sort=False):
        soviet = group[group["side"] == SOVIET]
        other = group[(group["side"] != SOVIET) & ~group["side"].isin(SOVIET_ALLIES)]
        if soviet.empty or other.empty:
            continue
        named = soviet[[any(f in o for o in other["formation"]) for f in soviet["formation"]]]
        if len(named):
            soviet = named
        s_low, s_high = total(soviet)
        for scope in opposing_scopes(other):
            o_low, o_high = total(scope)
            low, high = s_low / o_high, s_high / o_low
            ratios.append({
                "measure": measure, "source": source,
                "soviet_side": " + ".join(dict.fromkeys(soviet["formation"].map(scope_name))),
                "other_side": " + ".join(dict.fromkeys(scope["formation"].map(scope_name))),
                "added": scope_name(scope["formation"].iloc[-1]) if len(scope) > 1 else "",
                "soviet": _figure_text(s_low, s_high), "other": _figure_text(o_low, o_high),
                "value": low if low == high else float("nan"),
                "value_low": float("nan") if low == high else low,
                "value_high": float("nan") if low == high else high,
                "soviet_rows": ", ".join(soviet["estimate_id"]),
                "other_rows": ", ".join(scope["estimate_id"]),
                "soviet_date": when(soviet), "other_date": when(scope),
                "like_dates": like_dates(soviet, scope),
                "reading": _reading(pd.concat([soviet, scope])),
            })
    return pd.DataFrame(ratios)


def opposing_counts(rows):
    """Each source's own count of the opposing side, one row per source, measure and scope
    (opposing_scopes), with whose count it is (counted_by: one value, or 'mixed')."""
    counts = []
    other = rows[(rows["side"] != SOVIET) & ~rows["side"].isin(SOVIET_ALLIES)]
    for (source, measure), group in other.groupby(["source", "measure"], sort=False):
        for scope in opposing_scopes(group):
            low, high = total(scope)
            whose = set(scope["counted_by"])
            counts.append({
                "measure": measure, "source": source,
                "scope": " + ".join(dict.fromkeys(scope["formation"].map(scope_name))),
                "counted_by": whose.pop() if len(whose) == 1 else "mixed",
                "value": low if low == high else float("nan"),
                "value_low": float("nan") if low == high else low,
                "value_high": float("nan") if low == high else high,
                "date": when(scope), "rows": ", ".join(scope["estimate_id"]),
                "reading": _reading(scope),
            })
    return pd.DataFrame(counts)
