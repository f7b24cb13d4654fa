"""`satudata suites [--check]` on a throwaway project folder."""

import json
from pathlib import Path

import yaml

from pipelines.cli import main

SPEC = {
    "name": "bencana",
    "organization": "bpbd",
    "title": {"id": "Kejadian Bencana", "en": "Disaster Events"},
    "description": {"id": "Contoh", "en": "Example"},
    "source": {"match": "bencana*.csv"},
    "period": {"column": "tahun"},
    "schema": {"columns": [{"name": "tahun", "type": "integer", "required": True},
                           {"name": "korban", "type": "integer", "min": 0}]},
}


def project(tmp_path: Path, spec=SPEC) -> Path:
    folder = tmp_path / "datasets" / "bpbd"
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "bencana.yaml").write_text(yaml.safe_dump(spec))
    return tmp_path


def test_check_names_a_missing_suite_and_writes_nothing(tmp_path: Path, capsys):
    root = project(tmp_path)
    assert main(["suites", "--check", "--root", str(root)]) == 1
    assert "validations/bpbd/bencana.json" in capsys.readouterr().out
    assert not (root / "validations").exists()


def test_regenerate_writes_every_suite_then_check_passes(tmp_path: Path, capsys):
    root = project(tmp_path)
    assert main(["suites", "--root", str(root)]) == 0
    suite = json.loads((root / "validations" / "bpbd" / "bencana.json").read_text())
    assert suite["name"] == "bpbd.bencana"
    assert main(["suites", "--check", "--root", str(root)]) == 0


def test_check_fails_after_the_spec_changes(tmp_path: Path, capsys):
    root = project(tmp_path)
    main(["suites", "--root", str(root)])
    columns = [*SPEC["schema"]["columns"][:1], {"name": "korban", "type": "integer", "min": 1}]
    project(tmp_path, {**SPEC, "schema": {"columns": columns}})
    capsys.readouterr()
    assert main(["suites", "--check", "--root", str(root)]) == 1
    assert "out of date: validations/bpbd/bencana.json" in capsys.readouterr().out


def test_check_fails_on_a_suite_no_spec_owns(tmp_path: Path, capsys):
    root = project(tmp_path)
    main(["suites", "--root", str(root)])
    (root / "validations" / "bpbd" / "lama.json").write_text('{"name": "bpbd.lama", "expectations": []}')
    capsys.readouterr()
    assert main(["suites", "--check", "--root", str(root)]) == 1
    assert "no spec: validations/bpbd/lama.json" in capsys.readouterr().out


def test_a_broken_suite_file_exits_2(tmp_path: Path, capsys):
    root = project(tmp_path)
    (root / "validations" / "bpbd").mkdir(parents=True)
    (root / "validations" / "bpbd" / "bencana.json").write_text("{not json")
    assert main(["suites", "--root", str(root)]) == 2
    assert "not valid JSON" in capsys.readouterr().out
