"""Opens a workbook in a real LibreOffice (headless, through UNO), edits one cell, waits, saves.

Usage: python3 libreoffice-edit.py WORKBOOK TAB MATCH_HEADER MATCH_VALUE HEADER VALUE LOCKING [SAVE_AS]

What a coordinator does: open the file, change a cell, leave it open while sheets-sync keeps
writing, then save. It prints "loaded" once the file is open and the cell changed, waits for a
line on stdin: "save" saves over the file (doc.store(), as Ctrl+S does) and prints "saved",
anything else (or end of input) does not save; then it closes the file and quits LibreOffice.

LOCKING "lock": LibreOffice's usual behaviour, with its `.~lock.<name>#` file beside the
workbook while it is open. "nolock": lock files turned off, as on a network share where
LibreOffice cannot create them (or where an administrator disabled them).

SAVE_AS: "save" does File > Save As to that path instead, in the same Excel 2007-365 format,
replacing the file there (a person who opened a copy and saves it over the shared workbook).

Run with the system Python (/usr/bin/python3) and Debian's python3-uno.
"""

import os
import sys

import uno
from libreoffice_session import open_workbook, prop


def main():
    path, tab, match_header, match_value, header, value, locking = sys.argv[1:8]
    save_as = sys.argv[8] if len(sys.argv) > 8 else None
    with open_workbook(path, locking=locking != "nolock") as doc:
        sheet = doc.Sheets.getByName(tab)
        cursor = sheet.createCursor()
        cursor.gotoEndOfUsedArea(False)
        last_row = cursor.RangeAddress.EndRow
        last_column = cursor.RangeAddress.EndColumn
        columns = {}
        for c in range(0, last_column + 1):
            text = sheet.getCellByPosition(c, 0).getString().strip().lower()
            if text and text not in columns:
                columns[text] = c
        match_column = columns[match_header.lower()]
        target_column = columns[header.lower()]
        edited = 0
        for r in range(1, last_row + 1):
            if sheet.getCellByPosition(match_column, r).getString().strip() == match_value:
                sheet.getCellByPosition(target_column, r).setString(value)
                edited += 1
        if edited == 0:
            raise SystemExit("no row with %s = %s" % (match_header, match_value))
        print("loaded", flush=True)
        # "save" saves; anything else (or the test going away) closes without saving.
        if sys.stdin.readline().strip() == "save":
            if save_as:
                url = uno.systemPathToFileUrl(os.path.abspath(save_as))
                doc.storeAsURL(url, (prop("FilterName", "Calc Office Open XML"), prop("Overwrite", True)))
            else:
                doc.store()
            print("saved", flush=True)


main()
