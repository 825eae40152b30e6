"""``python -m graphmodel.cli``: the same as the ``graphmodel`` command."""

import sys

from . import main

sys.exit(main())
