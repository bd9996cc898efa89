"""Tables of plotted values, written as MyST Markdown so that each source is a citation linked to
the bibliography."""
import numbers

import pandas as pd
from IPython.display import Markdown


def _cell(value):
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, numbers.Real) and float(value).is_integer():
        return f"{int(value):,}"  # 27,000,000 reads better than 27000000
    return str(value).replace("|", "\\|").replace("\n", " ")


def markdown_table(frame, cite_columns=("source",)):
    """Render frame as a Markdown table; bibliography keys in cite_columns become citations."""
    lines = ["| " + " | ".join(frame.columns) + " |", "|" + "---|" * len(frame.columns)]
    for row in frame.itertuples(index=False):
        cells = []
        for column, value in zip(frame.columns, row):
            text = _cell(value)
            if column in cite_columns and text:
                text = "; ".join("{cite:t}`" + key.strip() + "`" for key in text.split(";"))
            cells.append(text)
        lines.append("| " + " | ".join(cells) + " |")
    return Markdown("\n".join(lines) + "\n")


def figures_of(estimates):
    """Every figure some estimates give: their values and the ends of their ranges."""
    return pd.concat([estimates["value"], estimates["value_low"], estimates["value_high"]]).dropna()


def span(estimates):
    """'7,696–8,629' or '9,703': the smallest and largest figure among some estimates."""
    figures = figures_of(estimates)
    low, high = figures.min(), figures.max()
    return f"{low:,.0f}" if low == high else f"{low:,.0f}–{high:,.0f}"


def left_out_table(frame, id_column):
    """A figure's left-out rows for the page: one line per reason, with the rows it covers, so
    that fifty rows left out for one reason take one line, not fifty."""
    keys = [column for column in ("figure", "why left out") if column in frame]
    grouped = frame.groupby(keys, sort=False)[id_column]
    lines = pd.DataFrame([dict(zip(keys, key if len(keys) > 1 else (key,)),
                               rows=len(ids), **{id_column: ", ".join(ids)})
                          for key, ids in grouped], columns=keys + ["rows", id_column])
    return markdown_table(lines)
