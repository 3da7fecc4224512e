"""Small explicit factories for test data, one module per area: make_x(session, **overrides)."""
