"""Nothing from the corpus or its configuration reaches a reader as live content: no formula in the
CSV files a spreadsheet opens, no unescaped quote in an HTML attribute."""

from __future__ import annotations

import csv
import io

import pytest

from build_scripts.render.data import write_table

FORMULAS = ['=HYPERLINK("http://example.org","点击")', "@SUM(A1:A9)", "+1+2", "-2+3", "\t=1", "\r=1"]


@pytest.mark.parametrize("title", FORMULAS)
def test_a_cell_that_a_spreadsheet_would_run_is_neutralised(title: str) -> None:
    """OWASP's advice for CSV injection: a cell starting with = + - @, a tab or a carriage return is
    prefixed with a single quote, so the spreadsheet shows it as text."""
    out = io.StringIO()
    write_table([{"id": "a", "title": title, "keywords": [title, "两个确立"], "chars": -1}], io.StringIO(), out)
    row = next(csv.DictReader(io.StringIO(out.getvalue().lstrip("\ufeff"), newline="")))
    assert row["title"] == "'" + title
    assert row["keywords"] == "'" + title + ";两个确立"
    assert row["chars"] == "-1"  # a number is a number


def test_the_json_twin_keeps_the_value_as_written() -> None:
    j = io.StringIO()
    write_table([{"title": FORMULAS[0]}], j, io.StringIO())
    assert '"title":"=HYPERLINK(\\"http://example.org\\",\\"点击\\")"' in j.getvalue()


def test_ordinary_cells_are_unchanged() -> None:
    out = io.StringIO()
    write_table([{"title": "在全县大会上的讲话", "date": "2023-02-01", "note": "——引言"}], None, out)
    assert out.getvalue().splitlines()[1] == "在全县大会上的讲话,2023-02-01,——引言"


def test_doctests() -> None:
    import doctest

    from build_scripts.render import data

    assert doctest.testmod(data).failed == 0
