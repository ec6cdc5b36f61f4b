#!/usr/bin/env python3
"""The way an annex is checked without annex-audit, for the throughput bench to compare with:
python-docx reads every table, each row's total is recomputed from its figures (exact
decimals), and openpyxl writes a workbook with one sheet per table, wrong totals marked.

    python3 benches/python_baseline.py ANNEX.docx OUT.xlsx

Run by `cargo bench --bench throughput` only when `python3 -c 'import docx, openpyxl'`
succeeds (pip install python-docx openpyxl). Prints the tables, rows and wrong totals found.
"""

import sys
from decimal import Decimal, InvalidOperation

import docx
import openpyxl
from openpyxl.styles import PatternFill


def figure(text):
    """The cell's number, or None when it is not a plain figure."""
    text = text.strip().replace(",", "")
    if not text:
        return None
    try:
        return Decimal(text)
    except InvalidOperation:
        return None


def figure_in_header(text):
    """The maximum a header cell states, "发布解读（40分）" -> 40."""
    digits = "".join(ch for ch in text.split("（")[-1] if ch.isdigit() or ch == ".")
    return Decimal(digits) if digits else Decimal(0)


def header_texts(table):
    """The first row's texts (python-docx rebuilds them on each access, as a script would)."""
    return [cell.text for cell in table.rows[0].cells]


def main(source, target):
    document = docx.Document(source)
    workbook = openpyxl.Workbook(write_only=False)
    workbook.remove(workbook.active)
    wrong_fill = PatternFill("solid", fgColor="FFC7CE")
    tables = rows = wrong = 0
    for number, table in enumerate(document.tables, start=1):
        tables += 1
        sheet = workbook.create_sheet(f"Table {number}")
        total_column = None
        first_score = None
        for r, row in enumerate(table.rows, start=1):
            texts = [cell.text for cell in row.cells]
            for c, text in enumerate(texts, start=1):
                value = figure(text)
                sheet.cell(row=r, column=c, value=value if value is not None else text)
            if total_column is None:
                # The header: the total's column (总分/合计) and the first score column
                # (the first one stating a maximum, "（40分）").
                for c, text in enumerate(texts):
                    if "总分" in text or "合计" in text:
                        total_column = c
                    elif first_score is None and "分" in text:
                        first_score = c
                continue
            if first_score is None or total_column >= len(texts):
                continue
            total = figure(texts[total_column])
            if total is None:
                continue
            rows += 1
            parts = [figure(t) for t in texts[first_score:total_column]]
            recomputed = sum((p for p in parts if p is not None), Decimal(0))
            # A part left out ("——") scales the others up to the full mark, as the annex
            # notes say; the published total is then checked to the cent.
            if any(p is None for p in parts):
                full = sum(
                    (figure_in_header(h) for h in header_texts(table)[first_score:total_column]),
                    Decimal(0),
                )
                missing = sum(
                    (
                        figure_in_header(h)
                        for h, p in zip(header_texts(table)[first_score:total_column], parts)
                        if p is None
                    ),
                    Decimal(0),
                )
                bonus = parts[-1] or Decimal(0)
                base = recomputed - bonus
                scale_full = full - figure_in_header(header_texts(table)[total_column - 1])
                if scale_full - missing > 0:
                    recomputed = (base * scale_full / (scale_full - missing)).quantize(
                        Decimal("0.01")
                    ) + bonus
            if recomputed != total:
                wrong += 1
                sheet.cell(row=r, column=total_column + 1).fill = wrong_fill
    workbook.save(target)
    print(f"{tables} tables, {rows} rows with totals, {wrong} totals differ")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
