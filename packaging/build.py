"""Build the desktop bundle: ``python packaging/build.py [--smoke]``.

PyInstaller one-folder build from ``packaging/fieldbook.spec`` into
``build/bundle/dist/fieldbook``, with the Linux launcher entry, AppStream
metainfo and icons in the standard sizes laid out under ``share/`` beside it
(validated with ``desktop-file-validate`` and ``appstreamcli`` when they are
installed; ``--strict`` requires them). ``--smoke`` then runs packaging/smoke.py.

A script, not ``python -m packaging.build``: a ``packaging`` package here would
hide the PyPI ``packaging`` that pip, setuptools and PyInstaller import.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
HERE = ROOT / "packaging"
OUT = ROOT / "build" / "bundle"
BUNDLE = OUT / "dist" / "fieldbook"
APP_ID = "app.fieldbook.Fieldbook"
ICON_SIZES = (16, 24, 32, 48, 64, 128, 256)
LIMIT_MB = 400


def compile_catalogues() -> None:
    """The .mo files next to their .po (what ``pip install -e .`` does too)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    for po in sorted((ROOT / "resources" / "translations").glob("*/LC_MESSAGES/*.po")):
        with po.open("rb") as fh:
            catalog = read_po(fh, locale=po.parent.parent.name)
        with po.with_suffix(".mo").open("wb") as fh:
            write_mo(fh, catalog)


def build() -> None:
    import PyInstaller.__main__

    PyInstaller.__main__.run([str(HERE / "fieldbook.spec"), "--noconfirm", "--log-level",
                              "WARN", "--distpath", str(OUT / "dist"), "--workpath",
                              str(OUT / "work")])


def lay_out_share(bundle: Path) -> Path:
    """share/applications, share/metainfo and share/icons/hicolor inside the bundle."""
    share = bundle / "share"
    apps, meta = share / "applications", share / "metainfo"
    for folder in (apps, meta):
        folder.mkdir(parents=True, exist_ok=True)
    shutil.copy(HERE / "linux" / f"{APP_ID}.desktop", apps)
    shutil.copy(HERE / "linux" / f"{APP_ID}.metainfo.xml", meta)
    icons = ROOT / "resources" / "icons"
    for size in ICON_SIZES:
        target = share / "icons" / "hicolor" / f"{size}x{size}" / "apps"
        target.mkdir(parents=True, exist_ok=True)
        shutil.copy(icons / "png" / f"app-{size}.png", target / f"{APP_ID}.png")
    scalable = share / "icons" / "hicolor" / "scalable" / "apps"
    scalable.mkdir(parents=True, exist_ok=True)
    shutil.copy(icons / "app.svg", scalable / f"{APP_ID}.svg")
    return share


def validate(share: Path, strict: bool) -> None:
    checks = [["desktop-file-validate", str(share / "applications" / f"{APP_ID}.desktop")],
              ["appstreamcli", "validate", "--no-net", "--explain",
               str(share / "metainfo" / f"{APP_ID}.metainfo.xml")]]
    for command in checks:
        if shutil.which(command[0]) is None:
            if strict:
                raise SystemExit(f"build: {command[0]} is not installed")
            print(f"build: {command[0]} not installed; not validated", file=sys.stderr)
            continue
        subprocess.run(command, check=True)
        print(f"build: {command[0]}: valid")


def size_mb(folder: Path) -> float:
    """Bytes on disk in MB, each file once (PyInstaller links some into place)."""
    return sum(p.lstat().st_size for p in folder.rglob("*")
               if p.is_file() and not p.is_symlink()) / 1e6


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--smoke", action="store_true", help="run the smoke test after")
    parser.add_argument("--strict", action="store_true",
                        help="fail when the .desktop/AppStream validators are missing")
    parser.add_argument("--no-build", action="store_true", help="reuse the last build")
    args = parser.parse_args(argv)
    started = time.perf_counter()
    if not args.no_build:
        compile_catalogues()
        build()
    validate(lay_out_share(BUNDLE), args.strict)
    size = size_mb(BUNDLE)
    print(f"build: {BUNDLE} {size:.0f} MB (limit {LIMIT_MB} MB) in "
          f"{time.perf_counter() - started:.0f} s")
    if size > LIMIT_MB:
        print(f"build: the bundle is over {LIMIT_MB} MB", file=sys.stderr)
        return 1
    if args.smoke:
        return subprocess.run([sys.executable, str(HERE / "smoke.py"), str(BUNDLE)]).returncode
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
