"""Labour disputes (劳动争议, issue 15): the models land with the workstream."""
