import os
import sys

from .cli import main

code = main()
from .limits import abandoned  # noqa: E402 -- after the command: --help needs it not

if abandoned():
    # a query stopped at its time limit or by Ctrl-C still runs in the engine: end it with the process
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
