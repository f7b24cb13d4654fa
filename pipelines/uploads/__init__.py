"""Spreadsheets officers upload on the portal: fetched into the inbox, processed there, answered on the portal.

Per OPD organization the portal holds a private staging dataset (``unggah-<opd>``). An editor of
the organization uploads a file as a resource of it; the pipeline (as its sysadmin) downloads each
new upload into ``inbox/<opd>/portal/<resource_id>/<filename>``, where the ordinary inbox code takes
over (matching within that OPD only), and then posts the answer on the upload's resource: a status
(diterima | ditolak | tidak-dikenal), a short message, the report as HTML and JSON resources, and on
success the link to the public dataset.

    from pipelines.uploads import connect, fetch_uploads, post_answers, Ledger
    portal = connect(CkanResource())            # None (and a log line) when no portal is configured
    fetch_uploads(portal, workspace, specs)     # new uploads -> inbox/<opd>/portal/...
    ...                                         # the inbox runs (sensor or `satudata inbox --once`)
    post_answers(portal, workspace)             # .laporan.json -> the staging dataset
"""

from pipelines.uploads.answer import Posted, post_answers
from pipelines.uploads.connect import connect
from pipelines.uploads.fetch import Upload, fetch_uploads
from pipelines.uploads.ledger import Ledger
from pipelines.uploads.staging import ensure_staging, staging_name

__all__ = ["Ledger", "Posted", "Upload", "connect", "ensure_staging", "fetch_uploads",
           "post_answers", "staging_name"]
