"""The gateway: the one entry for the mall front end, merchants and ops."""
