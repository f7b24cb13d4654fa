from pipelines.publish.dictionary import datastore_fields, table_schema


def test_table_schema_types_units_and_descriptions(spec):
    schema = table_schema(spec)
    fields = {f["name"]: f for f in schema["fields"]}
    assert [f["name"] for f in schema["fields"]] == [c.name for c in spec.schema.columns]
    assert {n: f["type"] for n, f in fields.items()} == {
        "tahun": "integer", "kode": "string", "nama": "string", "jumlah": "integer",
        "rasio": "number", "aktif": "boolean", "tanggal": "date",
    }
    assert fields["jumlah"]["unit"] == "jiwa"
    assert fields["kode"]["description"] == "Kode wilayah"
    assert fields["kode"]["description_en"] == "Area code"
    assert fields["jumlah"]["constraints"] == {"minimum": 0}
    assert schema["primaryKey"] == ["tahun", "kode"]


def test_datastore_fields_keep_integers_integers_and_codes_text(spec):
    types = {f["id"]: f["type"] for f in datastore_fields(spec)}
    assert types == {"tahun": "int8", "kode": "text", "nama": "text", "jumlah": "int8",
                     "rasio": "float8", "aktif": "bool", "tanggal": "date"}


def test_datastore_field_info_carries_the_dictionary(spec):
    info = {f["id"]: f["info"] for f in datastore_fields(spec)}
    assert info["kode"] == {"label": "kode", "notes": "Kode wilayah", "notes_en": "Area code"}
    assert info["jumlah"]["unit"] == "jiwa"
