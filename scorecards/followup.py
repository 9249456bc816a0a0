"""Follow-up: which rounds are linked, and which actions are one action carried on.

A follow-up round names the round it follows (``previous_round_id``); a carried action
names the action it continues (``carried_from_id``). Both form chains. Trends compare
only the rounds of one chain, and a carried action is shown once, with the history of
every round it passed through.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from typing import Protocol, TypeVar


def chains(previous_of: Mapping[Hashable, Hashable | None]) -> list[list[Hashable]]:
    """Split items into chains, each ordered from the first to the latest.

    ``previous_of`` maps each item to the item it follows (``None``, or an item not in
    the mapping, starts a chain). When two items follow the same one, only the first
    given continues that chain; the other starts its own. Chains are returned in the
    order their first item was given.
    """
    items = list(previous_of)
    known = set(items)
    follower: dict[Hashable, Hashable] = {}
    starts: list[Hashable] = []
    for item in items:
        previous = previous_of[item]
        if previous is None or previous not in known or previous in follower or previous == item:
            starts.append(item)
        else:
            follower[previous] = item
    result, seen = [], set()
    for start in starts:
        chain = [start]
        seen.add(start)
        while chain[-1] in follower and follower[chain[-1]] not in seen:
            chain.append(follower[chain[-1]])
            seen.add(chain[-1])
        result.append(chain)
    # A cycle has no start: each cycle left over becomes one chain, in the given order.
    for item in items:
        if item not in seen:
            chain = [item]
            seen.add(item)
            while chain[-1] in follower and follower[chain[-1]] not in seen:
                chain.append(follower[chain[-1]])
                seen.add(chain[-1])
            result.append(chain)
    return result


class Carried(Protocol):
    id: Hashable
    carried_from_id: Hashable | None


A = TypeVar("A", bound=Carried)


def action_chains(actions: Iterable[A]) -> list[list[A]]:
    """Actions grouped into one list per action carried across rounds, oldest first.

    An action whose ``carried_from_id`` is not among ``actions`` (e.g. its round is
    not public) starts its own chain. Chains keep the order of their first action.
    """
    actions = list(actions)
    by_id = {a.id: a for a in actions}
    linked = chains({a.id: a.carried_from_id for a in actions})
    return [[by_id[i] for i in chain] for chain in linked]
