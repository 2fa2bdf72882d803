"""The forums: discussion threads among a workspace's members (not built yet).

When built, it plugs in like the wiki: a `FEATURE` here, and "forums" in the config's FEATURES.
"""
