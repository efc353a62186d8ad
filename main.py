"""Run Timeline Explorer from a source checkout: `python main.py ...` is `timeline-gui ...`."""

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent / "src"))

from timeline_gui.cli import main

if __name__ == "__main__":
    sys.exit(main())
