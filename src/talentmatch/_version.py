"""The library version, in one place (read by results and audit records)."""

__version__ = "0.1.0"
