"""The Inzetplanner: BOA shifts on hot spots x hot times, their evaluation and their sentences."""
