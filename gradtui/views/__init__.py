"""Textual widgets: one view per scene kind, plus the shared pieces they are built from."""
