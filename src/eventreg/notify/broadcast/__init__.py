"""Organisers' messages to their registrants: written and queued (writing), sent from the queue once per person
(delivery), each registrant's copy composed like every other mail (letter)."""
