"""Cross-service plumbing shared by the mall's services.

Only what two services use the same way lives here: configuration and logging,
Flask wiring, the event envelope and contracts, the outbox and consumer runner,
the internal principal token and Redis helpers. No service's rules.
"""
