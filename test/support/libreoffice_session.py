"""A workbook open in a real LibreOffice, headless, driven through UNO: what the test scripts
beside this file (libreoffice-edit.py, libreoffice-layout.py) share.

    with open_workbook(path, locking=True) as doc:
        ...            # read or edit doc; doc.store() saves over the file, as Ctrl+S does

On the way out the file is closed unsaved (unless stored), LibreOffice quits (killed after 30 s)
and its throwaway profile is removed. `locking=False` starts from a profile with document locking
off, as on a network share where lock files cannot be created (or where an administrator
disabled them).

Run with the system Python (/usr/bin/python3) and Debian's python3-uno.
"""

import contextlib
import os
import shutil
import subprocess
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


@contextlib.contextmanager
def open_workbook(path, locking=True):
    pipe = "reteurp" + uuid.uuid4().hex
    profile = tempfile.mkdtemp(prefix="rete-urp-lo-profile-")
    if not locking:
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
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(os.path.abspath(path)), "_blank", 0, (prop("Hidden", True),))
        try:
            yield doc
        finally:
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
