from pipelines.publish.errors import first_message, redact, rejected_field


def test_rejected_top_level_field():
    assert rejected_field({"__type": "Validation Error", "sektor": ["Value must be one of ..."]}) == "sektor"


def test_rejected_resource_field_names_its_position():
    errors = {"resources": [{}, {"url": ["Missing value"]}]}
    assert rejected_field(errors) == "resources[1].url"


def test_first_message_skips_the_type():
    assert first_message({"__type": "Validation Error", "name": ["That URL is already in use."]}) == (
        "That URL is already in use."
    )


def test_redact_removes_the_token():
    token = "eyJhbGciOiJIUzI1NiJ9.secret-part"
    assert redact(f"failed with Authorization: {token}", token) == "failed with Authorization: [token]"


def test_redact_without_token_is_identity():
    assert redact("nothing to hide", None) == "nothing to hide"
