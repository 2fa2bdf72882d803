from tests.support import login, make_membership, make_user, make_workspace


def test_sign_in_and_see_workspace(client):
    workspace = make_workspace()
    user = make_user("member@example.org")
    make_membership(workspace, user)
    response = login(client, "member@example.org")
    assert response.status_code == 302
    page = client.get("/w/ai/")
    assert page.status_code == 200
    assert b"A test workspace." in page.data
