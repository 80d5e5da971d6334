"""What the single writer did with the records it was given: one tally for every run that
stores (``corpus add`` and ``corpus load``)."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass
class WriteTally:
    inserted: int = 0
    revised: int = 0
    unchanged: int = 0
    errors: int = 0
    seconds: float = 0.0

    @property
    def stored(self) -> int:
        return self.inserted + self.revised

    def count(self, result: str) -> bool:
        """Count one :meth:`Writer.write` result; False when the record was not stored."""
        if result == "failed":
            self.errors += 1
            return False
        if result == "inserted":
            self.inserted += 1
        elif result == "revised":
            self.revised += 1
        else:
            self.unchanged += 1
        return True
