"""The attachments' actions in the permission matrix: every role, because the parent record decides who sees and
adds files (regie.attachments.registry)."""

from regie.core.permissions import EVERYONE

ACTIONS = {
    "attachment.view": EVERYONE,
    "attachment.add": EVERYONE,
}
