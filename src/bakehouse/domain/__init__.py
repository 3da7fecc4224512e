"""Pure domain logic: FIFO drawing, costing, planning maths, over plain typed values."""
