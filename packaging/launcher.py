"""The bundle's entry point: the ``fieldbook`` command (no arguments opens the window)."""

from __future__ import annotations

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()  # a frozen child started by multiprocessing runs here
    from ui.cli import main

    raise SystemExit(main())
