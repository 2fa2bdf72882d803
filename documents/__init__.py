"""The document library: uploaded documents, searchable by their text (not built yet).

When built, it plugs in like the wiki: a `FEATURE` here, and "documents" in the config's FEATURES.
"""
