"""Fieldbook's Qt-free core: schema, local store, services, demo data.

Nothing in this package may import PySide6, ``ui`` or ``server``
(tests/test_layering.py enforces it).
"""
