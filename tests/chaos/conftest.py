"""The chaos mall runs on PostgreSQL, as production does. The short run is opt-in
(`make chaos-short`, MALL_CHAOS_SHORT=1): in one of three clean-clone runs the catalog's copy of
merchant standing had not caught up 120 s after settling, so it is not yet part of `make test`."""

import os

from tests.support import infra

WANTED = infra.BACKEND == "postgres" and os.environ.get("MALL_CHAOS_SHORT") == "1"
collect_ignore = [] if WANTED else ["test_chaos_short.py"]
