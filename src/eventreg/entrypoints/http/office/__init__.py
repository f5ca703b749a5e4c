"""The back-office: server-rendered pages for organisers, partners and privacy officers (chrome: what
every page shares; one module per part of an event: events, programme, documents, registrations, waiting,
downloads, messages, activity)."""
