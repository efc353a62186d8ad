"""``python -m timeline_gui`` is the ``timeline-gui`` command."""

import sys

from timeline_gui.cli import main

sys.exit(main())
