"""`python -m kc_metrics`: check the data, write the curators' template, import a file (kc_metrics.cli)."""

from kc_metrics.cli import main

raise SystemExit(main())
