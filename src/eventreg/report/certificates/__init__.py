"""Certificates of attendance (#15): a PDF for each person checked in at an event, once it is over."""
