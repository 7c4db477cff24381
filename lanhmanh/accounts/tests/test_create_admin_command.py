import pytest
from django.core.management import CommandError, call_command

from lanhmanh.accounts.models import Role, User


def test_it_creates_a_scoped_administrator_with_the_password_from_the_environment(world, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "Mot-mat-khau-dai-2026")
    call_command("create_admin", "quantri", "--scope", "99")
    user = User.objects.get(username="quantri")
    assert (user.role, user.scope) == (Role.ADMIN, world.province)
    assert user.check_password("Mot-mat-khau-dai-2026")


def test_it_refuses_an_unknown_scope_and_a_weak_password_and_creates_nobody(world, monkeypatch):
    monkeypatch.setenv("ADMIN_PASSWORD", "Mot-mat-khau-dai-2026")
    with pytest.raises(CommandError, match="--scope 12345"):
        call_command("create_admin", "quantri", "--scope", "12345")
    monkeypatch.setenv("ADMIN_PASSWORD", "123")
    with pytest.raises(CommandError, match="password"):
        call_command("create_admin", "quantri", "--scope", "99")
    assert not User.objects.filter(username="quantri").exists()
