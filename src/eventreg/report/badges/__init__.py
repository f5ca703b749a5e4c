"""Badges (#15): print-ready name badges with the check-in QR code, made by the attendee lists' export jobs."""
