"""What the organisation tells the apps built on it, which org must not import (the layers contract in
pyproject.toml)."""

from django.dispatch import Signal

# Sent, inside the service's transaction, for each post a service ended (an appointment's end or a merger),
# once all of that change's posts are closed: arguments `appointment` and `actor`. Monitoring alerts the
# organizers about the communes left without a monitor.
appointment_ended = Signal()

# Sent inside a merger's rehearsal (the page's preview, whose transaction is then rolled back), once
# `unit_merge` has run: arguments `predecessors`, `successor` and `closed`, the posts it ended. Each receiver
# answers (title, lines): what the merger hands over in its app, for the organizer to read before confirming.
merger_rehearsed = Signal()
