"""Writes on accounts: unlocking (unlock), accounts with their role grants (accounts), and a person's own
settings (preferences)."""
