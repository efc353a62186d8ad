"""Timeline Explorer: news articles in, an explorable timeline of sourced events out.

The package has two layers. ``timeline_gui.core`` is pure Python (articles, time expressions,
entities, events, storage) and never imports Qt; ``timeline_gui.qt`` holds the views, widgets,
main window and image export, and takes the core's records as its input.
"""

__version__ = "0.1.0"
