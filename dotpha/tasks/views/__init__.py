"""The pages of breakthrough tasks, by area. Views gather input and show results; every rule is in
`dotpha.tasks.services` (writes), `dotpha.tasks.selectors` (reads) and `dotpha.tasks.permissions`."""
