"""The local SQLite store: engine, migrations, unit of work, search index."""
