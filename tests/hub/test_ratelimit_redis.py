"""With RATELIMIT_STORAGE_URI pointing at Redis, every worker process shares the sign-in limits.

Two separate processes stand in for two gunicorn workers: failures counted by the first
block the second. With the in-memory default they would not (that is the point of Redis).
"""

import json
import socket
import subprocess
import sys
import uuid
from pathlib import Path

import pytest

REDIS_HOST, REDIS_PORT = "127.0.0.1", 6379

pytestmark = pytest.mark.backend_independent

WORKER = """
import json, sys
from config import TestingConfig
from hub import create_app
from hub.extensions import db

instance, storage, prefix, attempts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
app = create_app(
    TestingConfig,
    instance_path=instance,
    SQLALCHEMY_DATABASE_URI=f"sqlite:///{instance}/worker.sqlite3",
    RATELIMIT_STORAGE_URI=storage,
    RATELIMIT_KEY_PREFIX=prefix,
)
with app.app_context():
    db.create_all()
client = app.test_client()
attempt = {"email": "someone@example.org", "password": "wrong-password-1"}
codes = [client.post("/auth/login", data=attempt).status_code for _ in range(attempts)]
print(json.dumps(codes))
"""


def redis_reachable() -> bool:
    try:
        with socket.create_connection((REDIS_HOST, REDIS_PORT), timeout=1):
            return True
    except OSError:
        return False


def run_worker(instance: Path, storage: str, prefix: str, attempts: int) -> list[int]:
    result = subprocess.run(
        [sys.executable, "-c", WORKER, str(instance), storage, prefix, str(attempts)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=Path(__file__).resolve().parents[2],
        check=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize(
    ("storage", "second_worker_blocked"),
    [(f"redis://{REDIS_HOST}:{REDIS_PORT}/15", True), ("memory://", False)],
    ids=["redis-shared", "memory-per-process"],
)
def test_sign_in_limit_is_shared_between_processes_through_redis(
    tmp_path, storage, second_worker_blocked
):
    if storage.startswith("redis") and not redis_reachable():
        pytest.skip(f"Redis is not running on {REDIS_HOST}:{REDIS_PORT}")
    prefix = f"test-{uuid.uuid4().hex}"
    first = run_worker(tmp_path, storage, prefix, attempts=5)
    assert first == [200] * 5  # five failures, each answered with the sign-in form
    second = run_worker(tmp_path, storage, prefix, attempts=1)
    assert second == ([429] if second_worker_blocked else [200])
