"""``claimmap eval attribution``: PolNeAR-style scoring (filled in below)."""
