import sys

from campus_metrics.cli import main

sys.exit(main())
