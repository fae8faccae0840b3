"""Everything Qt: the main window, views, item models, dialogs and workers."""
