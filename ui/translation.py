"""The window's language: our catalogue (``desktop.i18n``) and Qt's own text
(standard buttons, context menus, file and print dialogs) from the ``qtbase``
catalogue that ships in PySide6's translations folder."""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, QTranslator

from desktop import i18n

_installed: list[QTranslator] = []


def install_qt_translations(app: QCoreApplication) -> bool:
    """Give Qt's own text the language ``desktop.i18n`` has installed (none for
    English). Returns whether a Qt catalogue is installed."""
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    language = i18n.language()
    if language == i18n.SOURCE_LANGUAGE:
        return False
    translator = QTranslator(app)
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if not translator.load(QLocale(language), "qtbase", "_", folder):
        return False
    app.installTranslator(translator)
    _installed.append(translator)
    return True


def use_language(language: str | None, app: QCoreApplication | None = None) -> str:
    """Switch both catalogues (``None``: the system's language); windows built
    afterwards show it. Returns the language now in use."""
    chosen = i18n.setup(language)
    app = app or QCoreApplication.instance()
    if app is not None:
        install_qt_translations(app)
    return chosen
