"""Job fairs (招聘会, issue 11): the models land with the workstream."""
