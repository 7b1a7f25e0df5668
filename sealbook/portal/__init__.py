"""The client portal: clients and minors' guardians, separate from staff (issue 15)."""
