"""The math engine: a safe expression parser, reverse-mode autodiff, finite differences, descent.

Pure numpy; nothing here imports Textual (tests/unit/test_import_hygiene.py checks it).
"""
