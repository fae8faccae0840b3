"""The central sync server (built in the sync issue)."""
