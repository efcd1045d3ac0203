"""What the catalogue tells the apps above it (search, signing, the transparency log).

The catalogue names none of them: they connect in their ``AppConfig.ready``. Both signals
are sent inside the writing transaction, so a receiver that writes (a search index row,
a log entry) commits or rolls back with the change itself; a receiver with slow side
effects (rendering a PDF) must defer them with ``transaction.on_commit``.
"""

from django.dispatch import Signal

# A record's content or public state changed: ``record``, ``verb`` (the RecordEvent verb:
# create, update, submit, publish, withdraw, …), ``actor``. Sent once per event.
record_changed = Signal()

# A version was published: ``record``, ``version`` (the new RecordVersion), ``actor``.
# Also sent by the bulk importer for each record it publishes.
version_published = Signal()

# A record left the public catalogue: ``record``, ``reason``, ``actor``.
record_withdrawn = Signal()

# The bulk importer wrote many records at once (no ``record_changed`` per row):
# ``record_ids``.
records_imported = Signal()
