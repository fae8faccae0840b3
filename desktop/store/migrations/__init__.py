"""Alembic migrations of the local cache.

``HEAD`` names the newest revision so that a start-up on a current cache can
skip importing Alembic; tests/desktop/test_migrations.py keeps it honest.
"""

HEAD = "0028_filter_choices"
