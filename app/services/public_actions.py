"""Actions as the public sees them: an action carried into follow-up rounds is one action.

A follow-up round carries its predecessor's open actions over (``Action.carried_from_id``,
see ``app.services.preparation``). Public outputs (the aimag report, its downloads and
PDF, the facility page) show each such chain once: its current state is that of its
latest visible round, and its history joins the dated updates and officials'
responses of every round it passed through (:func:`scorecards.followup.action_chains`).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from app.models import Action, ActionUpdate, OfficialResponse, Round, RoundIndicator
from scorecards.followup import action_chains


@dataclass(frozen=True)
class PublicAction:
    """One action with its whole history; ``links`` are its rounds' actions, oldest first."""

    links: tuple[Action, ...]

    @property
    def current(self) -> Action:
        """The action in its latest visible round: its state is the action's state."""
        return self.links[-1]

    @property
    def id(self) -> int:
        """The id officials answer to: the action in its latest visible round."""
        return self.current.id

    @property
    def round(self) -> Round:
        """The latest visible round of the action."""
        return self.current.round

    @property
    def round_indicator(self) -> RoundIndicator | None:
        """The indicator the action answers (from its latest round that names one)."""
        return next((a.round_indicator for a in reversed(self.links) if a.round_indicator), None)

    @property
    def description(self) -> str:
        """What is to be done, as last written."""
        return self.current.description

    @property
    def status(self) -> str:
        """The current status (planned, in progress, done, dropped)."""
        return self.current.status

    @property
    def responsible(self) -> str:
        """Who is responsible now."""
        return self.current.responsible

    @property
    def due_date(self) -> date | None:
        """The current due date."""
        return self.current.due_date

    @property
    def completed_on(self) -> date | None:
        """When it was done, if it is."""
        return self.current.completed_on

    @property
    def periods(self) -> list[str]:
        """The period of every round the action passed through, oldest first."""
        return [a.round.period_label for a in self.links]

    @property
    def carried(self) -> bool:
        """Whether the action passed through more than one round."""
        return len(self.links) > 1

    @property
    def updates(self) -> list[ActionUpdate]:
        """Every round's dated progress updates, in date order."""
        merged = [u for a in self.links for u in a.updates]
        return sorted(merged, key=lambda u: (u.on_date, u.id or 0))

    @property
    def official_responses(self) -> list[OfficialResponse]:
        """Officials' answers given in any round of the action, oldest first."""
        merged = [r for a in self.links for r in a.official_responses]
        return sorted(merged, key=lambda r: (r.created_at, r.id or 0))


def one_per_action(actions: list[Action]) -> list[PublicAction]:
    """``actions`` with each carried chain collapsed into one :class:`PublicAction`,
    in the order of each chain's latest action in ``actions``."""
    position = {a.id: index for index, a in enumerate(actions)}
    chains = action_chains(actions)
    chains.sort(key=lambda chain: position[chain[-1].id])
    return [PublicAction(tuple(chain)) for chain in chains]
