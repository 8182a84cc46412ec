"""Retention follow-ups (稳岗回访, issue 11): the models land with the workstream."""
