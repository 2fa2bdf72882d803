"""Events: meetings, Virtual Discussion Rooms and Virtual Training Rooms (not built yet).

When built, it plugs in like the wiki: a `FEATURE` here, and "events" in the config's FEATURES.
"""
