"""`python -m quality`: the quality table of `make eval`."""

import sys

from quality.table import main

sys.exit(main())
