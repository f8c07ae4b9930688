import os
import sys
import threading

from .cli import main

code = main()
if any(t.name == "graph-query" and t.is_alive() for t in threading.enumerate()):
    # a query stopped at its time limit or by Ctrl-C still runs in the engine: end it with the process
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(code)
sys.exit(code)
