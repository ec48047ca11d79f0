"""Chaoyang HR and social security service-guide assistant: the plain-Python core."""
