"""Reverse- and forward-mode differentiation of plain NumPy-style code."""
