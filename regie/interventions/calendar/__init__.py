"""The planning calendar (FullCalendar), its JSON endpoints, and the iCalendar (RFC 5545) subscription feeds.

Times: the browser calendar shows the organization's wall-clock time (settings.TIME_ZONE, Europe/Paris). FullCalendar
has no time-zone engine without an extra plugin, so both directions speak *naive* wall-clock ISO strings in that
zone ("2026-11-24T09:00:00"); the server converts them, and offsets are accepted too. The feeds speak UTC.

The iCalendar feed is public on purpose (calendar clients cannot sign in): its secret token is the only
credential, and the view reads nothing but the organization of the token's `CalendarFeed`.

One module per responsibility: `page` (the FullCalendar page), `resources` and `board` (the dispatchers' resource
view: teams or agents as rows, and its move endpoint), `checks` (what a move asks to confirm), `endpoints` (its
JSON endpoints: events, rescheduling through `services.reschedule_work_order`, the one rescheduling rule the API
uses too; the month view's counts per day), `moments` (wall-clock times), `subscriptions` (managing the feed
links), `ical` (the public feed and its work orders).
"""

from .endpoints import MAX_EVENTS, MAX_RANGE, EventsView, JSONViewMixin, RescheduleView, event_json, json_error
from .ical import (
    CALENDAR_STATES,
    FEED_FUTURE,
    FEED_MAX_EVENTS,
    FEED_PAST,
    ICalFeedView,
    describe,
    feed_language,
    feed_work_orders,
    render_feed,
)
from .moments import parse_id, parse_moment, wall_clock
from .page import FC_LOCALES, VIEWS, PlanningView
from .resources import MoveView, ResourceView
from .subscriptions import FeedListView, feed_url

__all__ = [
    "CALENDAR_STATES",
    "FC_LOCALES",
    "FEED_FUTURE",
    "FEED_MAX_EVENTS",
    "FEED_PAST",
    "MAX_EVENTS",
    "MAX_RANGE",
    "VIEWS",
    "EventsView",
    "FeedListView",
    "ICalFeedView",
    "JSONViewMixin",
    "MoveView",
    "PlanningView",
    "RescheduleView",
    "ResourceView",
    "describe",
    "event_json",
    "feed_language",
    "feed_url",
    "feed_work_orders",
    "json_error",
    "parse_id",
    "parse_moment",
    "render_feed",
    "wall_clock",
]
