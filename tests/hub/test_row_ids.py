"""Row ids taken from the address (hub.http): an id too large for a row finds nothing, a 404
and never a database error; a query-string key out of range is read as no key."""

import pytest

from tests.support import signed_in

TOO_LARGE = [str(2**63), "9" * 30]


@pytest.mark.parametrize("row_id", TOO_LARGE)
@pytest.mark.parametrize(
    "path",
    [
        "/w/ai/documents/{}",
        "/w/ai/events/{}",
        "/w/ai/forums/{}/",
        "/w/ai/forums/topics/{}",
        "/w/ai/forums/posts/{}",
        "/w/ai/self-assessment/{}",
    ],
)
def test_an_id_too_large_for_a_row_is_not_found(app, world, path, row_id):
    assert signed_in(app, world.admin).get(path.format(row_id)).status_code == 404


@pytest.mark.parametrize("row_id", TOO_LARGE)
def test_a_report_id_too_large_for_a_row_is_not_found(app, world, row_id):
    moderator = signed_in(app, world.moderator)
    assert moderator.post(f"/w/ai/forums/reports/{row_id}/dismiss").status_code == 404


@pytest.mark.parametrize("key", ["0", "-1", "abc", str(2**63)])
@pytest.mark.parametrize(
    "path",
    [
        "/w/ai/documents/?after={}",
        "/w/ai/events/?after={}",
        "/w/ai/events/?upcoming_after={}",
        "/w/ai/self-assessment/?after={}",
    ],
)
def test_a_batch_key_out_of_range_is_read_as_none(app, world, path, key):
    assert signed_in(app, world.member).get(path.format(key)).status_code == 200
