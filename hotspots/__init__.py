"""Wijkbeeld's analyses: where (hot spots), when (hot times), trends and BOA deployment.

Plain functions and result objects over the frames of :mod:`kernel.schema`;
no Qt, no file formats, no paths. Long functions take ``progress`` and
``cancelled`` callbacks (see :mod:`kernel.progress`).
"""
