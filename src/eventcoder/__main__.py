"""`python -m eventcoder` is the `eventcoder` command."""

import sys

from .cli import main

sys.exit(main())
