"""Registering, managing and organising: the registration service's use cases, on the ports (Store, EventStore)."""
