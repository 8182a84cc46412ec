"""Door-to-door surveys (入户摸底, issue 11): the models land with the workstream."""
