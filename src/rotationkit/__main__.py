"""Run the rotationkit command line: ``python -m rotationkit``."""

from __future__ import annotations

from rotationkit.cli import main

__all__: list[str] = []

if __name__ == "__main__":
    raise SystemExit(main())
