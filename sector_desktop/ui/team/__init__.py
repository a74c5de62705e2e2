"""The Team page: staff members, who this laptop works as, and the manager's view."""
