"""What was fetched from the portal and what was answered: ``<inbox>/.portal-uploads.json``.

One entry per uploaded resource id: the version seen on the portal, the content hash and inbox
path of the file fetched for it, and the hash whose answer was posted. The file sits at the inbox's
root, where the inbox scan does not look (it reads only ``inbox/<opd>/``)."""

from __future__ import annotations

import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

LEDGER_NAME = ".portal-uploads.json"


@dataclass
class Entry:
    resource_id: str
    opd: str
    package_id: str
    version: str  # the portal's last_modified|size|file name of the upload when fetched
    sha256: str
    path: str  # relative to the inbox
    filename: str
    answered: str = ""  # the sha256 whose answer is on the portal ("" = not yet)


class Ledger:
    """The entries, read from and saved to ``<inbox>/.portal-uploads.json`` (written atomically)."""

    def __init__(self, inbox: Path):
        self.inbox = Path(inbox)
        self.file = self.inbox / LEDGER_NAME
        self.entries: dict[str, Entry] = {}
        if self.file.is_file():
            data = json.loads(self.file.read_text(encoding="utf-8"))
            self.entries = {rid: Entry(**e) for rid, e in data.get("uploads", {}).items()}

    def get(self, resource_id: str) -> Entry | None:
        return self.entries.get(resource_id)

    def put(self, entry: Entry) -> None:
        self.entries[entry.resource_id] = entry
        self.save()

    def unanswered(self) -> list[Entry]:
        return [e for e in self.entries.values() if e.answered != e.sha256]

    def path_of(self, entry: Entry) -> Path:
        return self.inbox / entry.path

    def save(self) -> None:
        self.inbox.mkdir(parents=True, exist_ok=True)
        tmp = self.file.with_name(self.file.name + ".tmp")
        body = {"uploads": {rid: asdict(e) for rid, e in sorted(self.entries.items())}}
        tmp.write_text(json.dumps(body, ensure_ascii=False, indent=2), encoding="utf-8")
        os.replace(tmp, self.file)
