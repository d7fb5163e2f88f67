"""Isolated panels: each is a QWidget that shows state and emits signals; none knows the window."""
