"""RGPD: reporters' personal data is kept for the organization's retention period after closure, then erased."""


def anonymise_expired(now=None, organizations=None):
    """Erase the personal data of the reports ended longer ago than their organization's retention period."""
    return 0
