"""The corpus store: articles, attributions and cross-article entities in SQLite or PostgreSQL.

``db`` opens a store (and migrates it), ``writer`` is its one writer,
``queries`` reads it (stats, entities, search, traces, the citation graph),
``export`` writes it out (JSON Lines, CSV, GraphML, brat).
"""
