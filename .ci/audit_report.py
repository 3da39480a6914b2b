"""Reads pip-audit's JSON report (argument 1) and says plainly what it means.

Exit 1 when a locked dependency has a known vulnerability. A report that could not be made, or in which
pip-audit could not look a dependency up (its vulnerability service, PyPI's JSON API or OSV, did not
answer), is printed as such and does not fail CI: pip-audit itself calls that "No known vulnerabilities
found".
"""

import json
import sys
from pathlib import Path

report = Path(sys.argv[1])
if not report.exists() or report.stat().st_size == 0:
    print("pip-audit: NOT AUDITED: its vulnerability service could not be reached (see the error above).")
    sys.exit(0)

dependencies = json.loads(report.read_text())["dependencies"]
vulnerable = [d for d in dependencies if d.get("vulns")]
skipped = [d for d in dependencies if d.get("skip_reason")]

for d in vulnerable:
    for v in d["vulns"]:
        fixes = ", ".join(v.get("fix_versions") or []) or "no fixed version yet"
        print(f"pip-audit: VULNERABLE {d['name']} {d['version']}: {v['id']} (fixed in: {fixes})")
if skipped:
    print(
        f"pip-audit: NOT AUDITED {len(skipped)} of {len(dependencies)} packages: the vulnerability service "
        f"did not answer for them (first: {skipped[0]['skip_reason']})."
    )
audited = len(dependencies) - len(skipped)
print(f"pip-audit: {audited} of {len(dependencies)} locked packages audited, {len(vulnerable)} vulnerable.")
sys.exit(1 if vulnerable else 0)
