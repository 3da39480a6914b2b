"""What the organisation tells the apps built on it, which org must not import (the layers contract in
pyproject.toml)."""

from django.dispatch import Signal

# Sent, inside the service's transaction, for each post a service ended (an appointment's end or a merger),
# once all of that change's posts are closed: arguments `appointment` and `actor`. Monitoring alerts the
# organizers about the communes left without a monitor.
appointment_ended = Signal()
