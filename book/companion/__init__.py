"""Small helpers shared by the book's notebooks and tests.

Everything a chapter needs is one import away::

    from companion import load_table, check_package, new_figure, publish_figure, markdown_table
"""
from companion.paths import DATA, FIGURES, ROOT
from companion.data import DataError, check_package, load_table, problems
from companion.charts import (OKABE_ITO, basis_legend, estimate_mark, is_weak, left_out,
                              new_figure, publish_figure, source_line, work_kind)
from companion.tables import figures_of, markdown_table, span
from companion.bibliography import author_year

__all__ = [
    "DATA", "FIGURES", "ROOT",
    "DataError", "check_package", "load_table", "problems",
    "OKABE_ITO", "basis_legend", "estimate_mark", "is_weak", "left_out", "new_figure",
    "publish_figure", "source_line", "work_kind",
    "figures_of", "markdown_table", "span", "author_year",
]
