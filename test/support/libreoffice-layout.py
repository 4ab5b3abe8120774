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
import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


def prop(name, value):
    p = PropertyValue()
    p.Name = name
    p.Value = value
    return p


def connect(pipe, office):
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", local)
    deadline = time.time() + 90
    while True:
        try:
            return resolver.resolve("uno:pipe,name=%s;urp;StarOffice.ComponentContext" % pipe)
        except Exception:
            if office.poll() is not None or time.time() > deadline:
                raise SystemExit("LibreOffice did not start")
            time.sleep(0.2)


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
    pipe = "reteurp" + uuid.uuid4().hex
    profile = tempfile.mkdtemp(prefix="rete-urp-lo-profile-")
    office = subprocess.Popen(
        [
            "soffice",
            "--headless",
            "--invisible",
            "--norestore",
            "--nologo",
            "--nodefault",
            "-env:UserInstallation=" + uno.systemPathToFileUrl(profile),
            "--accept=pipe,name=%s;urp;" % pipe,
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        ctx = connect(pipe, office)
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),))
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
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass  # the bridge goes down with the office: that is the normal end
    finally:
        try:
            office.wait(timeout=30)
        except Exception:
            office.kill()
        shutil.rmtree(profile, ignore_errors=True)


main()
