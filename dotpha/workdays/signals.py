"""What the calendar tells the apps that read it, which it must not import (the layers contract)."""

from django.dispatch import Signal

# Sent after the stored days of a year were rebuilt in bulk (no save signal fires for them): arguments
# `first` and `last`, the dates rebuilt. Deadlines between them may have another effective date.
calendar_rebuilt = Signal()
