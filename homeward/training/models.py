"""Training (培训, issue 13): the models land with the workstream."""
