"""What programmes tell the apps built on them, which programmes must not import (the layers contract in
pyproject.toml)."""

from django.dispatch import Signal

# Sent inside `period_close`'s transaction, once the period is closed: arguments `period` and `actor`. The
# reports app takes the period's snapshot (its figures frozen with a hash); a failure there undoes the close.
period_closed = Signal()
