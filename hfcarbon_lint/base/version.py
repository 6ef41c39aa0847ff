"""The package version: one home, read by hatch at build time and by every module that prints it."""

__version__ = "0.1.0"
