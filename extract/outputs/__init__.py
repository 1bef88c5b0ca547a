"""Writers: JSON, text, JSON Lines, databases. I/O lives here, at the edge."""
