"""Connect to Redis, a single server or a Redis Cluster, from one URL.

`redis+cluster://host:port[,…]` (or `REDIS_CLUSTER=1` with a `redis://` URL) gives a
`redis.cluster.RedisCluster` that follows slots and failovers; every key the mall uses keeps
the keys one command or script touches in one slot (hash tags), so both clients work alike.
"""

from __future__ import annotations

import os
import random
from urllib.parse import urlsplit

from redis import Redis
from redis.cluster import RedisCluster

CLUSTER_SCHEMES = {"redis+cluster": "redis", "rediss+cluster": "rediss"}


def is_cluster(url: str) -> bool:
    scheme = url.split("://", 1)[0]
    return scheme in CLUSTER_SCHEMES or os.environ.get("REDIS_CLUSTER", "0") in ("1", "true")


def cluster_url(url: str) -> str:
    """The URL with the cluster scheme (what the limits library expects)."""
    scheme, rest = url.split("://", 1)
    return url if scheme in CLUSTER_SCHEMES else f"{scheme}+cluster://{rest}"


def plain_url(url: str) -> str:
    """The URL redis-py parses: plain scheme, and no database (a cluster has only db 0)."""
    scheme, rest = url.split("://", 1)
    parts = urlsplit(f"{CLUSTER_SCHEMES.get(scheme, scheme)}://{rest}")
    return parts._replace(path="").geturl()


def connect(url: str, **options: object) -> Redis | RedisCluster:
    """A client for the URL: RedisCluster for a cluster, else Redis."""
    if is_cluster(url):
        return RedisCluster.from_url(plain_url(url), **options)
    return Redis.from_url(url, **options)


def subscriber(client: Redis | RedisCluster) -> Redis:
    """A connection for SUBSCRIBE that waits on its socket for as long as nothing is published.

    On a cluster every PUBLISH reaches every node, so any live primary serves; a new one is
    picked on each call, so that a listener whose node failed over moves to another.
    """
    if isinstance(client, RedisCluster):
        nodes = client.get_primaries()
        node = random.choice(nodes)  # spreading listeners, not a secret
        kw = client.get_connection_kwargs()
        host, port = node.host, node.port
    else:
        kw = client.connection_pool.connection_kwargs
        host, port = kw.get("host", "127.0.0.1"), kw.get("port", 6379)
    return Redis(
        host=host,
        port=port,
        db=kw.get("db", 0) or 0,
        username=kw.get("username"),
        password=kw.get("password"),
        socket_connect_timeout=2,
        health_check_interval=10,
    )
