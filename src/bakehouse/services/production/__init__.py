"""Recording bakes at their real FIFO cost; per-event figures, progress and the season dashboard."""
