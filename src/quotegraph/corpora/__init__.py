"""Readers of annotated corpora, shared by training and evaluation (both import from here).

- :mod:`quotegraph.corpora.polnear` — PolNeAR's brat gold: texts, attributions, dates;
- :mod:`quotegraph.corpora.jsonl` — gold files of one JSON record a line.
"""
