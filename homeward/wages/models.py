"""Wage protection (根治欠薪, issue 14): the models land with the workstream."""
