"""Rules of the powers issue, registered with the rulebook on import."""

from __future__ import annotations
