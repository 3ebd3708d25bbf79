"""Convert Word files to PDF in a running LibreOffice, through UNO (run by LibreOffice's Python).

Usage: python3 convert.py UNOSERVER_FOLDER PORT

It is not imported by boardpapers: it runs under the Python that has LibreOffice's
``uno`` module, and uses unoserver's converter, which refreshes the document's
fields and updates its indexes before it exports. It reads one job a line on
its standard input, ``[docx, pdf, {filter option: value}]`` as JSON, and
answers each with a line ``done`` once the PDF is written; it stays connected
to LibreOffice, ready for the next, until its input ends. A job that fails
ends it, with the reason on its standard error.
"""

import json
import sys
import time

sys.path.insert(0, sys.argv[1])

from unoserver.converter import UnoConverter  # noqa: E402

CONNECT_SECONDS = 90


def connect(port: str) -> UnoConverter:
    deadline = time.monotonic() + CONNECT_SECONDS
    while True:
        try:
            return UnoConverter(interface="127.0.0.1", port=port)
        except Exception:  # LibreOffice is still starting: NoConnectException
            if time.monotonic() > deadline:
                raise
            time.sleep(0.25)


def main() -> None:
    converter = connect(sys.argv[2])
    for line in sys.stdin:
        docx, pdf, options = json.loads(line)
        converter.convert(
            inpath=docx, outpath=pdf, convert_to="pdf", update_index=True,
            filter_options=[f"{name}={value}" for name, value in options.items()],
        )
        print("done", flush=True)


main()
