"""What the task workflow tells the apps built on it, which tasks must not import (the layers contract in
pyproject.toml)."""

from django.dispatch import Signal

# Sent once the transaction that recorded a step on a task's timeline commits (so a refused or rolled-back
# step sends nothing): argument `event`, the TaskEvent. Notifications tells who must act or wants to know.
task_event_recorded = Signal()

# Sent instead, once, for the many steps one action records together (a batch decision, `record_many`):
# argument `events`, the TaskEvents in the order they were recorded, so the receiver can read what they
# share in a few queries.
task_events_recorded = Signal()

# Sent inside the writer's transaction after the stored facts of some tasks were recomputed
# (`dotpha.tasks.facts`): argument `tasks`, a queryset of them. Anything counted from the tasks (the
# statistics' rollups) refreshes the same tasks, in the same transaction.
facts_refreshed = Signal()
