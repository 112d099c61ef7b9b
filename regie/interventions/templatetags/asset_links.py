"""`{{ asset|asset_page }}`: the URL of an asset's page in the registry (empty while the registry has none)."""

from django import template
from django.urls import NoReverseMatch, reverse

register = template.Library()

PAGE_NAMES = ("assets:asset-detail", "assets:detail")


@register.filter
def asset_page(asset):
    if asset is None:
        return ""
    for name in PAGE_NAMES:
        try:
            return reverse(name, args=[asset.pk])
        except NoReverseMatch:
            continue
    return ""
