"""Sync in the window: the controller, the status bar button, sign-in."""
