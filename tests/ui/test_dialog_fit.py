"""Every dialog fits a 1366x768 laptop, at 100 % and at 125 % scale, with its
buttons on the screen.

Each scale runs in a child process whose offscreen screen is that laptop's
(Qt's offscreen platform takes its screens from a JSON file): 1366x768 logical
pixels at 100 %, 1093x614 at 125 % (device pixel ratio 1.25). The child opens
every dialog over a small book (a proposal with many lines, an order ready to
ship, a trip) as the app opens them, and reports where each window and its
buttons are; the test checks they lie inside the screen.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

CHILD = r"""
import json, sys
from datetime import timedelta
from pathlib import Path
from PySide6.QtCore import QPoint, QRect, QSettings
from PySide6.QtWidgets import QApplication, QDialog, QDialogButtonBox
from desktop.settings import SettingsFile
from tests.desktop.test_proposals import _setup
from tests.ui.conftest import ScriptedPrompts, seed
from ui.app import Fieldbook, make_qapp
from ui.tasks import ImmediateRunner

scratch = Path(sys.argv[1])
app = make_qapp()
prompts = ScriptedPrompts()
fb = Fieldbook.build(scratch / "cache.sqlite3", SettingsFile(scratch / "s.json"), prompts,
                     ImmediateRunner(),
                     QSettings(str(scratch / "q.ini"), QSettings.Format.IniFormat),
                     threaded_writer=False)
services, ops, window = fb.services, fb.ops, fb.window
write = services.store.writer.call
seed(services)
account, wrap = write(lambda: _setup(services))
proposal = write(lambda: services.proposals.create(account).id)
for n in range(12):
    write(lambda n=n: services.proposals.add_line(
        proposal, {"description": f"Service item {n}", "unit_price": "100", "quantity": 1}))
order = write(lambda: services.orders.create(
    account, [{"product_id": wrap, "quantity": 5 + n} for n in range(6)]).id)
for step in ("confirmed", "allocated", "picked"):
    write(lambda s=step: services.orders.advance(order, s))
today = services.clock().date()
services.settings.home_latitude, services.settings.home_longitude = 39.78, -89.65  # Springfield
trip = write(lambda: services.trips.create("Central Illinois", today + timedelta(days=1), 3).id)
problem = services.trips.problem(trip)
window.show()
screen = app.primaryScreen()
room = screen.availableGeometry()

def rect(widget):
    return QRect(widget.mapToGlobal(QPoint(0, 0)), widget.size())

def box(r):
    return [r.x(), r.y(), r.width(), r.height()]

report = {"screen": box(room), "ratio": screen.devicePixelRatio(), "dialogs": {}}

def check(name, dialog, buttons):
    dialog.open()
    app.processEvents()
    report["dialogs"][name] = {
        "frame": box(dialog.frameGeometry()), "window": box(rect(dialog)),
        "buttons": [box(rect(b)) for b in buttons],
        "visible": [b.isVisible() for b in buttons],
        "scrolls": bool(getattr(dialog, "scroll_area", None)
                        and dialog.scroll_area.verticalScrollBar().isVisible())}
    QDialog.done(dialog, 0)
    dialog.deleteLater()
    app.processEvents()

def form(name, dialog):
    check(name, dialog, [dialog.save_button,
                         dialog.button_box.button(dialog.button_box.StandardButton.Cancel)])

from ui.dialogs.action_plan_dialogs import GoalDialog, NewPlanDialog, TargetDialog
from ui.dialogs.contact_dialog import ContactDialog
from ui.dialogs.expedite import ExpediteDialog
from ui.dialogs.follow_up import FollowUpDialog
from ui.dialogs.log_interaction import LogInteractionDialog
from ui.dialogs.new_account import NewAccountDialog
from ui.dialogs.new_order import NewOrderDialog
from ui.dialogs.new_proposal import NewProposalDialog
from ui.dialogs.order_step import OrderStepDialog
from ui.dialogs.pdf_preview import PdfPreview
from ui.dialogs.proposal_editor import ProposalEditor
from ui.dialogs.reserve_quote import ReserveQuoteDialog
from ui.dialogs.target_picker import TargetPicker
from ui.dialogs.trip_dialogs import DayDialog, NewTripDialog, StopDialog

detail = services.reader.detail(account)
submit = lambda values: None
form("new account", NewAccountDialog(services, window, ops=ops))
form("contact", ContactDialog(services, account, parent=window, ops=ops))
log = LogInteractionDialog(services, account, "Keller", detail.contacts, window, ops=ops)
log.follow_up.setChecked(True)
form("log interaction", log)
form("new proposal", NewProposalDialog(services, None, window, ops=ops))
form("proposal editor", ProposalEditor(services, fb.bus, prompts, fb.tasks, proposal, window,
                                       ops=ops))
new_order = NewOrderDialog(services, window, ops=ops)
for _n in range(6):
    new_order.add_selected()
form("new order", new_order)
step = OrderStepDialog(services, order, "SO-1", window, ops=ops)
step.step.setCurrentIndex(step.step.findData("shipped"))
form("order step (ship)", step)
form("expedite", ExpediteDialog(services, order, "SO-1", parent=window, ops=ops))
form("reserve for a quote", ReserveQuoteDialog(services, window, ops=ops))
form("new trip", NewTripDialog(submit, today, "Home, 62702", window, ops=ops))
form("trip day", DayDialog(submit, {"lunch_minutes": 30}, "Day 1", window, ops=ops))
stop = StopDialog(submit, {}, "Stop", "America/Chicago", today, window, ops=ops)
stop.appointment.setChecked(True)
form("trip stop", stop)
form("new action plan", NewPlanDialog(submit, today, window, ops=ops))
form("goal", GoalDialog(submit, window, ops=ops))
form("target accounts", TargetDialog(submit, services, window, ops=ops))
picker = TargetPicker(services, trip, problem, window, ops=ops)
check("pick targets", picker, [picker.add_selected, picker.add_all])
follow = FollowUpDialog(prompts, today, window)
check("follow-up", follow, [follow.buttons.button(follow.buttons.StandardButton.Ok)])
preview = PdfPreview("Preview", "x.pdf", lambda: b"%PDF-1.4", prompts, fb.tasks, window,
                     accept_text="Mark as sent", on_accept=lambda pdf: None)
check("pdf preview", preview, [preview.print_button, preview.save_button])
from ui.dialogs.convert_lead import ConvertLeadDialog
from ui.dialogs.lead_capture import LeadCaptureDialog
from ui.dialogs.merge_dialog import MergeDialog
capture = LeadCaptureDialog(services, window, ops=ops)
capture.fields["source"].setCurrentIndex(capture.fields["source"].findData("referral"))
capture.fields["company"].setText("Keller Industrial Supply LLC")  # a duplicate shows
capture.duplicates.check_now()
form("lead capture", capture)
lead = write(lambda: services.leads.capture({"source": "web", "company": "Zephyr Mills",
                                             "first_name": "Zoe", "last_name": "Park"}).id)
form("convert lead", ConvertLeadDialog(services, services.lead_list.row(lead), window, ops=ops))
other = write(lambda: services.accounts.create_account({"name": "Keller Inc."}).id)
form("merge", MergeDialog(services, "accounts", account, other, window, ops=ops))
from tests.desktop.test_opportunities import seed_stages
from ui.dialogs.history_dialog import HistoryDialog
from ui.dialogs.opportunity_dialog import OpportunityDialog
maria = write(lambda: services.accounts.add_contact(
    account, {"first_name": "Maria", "last_name": "Gonzalez"}).id)
edit = ContactDialog(services, account, maria, {"first_name": "Maria"}, window, ops=ops)
check("edit contact", edit, [edit.save_button, edit.history_button])
write(lambda: seed_stages(services))
deal = write(lambda: services.opportunities.create(
    {"account_id": account, "name": "Dock doors", "close_date": today}).id)
opp = OpportunityDialog(services, ops, opp_id=deal, parent=window)
check("edit opportunity", opp, [opp.save_button, opp.history_button])
changes = HistoryDialog(services, ops.reads, "opportunities", deal, "Dock doors", window)
check("change history", changes, [changes.findChild(QDialogButtonBox).buttons()[0]])
print(json.dumps(report))
"""

SCREENS = {  # logical size of a 1366x768 screen, device pixel ratio
    "100 %": (1366, 768, 1.0),
    "125 %": (1093, 614, 1.25),
}


def _inside(inner: list[int], outer: list[int]) -> bool:
    x, y, w, h = inner
    ox, oy, ow, oh = outer
    return ox <= x and oy <= y and x + w <= ox + ow and y + h <= oy + oh


@pytest.mark.parametrize("scale", list(SCREENS))
def test_every_dialog_fits_a_laptop_screen(tmp_path: Path, scale: str) -> None:
    width, height, ratio = SCREENS[scale]
    config = tmp_path / "screen.json"
    config.write_text(json.dumps({"screens": [{
        "name": "laptop", "x": 0, "y": 0, "width": width, "height": height,
        "logicalDpi": 96, "logicalBaseDpi": 96, "dpr": ratio}]}))
    env = {**os.environ, "QT_QPA_PLATFORM": f"offscreen:configfile={config}",
           "PYTHONPATH": str(ROOT)}
    result = subprocess.run([sys.executable, "-c", CHILD, str(tmp_path)], capture_output=True,
                            text=True, env=env, timeout=240, check=False, cwd=ROOT)
    assert result.returncode == 0, result.stderr[-3000:]
    report = json.loads(result.stdout.strip().splitlines()[-1])
    screen = report["screen"]
    assert screen[2:] == [width, height] and report["ratio"] == ratio
    assert len(report["dialogs"]) == 24
    for name, seen in report["dialogs"].items():
        assert _inside(seen["frame"], screen), f"{name} at {scale}: {seen['frame']}"
        assert all(seen["visible"]), f"{name} at {scale}: a button is hidden"
        for button in seen["buttons"]:
            assert _inside(button, seen["window"]), f"{name} at {scale}: {button} clipped"
            assert _inside(button, screen), f"{name} at {scale}: {button} off the screen"
    editor = report["dialogs"]["proposal editor"]
    assert editor["frame"][3] <= height  # 860 high where the screen allows; here it scrolls
