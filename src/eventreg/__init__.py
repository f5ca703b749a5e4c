"""eventreg: the shared core of the registration, notifications and reports services."""
