# The tasks app's programme stage (Quy định 30-QĐ/TU, period 2024) over the shared world.
from dotpha.tasks.tests.conftest import approver_with_cadre, stage  # noqa: F401
