"""The Qt layer: views, widgets, the main window and image export, over the core's records."""
