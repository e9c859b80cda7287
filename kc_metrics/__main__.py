"""`python -m kc_metrics [DATA_DIR]`: validate a data folder and print every problem (make check-data)."""

from kc_metrics.validate import main

raise SystemExit(main())
