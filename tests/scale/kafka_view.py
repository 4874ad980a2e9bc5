"""What Kafka says about the scaled mall: consumer lag, group members, each topic's messages."""

from __future__ import annotations

import json

from kafka import KafkaConsumer, TopicPartition
from kafka.admin import KafkaAdminClient

from tests.support.infra import KAFKA


class KafkaView:
    def __init__(self) -> None:
        self.admin = KafkaAdminClient(bootstrap_servers=KAFKA, client_id="scale-view")
        self.consumer = KafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)

    def partitions(self, topic: str) -> list[TopicPartition]:
        return [TopicPartition(topic, p) for p in sorted(self.consumer.partitions_for_topic(topic))]

    def lag(self, group: str, topics: list[str]) -> int:
        """Messages on the topics the group has not committed yet."""
        parts = [tp for t in topics for tp in self.partitions(t)]
        committed = self.admin.list_group_offsets({group: parts}).get(group, {})
        ends = self.consumer.end_offsets(parts)  # after: so no commit can be past its end
        done = {
            tp: (o.offset if o is not None and o.offset >= 0 else 0) for tp, o in committed.items()
        }
        return sum(ends[tp] - done.get(tp, 0) for tp in parts)

    def members(self, group: str) -> list[dict]:
        info = self.admin.describe_groups([group])
        found = info[group] if isinstance(info, dict) else info[0]
        return list(found.get("members", []))

    def read_all(self, topic: str) -> list[tuple[int, str, dict]]:
        """Every message of the topic: (partition, key, event), in each partition's order."""
        reader = KafkaConsumer(bootstrap_servers=KAFKA, enable_auto_commit=False)
        parts = self.partitions(topic)
        reader.assign(parts)
        reader.seek_to_beginning(*parts)
        ends = reader.end_offsets(parts)
        found = []
        while any(reader.position(tp) < ends[tp] for tp in parts):
            for tp, messages in reader.poll(timeout_ms=1000).items():
                found += [(tp.partition, m.key.decode(), json.loads(m.value)) for m in messages]
        reader.close()
        return found

    def close(self) -> None:
        self.consumer.close()
        self.admin.close()
