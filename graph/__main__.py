import os
import sys

from .cli import main
from .limits import abandoned

code = main()
if abandoned():
    # a query stopped at its time limit or by Ctrl-C still runs in the engine: end it with the process
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
