"""Opens a workbook in a real LibreOffice (headless, through UNO), edits one cell, waits, saves.

Usage: python3 libreoffice-edit.py WORKBOOK TAB MATCH_HEADER MATCH_VALUE HEADER VALUE LOCKING

What a coordinator does: open the file, change a cell, leave it open while sheets-sync keeps
writing, then save. It prints "loaded" once the file is open and the cell changed, waits for a
line on stdin: "save" saves over the file (doc.store(), as Ctrl+S does) and prints "saved",
anything else (or end of input) does not save; then it closes the file and quits LibreOffice.

LOCKING "lock": LibreOffice's usual behaviour, with its `.~lock.<name>#` file beside the
workbook while it is open. "nolock": lock files turned off, as on a network share where
LibreOffice cannot create them (or where an administrator disabled them).

Run with the system Python (/usr/bin/python3) and Debian's python3-uno.
"""

import os
import shutil
import subprocess
import sys
import tempfile
import time
import uuid

import uno
from com.sun.star.beans import PropertyValue


NO_LOCKING = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseLocking" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseDocumentOOoLockFile" oor:op="fuse"><value>false</value></prop></item>
<item oor:path="/org.openoffice.Office.Common/Misc"><prop oor:name="UseDocumentSystemFileLocking" oor:op="fuse"><value>false</value></prop></item>
</oor:items>
"""


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


def main():
    path, tab, match_header, match_value, header, value, locking = sys.argv[1:8]
    pipe = "reteurp" + uuid.uuid4().hex
    profile = tempfile.mkdtemp(prefix="rete-urp-lo-profile-")
    if locking == "nolock":
        # A fresh profile with document locking off, as set under Tools > Options or by an
        # administrator for a share where lock files cannot be created.
        os.makedirs(os.path.join(profile, "user"))
        with open(os.path.join(profile, "user", "registrymodifications.xcu"), "w") as xcu:
            xcu.write(NO_LOCKING)
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
        smgr = ctx.ServiceManager
        desktop = smgr.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),))
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
