"""Rules of the documents issue, registered with the rulebook on import."""

from __future__ import annotations
