"""The flood limit and the allow-list, with a hand-driven clock."""

from bot.front.telegram.guards import Access, FloodGuard, Verdict
from tests.front.telegram.clock import FakeClock


def test_flood_guard_warns_once_then_ignores_until_the_cooldown_ends():
    clock = FakeClock()
    guard = FloodGuard(limit=3, window=60, cooldown=120, clock=clock)
    assert [guard.check(1) for _ in range(3)] == [Verdict.ALLOW] * 3
    assert guard.check(1) is Verdict.WARN
    assert [guard.check(1) for _ in range(5)] == [Verdict.IGNORE] * 5
    clock.advance(119)
    assert guard.check(1) is Verdict.IGNORE
    clock.advance(1)
    assert guard.check(1) is Verdict.ALLOW
    assert guard.limited == 1


def test_flood_guard_is_per_user():
    guard = FloodGuard(limit=2, window=60, cooldown=60, clock=FakeClock())
    for _ in range(10):
        guard.check(1)
    assert guard.check(2) is Verdict.ALLOW and guard.check(2) is Verdict.ALLOW


def test_flood_guard_window_slides():
    clock = FakeClock()
    guard = FloodGuard(limit=3, window=60, cooldown=60, clock=clock)
    for _ in range(3):
        assert guard.check(1) is Verdict.ALLOW
        clock.advance(25)  # requests at 0, 25, 50
    assert guard.check(1) is Verdict.ALLOW  # at 75: the one at 0 has left the window
    assert guard.check(1) is Verdict.WARN  # at 75 again: 25, 50, 75 are in the window


def test_a_steady_human_pace_is_never_limited():
    clock = FakeClock()
    guard = FloodGuard(limit=12, window=60, cooldown=60, clock=clock)
    for _ in range(500):
        assert guard.check(1) is Verdict.ALLOW
        clock.advance(5)  # a question every 5 seconds, for 40 minutes


def test_flood_guard_disabled_with_zero_limit():
    guard = FloodGuard(limit=0, clock=FakeClock())
    assert all(guard.check(1) is Verdict.ALLOW for _ in range(1000))


def test_flood_guard_memory_is_bounded():
    clock = FakeClock()
    guard = FloodGuard(limit=5, window=60, cooldown=60, clock=clock, max_users=100)
    for user in range(1000):
        guard.check(user)
        clock.advance(1)
    assert len(guard._users) <= 100


def test_access_without_allow_list_serves_everybody():
    access = Access()
    assert access.allows(-100, 5) and access.allows(None, 5) and not access.is_admin(5)


def test_access_with_allow_list():
    access = Access(allowed_chats=frozenset({-100, 42}), admins=frozenset({7}))
    assert access.allows(-100, 5) and access.allows(42, 42)
    assert not access.allows(-200, 7)  # an admin in an unlisted group: still not served
    assert access.allows(7, 7)  # an admin's own private chat
    assert not access.allows(5, 5)
    assert access.allows(None, 42) and access.allows(None, 7) and not access.allows(None, 5)
    assert access.is_admin(7) and not access.is_admin(42) and not access.is_admin(None)
