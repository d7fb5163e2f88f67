"""When: the aoristic week x hour matrix, hot times and temporal profiles."""
