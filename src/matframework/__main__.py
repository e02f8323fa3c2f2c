"""Run the command line: ``python -m matframework``."""

import sys

from matframework.cli import main

if __name__ == "__main__":
    sys.exit(main())
