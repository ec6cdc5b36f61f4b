#!/usr/bin/env python3
"""Checks that LibreOffice, forced to recalculate, gets exactly the workbook's cached results.

    scripts/workbook_recalc_check.py target/xlsx-samples/*.xlsx

For each workbook: copy it with every cached formula result replaced by 12345 (so a value that
was not recalculated shows), convert the copy to CSV (every sheet, unformatted values) with a
throw-away LibreOffice profile whose OOXMLRecalcMode is 0 ("always recalculate"), and compare
each formula cell with the original cached result as numbers. Needs soffice (LibreOffice >= 7.2
for the all-sheets CSV export). Exits 1 on any difference.
"""
import csv
import pathlib
import re
import subprocess
import sys
import tempfile
import zipfile

PROFILE = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
</oor:items>
"""
CELL = re.compile(r'<c r="([A-Z]+)(\d+)"[^>]*><f>([^<]*)</f><v>([^<]*)</v></c>')


def poison(src, dst):
    """Copies src to dst with cached results replaced; returns [(sheet part, row, col, formula, value)]."""
    cached = []
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED) as zout:
        # Read before writing: writestr() updates the ZipInfo it is given, which zin shares.
        names = re.findall(r'<sheet name="([^"]*)"', zin.read("xl/workbook.xml").decode())
        for item in zin.infolist():
            data = zin.read(item.filename)
            if item.filename.startswith("xl/worksheets/sheet"):
                def replace(m, part=item.filename):
                    col = 0
                    for ch in m.group(1):
                        col = col * 26 + ord(ch) - 64
                    cached.append((part, int(m.group(2)) - 1, col - 1, m.group(3), m.group(4)))
                    return m.group(0).replace(f"<v>{m.group(4)}</v>", "<v>12345</v>")
                data = CELL.sub(replace, data.decode()).encode()
            zout.writestr(item, data)
    parts = {f"xl/worksheets/sheet{i + 1}.xml": n for i, n in enumerate(names)}
    return cached, parts


def check(workbook, tmp):
    poisoned = tmp / "poisoned.xlsx"
    cached, parts = poison(workbook, poisoned)
    out = tmp / "csv"
    out.mkdir(exist_ok=True)
    subprocess.run(
        ["soffice", f"-env:UserInstallation=file://{tmp / 'profile'}", "--headless",
         "--convert-to", "csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1",
         "--outdir", str(out), str(poisoned)],
        check=True, capture_output=True)
    grids, bad = {}, 0
    for part, row, col, formula, value in cached:
        name = parts[part]
        if name not in grids:
            with open(out / f"poisoned-{name}.csv", encoding="utf-8") as f:
                grids[name] = list(csv.reader(f))
        got = grids[name][row][col]
        if got == "12345" or float(got) != float(value):
            bad += 1
            print(f"  {name}!{formula}: cached {value}, LibreOffice {got}")
    print(f"{workbook}: {len(cached) - bad} of {len(cached)} formulas recalculate to their cached result")
    return bad == 0


def main():
    ok = True
    for workbook in sys.argv[1:]:
        with tempfile.TemporaryDirectory() as d:
            tmp = pathlib.Path(d)
            (tmp / "profile" / "user").mkdir(parents=True)
            (tmp / "profile" / "user" / "registrymodifications.xcu").write_text(PROFILE)
            ok &= check(workbook, tmp)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
