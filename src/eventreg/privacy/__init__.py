"""The privacy flow: personal data leaves the table when asked to, or when it is no longer needed. Read in
this order:

officers        the privacy officers' API (record an erasure request, read its state), served by the
                reports service (the retention job's entry is eventreg.entrypoints.jobs)
erasure         an erasure request (GDPR art. 17): parse it, then `erase` one person from every event
erasure_stream  the stream handler that carries out the recorded requests (the API may not write them)
retention       the retention job: anonymise every event whose retention period is over, resumably

The pure rules (what an anonymised registration keeps, when an event is due) stay in
eventreg.domain.retention: the domain's change rules and the storage layer use them too, and the
domain imports nothing from the flows. The flow works on ports (RetentionStore, ErasureStore, ErasureRequests);
their DynamoDB side is eventreg.adapters.dynamodb.privacy and erasure_requests, wired in entrypoints.bootstrap.
Nothing is imported here.
"""
