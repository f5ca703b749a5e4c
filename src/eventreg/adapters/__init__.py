"""Adapters: the ports in ports.py implemented on AWS (DynamoDB, S3, SES) and JWT verification."""
