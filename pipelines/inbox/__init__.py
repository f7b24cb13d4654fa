"""Files officers hand in: found in ``inbox/<opd>/``, matched to a dataset, run, archived, answered."""

from pipelines.inbox.archive import archive_accepted, archive_rejected, is_seen
from pipelines.inbox.handins import HandIn, scan

__all__ = ["HandIn", "scan", "archive_accepted", "archive_rejected", "is_seen"]
