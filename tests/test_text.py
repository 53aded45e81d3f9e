"""Markdown tables of typed text (crmwizard.ui.text.table): one line a row, no-break spaces kept."""

from crmwizard.ui.text import table


def test_a_cell_keeps_no_break_spaces_and_loses_line_breaks():
    money = "1\xa0500\xa0000\xa0₽"
    out = table(["Amount"], [[money], ["two\nlines\r\nand\u2028more"], [""]])
    lines = out.splitlines()
    assert len(lines) == 5
    assert lines[2] == f"| {money} |"  # "1 500" and "000 ₽" never end up on two lines
    assert lines[3] == "| two lines and more |"
    assert lines[4] == "|   |"
