"""The pages of commune monitoring, by area. Views gather input and show results; every rule is in
`dotpha.monitoring.services` (writes), `dotpha.monitoring.selectors` (reads) and `.permissions`."""
