"""Use cases. Each takes a Session, may flush, never commits; raises domain errors."""
