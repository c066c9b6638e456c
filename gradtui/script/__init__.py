"""The lesson-script layer: plain data, a parser and a catalog. Never imports Textual."""
