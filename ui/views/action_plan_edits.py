"""The Action plans view's edits: a new plan, deleting one (asked first), and
adding or removing its goals and target accounts. Each is a write; its change
record updates the view."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from desktop.i18n import _
from desktop.services.base import Saved
from desktop.services.validation import ValidationError
from desktop.store.changes import Changes
from ui.views.account_people import selected_row

if TYPE_CHECKING:
    from ui.views.action_plans_view import ActionPlansView


class PlanEdits:
    """The edits of ``view``'s chosen plan and its selected goal or target."""

    def __init__(self, view: ActionPlansView) -> None:
        self.view = view

    def new_plan(self) -> Any:
        from ui.dialogs.action_plan_dialogs import NewPlanDialog

        today = self.view.services.clock().astimezone().date()
        plans = self.view.services.action_plans

        def create(v: dict[str, Any]) -> Saved:
            return plans.create(v["name"], v["period_start"], v["period_end"])

        dialog = NewPlanDialog(create, today, parent=self.view, ops=self.view.ops)
        return self.view.open_dialog(dialog, self._created)

    def _created(self, saved: Saved | None) -> None:
        """The dialog's write published the new plan; show it."""
        if saved is None:
            return
        self.view.plan_id = saved.id
        self.view.refresh()
        self.view.select_plan(saved.id)

    def delete_plan(self) -> bool:
        """Asks first; True when the delete was started."""
        if self.view.progress is None or not self.view.prompts.confirm(
                self.view, _("Delete plan"),
                _("Delete the plan \u201c{name}\u201d with its goals "
                  "and targets?").format(name=self.view.progress.name)):
            return False
        plans, plan_id = self.view.services.action_plans, self.view.progress.plan_id
        self.view.write(_("Delete plan"), lambda: plans.delete(plan_id))
        return True

    def add_goal(self) -> Any:
        from ui.dialogs.action_plan_dialogs import GoalDialog

        plan_id, plans = self.view.plan_id, self.view.services.action_plans
        if plan_id is None:
            return None

        def add(v: dict[str, Any]) -> Saved:
            return plans.add_goal(plan_id, v["channel"], v["segment"], v["target_count"])

        dialog = GoalDialog(add, parent=self.view, ops=self.view.ops)
        return self.view.open_dialog(dialog, lambda _saved: None)

    def remove_goal(self) -> None:
        row = selected_row(self.view.goal_list)
        if row is not None:
            plans, goal_id = self.view.services.action_plans, self.view.goals.row_at(row).goal_id
            self.view.write(_("Remove goal"), lambda: plans.remove_goal(goal_id))

    def add_targets(self) -> Any:
        from ui.dialogs.action_plan_dialogs import TargetDialog

        plan_id, plans = self.view.plan_id, self.view.services.action_plans
        if plan_id is None:
            return None

        def add(v: dict[str, Any]) -> Changes:
            if not v["account_ids"]:
                raise ValidationError({"": _("Select the accounts to add first.")})
            return plans.add_targets(plan_id, v["account_ids"], v["purpose"])

        dialog = TargetDialog(add, self.view.services, parent=self.view, ops=self.view.ops)
        return self.view.open_dialog(dialog, lambda _changes: None)

    def remove_target(self) -> None:
        row = selected_row(self.view.target_list)
        if row is not None:
            plans, target_id = self.view.services.action_plans, self.view.targets.row_at(row).id
            self.view.write(_("Remove target"), lambda: plans.remove_target(target_id))
