"""The chaos mall runs on PostgreSQL, as production does: the suite runs it once, in its
PostgreSQL pass (MALL_TEST_DB=postgres), rather than twice the same."""

from tests.support import infra

collect_ignore = [] if infra.BACKEND == "postgres" else ["test_chaos_short.py"]
