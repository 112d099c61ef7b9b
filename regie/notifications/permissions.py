"""The notification centre's action in the permission matrix: every member reads their own notifications."""

from regie.core.permissions import EVERYONE

ACTIONS = {"notification.view": EVERYONE}
