"""`{{ asset|asset_page }}`: the URL of an asset's page in the registry."""

from django import template
from django.urls import reverse

register = template.Library()


@register.filter
def asset_page(asset):
    return "" if asset is None else reverse("assets:asset-detail", args=[asset.pk])
