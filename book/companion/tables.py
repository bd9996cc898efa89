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
