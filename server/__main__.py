"""``python -m server`` is ``fieldbook-server``."""

import sys

from server.cli import main

sys.exit(main())
