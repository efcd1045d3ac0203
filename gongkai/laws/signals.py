"""What the law library tells the apps above it (search, Q&A): they connect in their
``AppConfig.ready``. Sent inside the importing transaction; receivers defer slow work
(indexing, embeddings) with ``transaction.on_commit`` and a background job."""

from django.dispatch import Signal

# Laws were created or changed by an import: ``law_ids`` (every Law written this run);
# ``deferred`` True when the follow-up work is left to background jobs, False when the
# importer runs it itself (``laws.indexing.laws_index_now``).
laws_imported = Signal()
