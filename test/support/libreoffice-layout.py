"""Opens a workbook in a real LibreOffice (headless, through UNO) and says what LibreOffice sees
of its layout; optionally saves it over the file (doc.store(), as Ctrl+S does).

Usage: python3 libreoffice-layout.py WORKBOOK LAST_ROW [save]

Prints one line "layout <json>": per sheet, whether LibreOffice shows its header row frozen
(the view's frozen panes and split row) and, per column, the validation of its cell in row 2 and
in row LAST_ROW (type, error style, the list's formula as LibreOffice writes it); then "saved" when
asked to save. Closes the file and quits LibreOffice.

Run with the system Python (/usr/bin/python3) and Debian's python3-uno.
"""

import json
import sys

from libreoffice_session import open_workbook


def validation_of(cell):
    validation = cell.getPropertyValue("Validation")
    kind = validation.getPropertyValue("Type").value
    if kind == "ANY":
        return None
    return {
        "type": kind,
        "errorStyle": validation.getPropertyValue("ErrorAlertStyle").value,
        "showError": bool(validation.getPropertyValue("ShowErrorMessage")),
        "formula": validation.getFormula1(),
    }


def main():
    path = sys.argv[1]
    last_row = int(sys.argv[2])
    save = len(sys.argv) > 3 and sys.argv[3] == "save"
    with open_workbook(path) as doc:
        controller = doc.getCurrentController()
        sheets = {}
        for name in doc.Sheets.getElementNames():
            sheet = doc.Sheets.getByName(name)
            controller.setActiveSheet(sheet)
            cursor = sheet.createCursor()
            cursor.gotoEndOfUsedArea(False)
            columns = {}
            for c in range(0, cursor.RangeAddress.EndColumn + 1):
                header = sheet.getCellByPosition(c, 0).getString()
                columns[header or str(c)] = {
                    "index": c,
                    "row2": validation_of(sheet.getCellByPosition(c, 1)),
                    "lastRow": validation_of(sheet.getCellByPosition(c, last_row - 1)),
                }
            sheets[name] = {"frozen": bool(controller.hasFrozenPanes()), "splitRow": controller.getSplitRow(), "columns": columns}
        print("layout " + json.dumps(sheets), flush=True)
        if save:
            doc.store()
            print("saved", flush=True)


main()
