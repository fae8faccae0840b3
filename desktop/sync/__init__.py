"""Offline sync: outbox, push and pull against the Fieldbook server, shared wire types."""
