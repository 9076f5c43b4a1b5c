"""Screens: the reading screen, help, notes and engine comparison."""
