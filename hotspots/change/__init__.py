"""Is it getting worse: monthly trends, expected ranges (early warning) and period comparisons."""
