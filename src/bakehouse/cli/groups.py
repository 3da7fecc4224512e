"""Command groups shared by several areas' modules.

``bakehouse event …`` holds commands from planning (``needs``, ``list``) and from
production (``progress``, ``costs``); whichever module registers first creates the
group, and every later one adds to the same group.
"""

from __future__ import annotations

import typer

# id(app) → (app, its event group). The app is kept to tell a reused id from the same app.
_EVENT_GROUPS: dict[int, tuple[typer.Typer, typer.Typer]] = {}


def event_group(app: typer.Typer) -> typer.Typer:
    """The ``event`` sub-command group of ``app``, created and added to it only once."""
    known = _EVENT_GROUPS.get(id(app))
    if known is not None and known[0] is app:
        return known[1]
    group = typer.Typer(
        help="Events: what they need, how far along they are, what they cost.",
        no_args_is_help=True,
    )
    app.add_typer(group, name="event")
    _EVENT_GROUPS[id(app)] = (app, group)
    return group
