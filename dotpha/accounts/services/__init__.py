"""Writes on accounts: unlocking (unlock), and accounts with their role grants (accounts)."""
