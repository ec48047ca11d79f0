"""The hotline staff console: search, full service cards and the hand-over queue."""
