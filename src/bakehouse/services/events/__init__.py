"""Events and who gets which package (assignments), recipients, what an event needs baked
and bought, deliveries, and each package's way to its recipient."""
