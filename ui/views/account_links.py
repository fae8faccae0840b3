"""The account page's links and region: the broker or partner who brings the
client's business, its parent account, where it sits in its hierarchy (the
parents up to the top, the branches under it: click one to open it), and the
currency and locale its documents use.

Part of the account form: its four fields are saved with the others (the form
asks ``current()`` and ``set_value()``), the hierarchy is read off the GUI
thread whenever an account is shown. The choices are checked lists: ISO 4217
currencies and CLDR locales from babel, brokers and partners only."""

from __future__ import annotations

import uuid
from functools import cache
from html import escape

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QWidget

from desktop.i18n import _
from desktop.services.account_hierarchy import BROKER_KINDS, Hierarchy, Link
from desktop.services.container import Services
from ui.operations import Operations
from ui.widgets.account_picker import AccountPicker
from ui.widgets.form_support import FieldErrors

NAMES = ("currency", "locale", "broker_id", "parent_id")
LOCALES = ("en_US", "en_CA", "en_GB", "en_AU", "es_US", "es_MX", "es_ES", "fr_CA", "fr_FR",
           "de_DE", "de_AT", "de_CH", "it_IT", "nl_NL", "pt_BR", "pt_PT", "pl_PL", "sv_SE",
           "da_DK", "nb_NO", "fi_FI", "ja_JP", "zh_CN", "ko_KR")


@cache
def currencies() -> tuple[tuple[str, str], ...]:
    """(code, "USD - US Dollar") for every ISO 4217 currency babel knows."""
    from babel.numbers import get_currency_name, list_currencies

    return tuple((code, f"{code} – {get_currency_name(code, locale='en')}")
                 for code in sorted(list_currencies()))


def locale_name(code: str) -> str:
    from babel import Locale

    try:
        return f"{Locale.parse(code).get_display_name('en')} ({code})"
    except (ValueError, TypeError):
        return code


class AccountLinks(QGroupBox):
    open_account = Signal(object)  # an account id the rep clicked in the hierarchy
    edited = Signal()

    def __init__(self, services: Services, ops: Operations, errors: FieldErrors,
                 parent: QWidget | None = None) -> None:
        super().__init__(_("Links and region"), parent)
        self.services, self.ops = services, ops
        self.account_id: uuid.UUID | None = None
        self._asked = 0
        self._names: dict[str, str] = {}  # account id (hex) -> name, as last read
        self.currency = QComboBox()
        self.currency.addItem("—", "")
        self.locale_box = QComboBox()
        self.locale_box.addItem("—", "")
        for code in LOCALES:
            self.locale_box.addItem(locale_name(code), code)
        self.broker = AccountPicker(services.account_list, ops.reads, kinds=BROKER_KINDS,
                                    none_text=_("— no broker —"))
        self.broker.search.setPlaceholderText(_("Type to find a broker or partner"))
        self.parent_picker = AccountPicker(services.account_list, ops.reads,
                                           none_text=_("— no parent —"))
        self.tree = QLabel()
        self.tree.setWordWrap(True)
        self.tree.setOpenExternalLinks(False)
        self.tree.setTextInteractionFlags(Qt.TextInteractionFlag.LinksAccessibleByMouse
                                          | Qt.TextInteractionFlag.LinksAccessibleByKeyboard)
        self.tree.linkActivated.connect(lambda href: self.open_account.emit(uuid.UUID(href)))
        for combo in (self.currency, self.locale_box, self.broker.choice,
                      self.parent_picker.choice):
            combo.currentIndexChanged.connect(lambda _i: self.edited.emit())
        for picker in (self.broker, self.parent_picker):  # a search's best match, chosen
            picker.changed.connect(lambda _id: self.edited.emit())
        form = QFormLayout(self)
        errors.add_row(form, _("Broker or partner"), "broker_id", self.broker)
        errors.add_row(form, _("Parent account"), "parent_id", self.parent_picker)
        form.addRow(_("Hierarchy"), self.tree)
        errors.add_row(form, _("Currency"), "currency", self.currency)
        errors.add_row(form, _("Language and region"), "locale", self.locale_box)

    def _filled(self) -> None:
        if self.currency.count() == 1:  # the long list, made on first use
            self.currency.blockSignals(True)
            for code, text in currencies():
                self.currency.addItem(text, code)
            self.currency.blockSignals(False)

    # -- the form's fields ---------------------------------------------------------
    def current(self) -> dict[str, str]:
        """The four fields as text: codes, and account ids as 32 hex digits."""
        broker, parent = self.broker.account_id(), self.parent_picker.account_id()
        return {"currency": str(self.currency.currentData() or ""),
                "locale": str(self.locale_box.currentData() or ""),
                "broker_id": broker.hex if broker else "",
                "parent_id": parent.hex if parent else ""}

    def set_value(self, name: str, text: str, shown: str = "") -> None:
        """Show ``text`` in field ``name`` (an account id's ``shown`` name when known)."""
        if name in ("currency", "locale"):
            self._filled()
            combo = self.currency if name == "currency" else self.locale_box
            combo.blockSignals(True)
            at = combo.findData(text)
            if at < 0 and text:
                combo.addItem(locale_name(text) if name == "locale" else text, text)
                at = combo.count() - 1
            combo.setCurrentIndex(max(at, 0))
            combo.blockSignals(False)
            return
        picker = self.broker if name == "broker_id" else self.parent_picker
        picker.choice.blockSignals(True)
        if text:
            account = uuid.UUID(hex=text)
            shown = shown or self._names.get(text, "")
            picker.set_account(account, shown or _("(reading…)"))
            if shown:
                picker.choice.setItemText(picker.choice.findData(account), shown)
        else:
            picker.choice.setCurrentIndex(0)
        picker.choice.blockSignals(False)

    # -- the hierarchy -------------------------------------------------------------
    def load(self, account_id: uuid.UUID | None) -> None:
        """Read the shown account's links (None: no account)."""
        self.account_id = account_id
        self._asked += 1
        if account_id is None:
            self.tree.setText("")
            return
        # The page's plain reader: the account service would load the ORM while painting.
        asked, reader = self._asked, self.services.reader
        self.ops.query(lambda: reader.hierarchy(account_id),
                       lambda links: self._read(asked, links), self)

    def _read(self, asked: int, links: Hierarchy) -> None:
        if asked != self._asked:
            return
        for known in (links.broker, *links.ancestors[:1]):
            if known is not None:
                self._names[known.id.hex] = known.name
        for name, link in (("broker_id", links.broker),
                           ("parent_id", links.ancestors[0] if links.ancestors else None)):
            picker = self.broker if name == "broker_id" else self.parent_picker
            if link is not None and picker.account_id() == link.id:
                self.set_value(name, link.id.hex, link.name)
        self.tree.setText(hierarchy_html(links))


def _a(link: Link) -> str:
    return f'<a href="{link.id.hex}">{escape(link.name)}</a>'


def hierarchy_html(links: Hierarchy) -> str:
    """Parents from the top down to this account, then its branches and, for a
    broker, the clients it brings; each a link."""
    lines = []
    if links.ancestors:
        lines.append(_("Under: {chain}").format(
            chain=" › ".join(_a(link) for link in reversed(links.ancestors))))
    if links.children:
        lines.append(_("Branches: {names}").format(
            names=", ".join(_a(link) for link in links.children)))
    if links.clients:
        lines.append(_("Brings: {names}").format(
            names=", ".join(_a(link) for link in links.clients[:12])
            + (_(" and {n} more").format(n=len(links.clients) - 12)
               if len(links.clients) > 12 else "")))
    return "<br>".join(lines) or escape(_("Not part of a group."))
