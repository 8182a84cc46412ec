"""Subsidies (补贴, issue 12): the models land with the workstream."""
