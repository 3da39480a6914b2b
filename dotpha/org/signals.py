"""What the organisation tells the apps built on it, which org must not import (the layers contract in
pyproject.toml)."""

from django.dispatch import Signal

# Sent, inside the service's transaction, for each post a service ended (an appointment's end or a merger),
# once all of that change's posts are closed: arguments `appointment` and `actor`. Monitoring alerts the
# organizers about the communes left without a monitor.
appointment_ended = Signal()

# Sent inside the rehearsal of a merger or a split (the page's preview, whose transaction is then rolled
# back), once `unit_merge` or `unit_split` has run: arguments `predecessors`, the units merged or split away,
# `successors` (a merger's one successor; a split's successors, the main one first) and `closed`, the posts
# it ended. Each receiver answers (title, lines): what the change hands over in its app, for the organizer
# to read before confirming.
merger_rehearsed = Signal()
