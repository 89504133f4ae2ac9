"""Rules of the archive issue, registered with the rulebook on import."""

from __future__ import annotations
