"""Serve the app as ``streamlit run app.py`` does, and load what a first plan needs as the server starts.

    python -m ui.serve --server.port 8501      # the options of ``streamlit run``

The model, the matcher and the chat engine load in a background thread (``ui.resources.start_warmup``)
while the server starts and the sign-in page is shown, so the first student to sign in does not wait
for them; ``make run`` starts the app this way.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

APP = Path(__file__).resolve().parent.parent / "app.py"


def _warm_up() -> None:
    # Imported here, in the background, so that the server does not wait for torch to be imported.
    from ui.resources import start_warmup

    start_warmup().join()


def main(options: list[str]) -> None:
    threading.Thread(target=_warm_up, name="pathways-warmup-start", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", "run", str(APP), *options]
    cli.main()


if __name__ == "__main__":
    main(sys.argv[1:])
