"""Use cases of the iCalendar subscription feeds: create, regenerate (new secret token), revoke.

The token is a credential: the audit trail says what happened to a feed, never its token.
"""

import secrets

from django.db import transaction
from django.utils.translation import gettext as _

from regie.core import audit
from regie.core.access import authorize
from regie.core.exceptions import Forbidden
from regie.core.permissions import can

from ..models import CalendarFeed


def new_token():
    return secrets.token_urlsafe(32)


def _record(feed, action, by, what):
    audit.record(feed, action=action, by=by, changes={"subscription link": [None, what]})


def feed_target_allowed(by, organization, *, team=None, agent=None):
    """Managers handle any team's or agent's feed; everyone else only the feed of their own agent profile."""
    membership = authorize(by, organization, "planning.view")
    if can(membership.role, "planning.manage") or (agent is not None and agent.user_id == by.pk):
        return
    raise Forbidden(_("You may only subscribe to your own planning."))


@transaction.atomic
def issue_feed(*, by, organization, team=None, agent=None):
    """The subscription feed of a team or an agent, created on first request (one per target)."""
    feed_target_allowed(by, organization, team=team, agent=agent)
    feed = CalendarFeed.objects.filter(organization=organization, team=team, agent=agent).first()
    if feed is None:
        feed = CalendarFeed.objects.create(organization=organization, team=team, agent=agent, token=new_token())
        _record(feed, audit.Action.CREATE, by, "created")
    return feed


@transaction.atomic
def regenerate_feed(feed, *, by):
    """A new secret token: the old subscription URL stops working at once."""
    feed_target_allowed(by, feed.organization, team=feed.team, agent=feed.agent)
    feed = CalendarFeed.objects.select_for_update().get(pk=feed.pk)
    feed.token = new_token()
    feed.save(update_fields=["token", "updated_at"])
    _record(feed, audit.Action.UPDATE, by, "regenerated")
    return feed


@transaction.atomic
def revoke_feed(feed, *, by):
    feed_target_allowed(by, feed.organization, team=feed.team, agent=feed.agent)
    _record(feed, audit.Action.ARCHIVE, by, "revoked")
    CalendarFeed.objects.filter(organization=feed.organization, team=feed.team, agent=feed.agent).delete()
