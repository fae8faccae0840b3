"""The settings file: typed, versioned, robust against damage, saved atomically."""

from __future__ import annotations

import json
from dataclasses import asdict
from pathlib import Path

import pytest

from desktop.settings import VERSION, Settings, SettingsFile


@pytest.fixture
def path(tmp_path: Path) -> Path:
    return tmp_path / "config" / "settings.json"


CUSTOM = Settings(current_user_id="ab" * 16, home_region="DE", stale_contact_days=30,
                  demo_accounts=50, offered_demo_data=True, timeline_channels=["phone", "visit"])


def test_round_trip(path: Path) -> None:
    SettingsFile(path).save(CUSTOM)  # creates the missing folder, too
    assert SettingsFile(path).load() == CUSTOM
    stored = json.loads(path.read_text(encoding="utf-8"))
    assert stored == {"version": VERSION, **asdict(CUSTOM)}


def test_saving_again_replaces_the_values(path: Path) -> None:
    settings_file = SettingsFile(path)
    settings_file.save(CUSTOM)
    settings_file.save(Settings(home_region="MX"))
    assert settings_file.load() == Settings(home_region="MX")


def test_defaults_when_missing(path: Path) -> None:
    loaded = SettingsFile(path).load()
    assert loaded == Settings()
    assert (loaded.current_user_id, loaded.home_region, loaded.stale_contact_days) == (
        None, "US", 90)
    assert loaded.timeline_channels == [] and loaded.offered_demo_data is False
    assert not path.exists()  # loading does not write


def test_default_lists_are_not_shared() -> None:
    a, b = Settings(), Settings()
    a.timeline_channels.append("phone")
    assert b.timeline_channels == []


def test_missing_keys_take_defaults(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": VERSION, "home_region": "GB"}), encoding="utf-8")
    assert SettingsFile(path).load() == Settings(home_region="GB")


def test_file_without_version_is_read_as_current(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"stale_contact_days": 14}), encoding="utf-8")
    assert SettingsFile(path).load() == Settings(stale_contact_days=14)


def test_unknown_keys_are_ignored(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": VERSION, "sync_token": "secret", "demo_accounts": 7}),
                    encoding="utf-8")
    loaded = SettingsFile(path).load()
    assert loaded == Settings(demo_accounts=7)
    assert not hasattr(loaded, "sync_token")


@pytest.mark.parametrize("content", ["{not json", "", "{\"home_region\": \"DE\"", "\x00\x01"])
def test_damaged_file_is_moved_aside(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    assert SettingsFile(path).load() == Settings()
    aside = path.with_name("settings.damaged.json")
    assert aside.read_text(encoding="utf-8") == content  # kept for inspection
    assert not path.exists()
    SettingsFile(path).save(CUSTOM)  # and the app can save again
    assert SettingsFile(path).load() == CUSTOM


def test_undecodable_file_is_moved_aside(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_bytes(b"\xff\xfe{\x00")
    assert SettingsFile(path).load() == Settings()
    assert path.with_name("settings.damaged.json").read_bytes() == b"\xff\xfe{\x00"


@pytest.mark.parametrize("content", ["[1, 2]", "\"text\"", "42", "null"])
def test_json_that_is_not_an_object_counts_as_damaged(path: Path, content: str) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(content, encoding="utf-8")
    assert SettingsFile(path).load() == Settings()
    assert path.with_name("settings.damaged.json").exists()


def test_non_numeric_version_counts_as_damaged(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": "one", "home_region": "DE"}), encoding="utf-8")
    assert SettingsFile(path).load() == Settings()


@pytest.mark.parametrize(
    ("key", "value"),
    [
        ("home_region", 49),
        ("home_region", None),
        ("stale_contact_days", "90"),
        ("stale_contact_days", True),  # a bool is not an int here
        ("stale_contact_days", 1.5),
        ("demo_accounts", None),
        ("offered_demo_data", "yes"),
        ("offered_demo_data", 1),
        ("current_user_id", 123),
        ("current_user_id", ["ab"]),
        ("timeline_channels", "phone"),
        ("timeline_channels", {"phone": True}),
    ],
)
def test_wrong_typed_values_fall_back_to_defaults(path: Path, key: str, value: object) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": VERSION, key: value, "home_region": "DE"
                                if key != "home_region" else value}), encoding="utf-8")
    loaded = SettingsFile(path).load()
    assert getattr(loaded, key) == getattr(Settings(), key)
    if key != "home_region":
        assert loaded.home_region == "DE"  # the good values are kept


def test_list_items_are_type_checked(path: Path) -> None:
    path.parent.mkdir(parents=True)
    path.write_text(json.dumps({"version": VERSION, "timeline_channels": [1, None]}),
                    encoding="utf-8")
    assert SettingsFile(path).load().timeline_channels == []


def test_optional_value_may_be_null(path: Path) -> None:
    SettingsFile(path).save(CUSTOM)
    data = json.loads(path.read_text(encoding="utf-8"))
    data["current_user_id"] = None
    path.write_text(json.dumps(data), encoding="utf-8")
    assert SettingsFile(path).load().current_user_id is None


def test_save_is_atomic_and_leaves_no_temp_files(path: Path) -> None:
    settings_file = SettingsFile(path)
    for n in range(3):
        settings_file.save(Settings(demo_accounts=n))
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]
    assert settings_file.load().demo_accounts == 2


def test_save_replaces_rather_than_rewrites(path: Path) -> None:
    settings_file = SettingsFile(path)
    settings_file.save(CUSTOM)
    before = path.stat().st_ino
    settings_file.save(Settings())
    assert path.stat().st_ino != before  # a new file renamed over the old one


def test_failed_save_keeps_the_old_file(path: Path) -> None:
    settings_file = SettingsFile(path)
    settings_file.save(CUSTOM)
    with pytest.raises(TypeError):
        settings_file.save(Settings(timeline_channels=[object()]))  # type: ignore[list-item]
    assert settings_file.load() == CUSTOM


def test_failed_save_leaves_no_temp_file(path: Path) -> None:
    settings_file = SettingsFile(path)
    settings_file.save(CUSTOM)
    with pytest.raises(TypeError):
        settings_file.save(Settings(timeline_channels=[object()]))  # type: ignore[list-item]
    assert sorted(p.name for p in path.parent.iterdir()) == ["settings.json"]


def test_a_caches_own_settings_live_beside_it(tmp_path: Path, path: Path) -> None:
    """Who works in a cache and its server are the cache's: another cache on the
    same machine shows its own; preferences are shared by both."""
    a, b = tmp_path / "a.sqlite3", tmp_path / "b.sqlite3"
    first = SettingsFile(path, cache=a)
    first.save(Settings(current_user_id="aa" * 16, sync_server_url="https://one.example",
                        sync_login="ann", home_region="DE"))
    second = SettingsFile(path, cache=b)
    loaded_b = second.load()
    assert (loaded_b.current_user_id, loaded_b.sync_server_url, loaded_b.sync_login) == (
        None, None, None)
    assert loaded_b.home_region == "DE"  # a machine preference
    loaded_b.current_user_id, loaded_b.sync_login = "bb" * 16, "bob"
    second.save(loaded_b)
    again_a = SettingsFile(path, cache=a).load()
    assert (again_a.current_user_id, again_a.sync_login) == ("aa" * 16, "ann")
    assert SettingsFile(path, cache=b).load().sync_login == "bob"
    assert (tmp_path / "a.settings.json").exists() and (tmp_path / "b.settings.json").exists()
    machine = json.loads(path.read_text(encoding="utf-8"))
    assert "current_user_id" not in machine and "sync_login" not in machine


def test_the_default_cache_keeps_what_the_machine_file_held(
        tmp_path: Path, path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Before, the user and server lived in the one machine file: the default
    cache takes them from there once; any other cache starts local only."""
    import desktop.settings as settings_module

    default = tmp_path / "data" / "fieldbook.sqlite3"
    monkeypatch.setattr(settings_module, "default_db_path", lambda: default)
    SettingsFile(path).save(Settings(current_user_id="cc" * 16, sync_login="cara"))
    assert SettingsFile(path, cache=default).load().sync_login == "cara"
    assert SettingsFile(path, cache=tmp_path / "other.sqlite3").load().sync_login is None
