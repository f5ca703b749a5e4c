"""The stream and message handlers' entries, one module per service (notifications, reports): each builds
what its flow needs (eventreg.entrypoints.bootstrap) and hands it the batch with the stream adapter's decoder
(adapters.dynamodb.stream.change_of), so the flows read records as plain values (ports.Change), never the
table's item form. Per service because a bundle ships what its service's modules import (tools/import_graph.py).
The flows read top to bottom in their folders: notify/batch and notify/bounces, report/stream (with
privacy/erasure_stream)."""
