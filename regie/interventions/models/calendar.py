"""Calendar subscriptions (iCalendar feeds) of a team's or an agent's planned work."""

from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from regie.core.models import TenantModel
from regie.people.models import Agent, Team


class CalendarFeed(TenantModel):
    """A secret iCalendar subscription URL for a team's or an agent's planned work orders."""

    team = models.ForeignKey(Team, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    agent = models.ForeignKey(Agent, on_delete=models.CASCADE, null=True, blank=True, related_name="+")
    token = models.CharField(max_length=64, unique=True, editable=False)

    class Meta:
        verbose_name = _("calendar feed")
        verbose_name_plural = _("calendar feeds")
        constraints = [
            models.CheckConstraint(
                condition=Q(team__isnull=False) ^ Q(agent__isnull=False), name="calendarfeed_one_target"
            ),
        ]

    def __str__(self):
        return str(self.team or self.agent)
