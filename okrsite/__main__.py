"""`python -m okrsite`: the command line, as the `okrsite` script runs it."""

import sys

from .cli import main

if __name__ == "__main__":  # not when a worker process imports it
    sys.exit(main())
