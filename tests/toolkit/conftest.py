"""Fixtures of the self-assessment's tests: a workspace, one account per role, an outsider,
and the demo's two questionnaires loaded."""

from dataclasses import dataclass

import pytest

from hub.auth.models import User
from hub.extensions import db
from hub.workspaces.models import Workspace
from tests.support import make_workspace, role_accounts
from wiki.toolkit.demo import load_demo_questionnaires
from wiki.toolkit.models import Questionnaire


@dataclass
class Toolkit:
    workspace: Workspace
    readiness: Questionnaire
    risk: Questionnaire
    admin: User
    moderator: User
    member: User
    other_member: User
    outsider: User

    def url(self, *parts: object) -> str:
        return "/".join([f"/w/{self.workspace.slug}/self-assessment", *map(str, parts)])


@pytest.fixture
def toolkit() -> Toolkit:
    workspace = make_workspace("ai")
    accounts = role_accounts(workspace)
    questionnaires = load_demo_questionnaires()
    db.session.commit()
    return Toolkit(workspace, questionnaires["readiness"], questionnaires["risk"], **accounts)
