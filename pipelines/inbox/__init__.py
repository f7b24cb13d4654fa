"""Files officers hand in: found in ``inbox/<opd>/``, read once, matched to a dataset, run, archived,
answered."""

from pipelines.inbox.archive import archive_accepted, archive_rejected, is_seen
from pipelines.inbox.handins import Found, HandIn, scan

__all__ = ["Found", "HandIn", "scan", "archive_accepted", "archive_rejected", "is_seen"]
