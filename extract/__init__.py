"""Reading reports and extracting their identity and figures; the CLI and batch runners."""

__version__ = "0.1.0"
