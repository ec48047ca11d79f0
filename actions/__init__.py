"""Custom actions: read slots and entities, call bot/, dispatch what bot/ renders."""
