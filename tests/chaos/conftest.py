"""The chaos mall runs on PostgreSQL, as production does: the short run is part of the suite's
PostgreSQL pass (`make test-postgres`, or alone `make chaos-short`), once, not of the SQLite one."""

from tests.support import infra

collect_ignore = [] if infra.BACKEND == "postgres" else ["test_chaos_short.py"]
